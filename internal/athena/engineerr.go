package athena

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// translated ties DuckDB text to the statement it came from, to report
// DuckDB's error positions against what the caller wrote.
type translated struct {
	orig string
	tr   *dialect.Translation
}

var (
	reColumnNotFound = regexp.MustCompile(`Referenced column "([^"]+)" not found`)
	reNoColumn       = regexp.MustCompile(`does not have a column named "([^"]+)"`)
	reNoFunction     = regexp.MustCompile(`Function with name "?([^" ]+)"? does not exist`)
	reNotAggregate   = regexp.MustCompile(`column "([^"]+)" must appear in the GROUP BY clause`)
	reCast           = regexp.MustCompile(`Could not convert string '([^']*)' to (\w+)`)
	reCompare        = regexp.MustCompile(`Cannot compare values of type (\w+) and type (\w+)`)
)

// engineError turns a DuckDB error into Athena's failure reason: an error
// name (COLUMN_NOT_FOUND, TYPE_MISMATCH, ...) and a message located at the
// caller's text when DuckDB pointed somewhere.
func engineError(ee *sqlengine.Error, runSQL string, t *translated) *queryError {
	loc := ""
	if t != nil {
		// The statement DuckDB ran may wrap the translation (DESCRIBE,
		// casts, COPY): positions count from where the translation starts.
		base := strings.Index(runSQL, t.tr.SQL)
		if off := ee.Locate(runSQL) - base; base >= 0 && off >= 0 && off < len(t.tr.SQL) {
			loc = lineCol(t.orig, t.tr.Original(off))
		}
	}
	user := func(name, format string, args ...any) *queryError {
		return &queryError{Name: name, Message: loc + fmt.Sprintf(format, args...), Category: categoryUser, Type: typeUser}
	}
	data := func(name, format string, args ...any) *queryError {
		return &queryError{Name: name, Message: fmt.Sprintf(format, args...), Category: categoryUser, Type: typeData}
	}
	msg := ee.Message
	switch kind := ee.Kind; {
	case reColumnNotFound.MatchString(msg):
		col := reColumnNotFound.FindStringSubmatch(msg)[1]
		return user("COLUMN_NOT_FOUND", "Column '%s' cannot be resolved or requester is not authorized to access requested resources", trimQualifier(col))
	case reNoColumn.MatchString(msg):
		col := reNoColumn.FindStringSubmatch(msg)[1]
		return user("COLUMN_NOT_FOUND", "Column '%s' cannot be resolved or requester is not authorized to access requested resources", col)
	case reNoFunction.MatchString(msg):
		return user("FUNCTION_NOT_FOUND", "Function '%s' not registered", reNoFunction.FindStringSubmatch(msg)[1])
	case strings.Contains(msg, "No function matches the given name and argument types"):
		return user("FUNCTION_NOT_FOUND", "Unexpected parameters for function: %s", firstLine(msg))
	case reNotAggregate.MatchString(msg):
		return user("EXPRESSION_NOT_AGGREGATE", "'%s' must be an aggregate expression or appear in GROUP BY clause", reNotAggregate.FindStringSubmatch(msg)[1])
	case reCompare.MatchString(msg):
		m := reCompare.FindStringSubmatch(msg)
		return user("TYPE_MISMATCH", "Cannot apply operator: %s = %s", strings.ToLower(m[1]), strings.ToLower(m[2]))
	case reCast.MatchString(msg):
		m := reCast.FindStringSubmatch(msg)
		return data("INVALID_CAST_ARGUMENT", "Cannot cast '%s' to %s", m[1], strings.ToLower(m[2]))
	case kind == "Binder", kind == "Catalog":
		return user("SYNTAX_ERROR", "%s", msg)
	case kind == "Parser":
		return user("SYNTAX_ERROR", "%s", msg)
	case kind == "Divide by Zero" || strings.Contains(msg, "Division by zero"):
		return data("DIVISION_BY_ZERO", "Division by zero")
	case kind == "Conversion":
		return data("INVALID_CAST_ARGUMENT", "%s", msg)
	case kind == "Out of Range":
		return data("NUMERIC_VALUE_OUT_OF_RANGE", "%s", msg)
	case kind == "Out of Memory":
		return &queryError{Name: "EXCEEDED_MEMORY_LIMIT", Message: "Query exhausted resources at this scale factor: " + msg, Category: categorySystem, Type: 0}
	case kind == "IO":
		return data("HIVE_CANNOT_OPEN_SPLIT", "%s", msg)
	case kind == "Invalid Input":
		return data("HIVE_BAD_DATA", "%s", msg)
	}
	return &queryError{Name: "GENERIC_INTERNAL_ERROR", Message: msg, Category: categorySystem, Type: typeEngine}
}

func trimQualifier(col string) string {
	if i := strings.LastIndexByte(col, '.'); i >= 0 {
		return col[i+1:]
	}
	return col
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
