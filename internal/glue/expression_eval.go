package glue

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// keyType is how values of a partition key compare.
type keyType int

const (
	typeString keyType = iota
	typeInteger
	typeDecimal
	typeDate
	typeTimestamp
)

// hiveDefaultPartition is the value Hive and Glue use for a NULL partition value.
const hiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__"

// parseKeyType maps a Glue column type to how the expression compares it.
// Types other than the ones Glue documents for partition filtering are refused.
func parseKeyType(t string) (keyType, bool) {
	t = strings.ToLower(strings.TrimSpace(t))
	base, _, _ := strings.Cut(t, "(")
	switch strings.TrimSpace(base) {
	case "", "string", "varchar", "char":
		return typeString, true
	case "int", "integer", "bigint", "long", "tinyint", "smallint":
		return typeInteger, true
	case "decimal":
		return typeDecimal, true
	case "date":
		return typeDate, true
	case "timestamp":
		return typeTimestamp, true
	}
	return typeString, false
}

// value is one typed value in a comparison; null is SQL NULL (or a value
// that does not parse as its key's type).
type value struct {
	null bool
	s    string
	i    int64    // typeInteger
	num  *big.Rat // typeDecimal
	t    time.Time
}

// partitionRow is the partition an expression is evaluated against.
type partitionRow struct {
	values []string
	keys   []awsglue.Column
}

// operandType is the comparison type of a predicate: the type of the
// partition key it names. Literal-only predicates compare numerically when
// every literal is a number, else as strings.
func (p *parser) operandType(ops ...operand) (keyType, error) {
	for _, o := range ops {
		if o.key < 0 {
			continue
		}
		k := p.keys[o.key]
		typ, ok := parseKeyType(k.Type)
		if !ok {
			return 0, &invalidKeyError{msg: "Unsupported partition key type " + k.Type + " for key " + k.Name + " in expression."}
		}
		return typ, checkLiterals(typ, ops)
	}
	for _, o := range ops {
		if o.kind != tokNumber && !o.isNull {
			return typeString, nil
		}
	}
	return typeDecimal, nil
}

// checkLiterals refuses literals that cannot be values of typ.
func checkLiterals(typ keyType, ops []operand) error {
	for _, o := range ops {
		if o.key >= 0 || o.isNull {
			continue
		}
		if convert(typ, o.literal).null {
			return &invalidKeyError{msg: "Unable to convert '" + o.literal + "' to the partition key type."}
		}
	}
	return nil
}

// convert parses s as a value of typ.
func convert(typ keyType, s string) value {
	switch typ {
	case typeInteger:
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return value{null: true}
		}
		return value{i: i}
	case typeDecimal:
		r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		if !ok {
			return value{null: true}
		}
		return value{num: r}
	case typeDate:
		t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
		if err != nil {
			return value{null: true}
		}
		return value{t: t}
	case typeTimestamp:
		return parseTimestampValue(s)
	}
	return value{s: s}
}

var timestampLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseTimestampValue(s string) value {
	s = strings.TrimSpace(s)
	for _, l := range timestampLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return value{t: t}
		}
	}
	return value{null: true}
}

// bind converts a literal operand to typ ahead of evaluation.
func (o operand) bind(typ keyType) operand {
	if o.key < 0 && !o.isNull {
		v := convert(typ, o.literal)
		o.val = &v
	}
	return o
}

// resolve returns the value of an operand for a partition.
func (o operand) resolve(typ keyType, row *partitionRow) value {
	if o.isNull {
		return value{null: true}
	}
	if o.val != nil {
		return *o.val
	}
	if o.key < 0 {
		return convert(typ, o.literal)
	}
	if o.key >= len(row.values) || row.values[o.key] == hiveDefaultPartition {
		return value{null: true}
	}
	return convert(typ, row.values[o.key])
}

