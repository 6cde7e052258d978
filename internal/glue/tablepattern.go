package glue

import (
	"regexp"
	"strings"
)

// compileTablePattern turns the Expression of GetTables (and GetDatabases'
// Hive heritage) into a matcher. Glue documents it as a regular expression;
// like the Hive metastore it also accepts '*' as a wildcard on its own and
// '|' between alternatives. Names are compared case-insensitively, since
// Glue stores them lower-cased.
func compileTablePattern(expr string) (func(string) bool, error) {
	if expr == "" {
		return func(string) bool { return true }, nil
	}
	var alts []string
	for _, alt := range strings.Split(expr, "|") {
		alts = append(alts, starToRegexp(strings.TrimSpace(alt)))
	}
	re, err := regexp.Compile("(?i)^(?:" + strings.Join(alts, "|") + ")$")
	if err != nil {
		return nil, errInvalid("Invalid table name pattern: %s", expr)
	}
	return re.MatchString, nil
}

// starToRegexp rewrites a lone '*' (one not already following '.', ')' or
// ']' as a quantifier) into '.*'.
func starToRegexp(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '*' && (i == 0 || !strings.ContainsRune(".)]\\", rune(p[i-1]))) {
			b.WriteString(".*")
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}
