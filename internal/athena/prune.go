package athena

import (
	"math/big"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
)

// hiveDefaultPartition is the value Hive writes for a NULL partition key.
const hiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__"

// allowed reports whether a partition's values can satisfy every predicate
// on partition keys. Values compare as numbers for numeric keys and as
// strings otherwise; a value that cannot be compared keeps the partition.
func allowed(keys []column, values []string, preds []dialect.Predicate) bool {
	for _, pr := range preds {
		for i, k := range keys {
			if k.Name != pr.Column || i >= len(values) {
				continue
			}
			if !satisfies(values[i], k, pr) {
				return false
			}
		}
	}
	return true
}

func satisfies(v string, k column, pr dialect.Predicate) bool {
	if v == hiveDefaultPartition {
		return false // NULL satisfies no comparison
	}
	cmp := func(lit string) (int, bool) { return compareValue(v, lit, k) }
	switch pr.Op {
	case "in":
		for _, lit := range pr.Values {
			if c, ok := cmp(lit); !ok || c == 0 {
				return true
			}
		}
		return false
	case "between":
		lo, ok1 := cmp(pr.Values[0])
		hi, ok2 := cmp(pr.Values[1])
		return !ok1 || !ok2 || (lo >= 0 && hi <= 0)
	}
	c, ok := cmp(pr.Values[0])
	if !ok {
		return true
	}
	switch pr.Op {
	case "=":
		return c == 0
	case "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return true
}

func numericType(duck string) bool {
	switch {
	case duck == "TINYINT", duck == "SMALLINT", duck == "INTEGER", duck == "BIGINT", duck == "FLOAT", duck == "DOUBLE",
		strings.HasPrefix(duck, "DECIMAL"):
		return true
	}
	return false
}

// compareValue compares a partition value with a literal under the key's type.
func compareValue(v, lit string, k column) (int, bool) {
	if numericType(k.DuckType) {
		a, ok1 := new(big.Rat).SetString(strings.TrimSpace(v))
		b, ok2 := new(big.Rat).SetString(strings.TrimSpace(lit))
		if !ok1 || !ok2 {
			return 0, false
		}
		return a.Cmp(b), true
	}
	return strings.Compare(v, lit), true
}