// text returns the raw text of an operand (for LIKE); ok is false for NULL.
func (o operand) text(row *partitionRow) (string, bool) {
	if o.isNull {
		return "", false
	}
	if o.key < 0 {
		return o.literal, true
	}
	if o.key >= len(row.values) || row.values[o.key] == hiveDefaultPartition {
		return "", false
	}
	return row.values[o.key], true
}

func compareValues(typ keyType, a, b value) int {
	switch typ {
	case typeInteger:
		return cmpInt(a.i, b.i)
	case typeDecimal:
		return a.num.Cmp(b.num)
	case typeDate, typeTimestamp:
		return a.t.Compare(b.t)
	}
	return strings.Compare(a.s, b.s)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func truth(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (n constNode) eval(*partitionRow) int { return n.v }

func (n andNode) eval(p *partitionRow) int {
	l := n.l.eval(p)
	if l == 0 {
		return 0
	}
	r := n.r.eval(p)
	switch {
	case r == 0:
		return 0
	case l == 1 && r == 1:
		return 1
	}
	return -1
}

func (n orNode) eval(p *partitionRow) int {
	l := n.l.eval(p)
	if l == 1 {
		return 1
	}
	r := n.r.eval(p)
	switch {
	case r == 1:
		return 1
	case l == 0 && r == 0:
		return 0
	}
	return -1
}

func (n notNode) eval(p *partitionRow) int {
	v := n.x.eval(p)
	if v < 0 {
		return v
	}
	return 1 - v
}

func (n compareNode) eval(p *partitionRow) int {
	a, b := n.l.resolve(n.typ, p), n.r.resolve(n.typ, p)
	if a.null || b.null {
		return -1
	}
	c := compareValues(n.typ, a, b)
	switch n.op {
	case "=":
		return truth(c == 0)
	case "<>":
		return truth(c != 0)
	case "<":
		return truth(c < 0)
	case "<=":
		return truth(c <= 0)
	case ">":
		return truth(c > 0)
	case ">=":
		return truth(c >= 0)
	}
	return -1
}

func negate(v int, not bool) int {
	if v < 0 || !not {
		return v
	}
	return 1 - v
}

func (n betweenNode) eval(p *partitionRow) int {
	x, lo, hi := n.x.resolve(n.typ, p), n.lo.resolve(n.typ, p), n.hi.resolve(n.typ, p)
	if x.null || lo.null || hi.null {
		return -1
	}
	in := compareValues(n.typ, x, lo) >= 0 && compareValues(n.typ, x, hi) <= 0
	return negate(truth(in), n.not)
}

func (n inNode) eval(p *partitionRow) int {
	x := n.x.resolve(n.typ, p)
	if x.null {
		return -1
	}
	result := 0
	for _, o := range n.list {
		v := o.resolve(n.typ, p)
		if v.null {
			result = -1
			continue
		}
		if compareValues(n.typ, x, v) == 0 {
			return negate(1, n.not)
		}
	}
	return negate(result, n.not)
}

func (n likeNode) eval(p *partitionRow) int {
	s, ok := n.x.text(p)
	if !ok {
		return -1
	}
	return negate(truth(n.match(s)), n.not)
}

func (n isNullNode) eval(p *partitionRow) int {
	_, ok := n.x.text(p)
	return negate(truth(!ok), n.not)
}

// compileLike turns a SQL LIKE pattern ('%' any run, '_' one character,
// escape making the next character literal) into a matcher.
func compileLike(pattern string, escape rune) func(string) bool {
	var b strings.Builder
	b.WriteString("(?s)^")
	runes := []rune(pattern)
	for i := 0; i < len(runes); i++ {
		ch := runes[i]
		switch {
		case escape != 0 && ch == escape && i+1 < len(runes):
			i++
			b.WriteString(regexp.QuoteMeta(string(runes[i])))
		case ch == '%':
			b.WriteString(".*")
		case ch == '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return func(string) bool { return false }
	}
	return re.MatchString
}
