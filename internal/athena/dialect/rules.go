package dialect

import (
	"fmt"
	"regexp"
	"strings"
)

func randomRule(c *call) (*frag, error) {
	if len(c.args) == 0 {
		return fragOf("random()"), nil
	}
	return expand("CAST(floor(random() * {0}) AS BIGINT)", c.args), nil
}

// nullIfAnyNull wraps greatest/least: DuckDB skips NULL arguments where
// Trino returns NULL.
func nullIfAnyNull(fn string) func(c *call) (*frag, error) {
	return func(c *call) (*frag, error) {
		var cond []string
		for k := range c.args {
			cond = append(cond, fmt.Sprintf("{%d} IS NULL", k))
		}
		return expand("CASE WHEN "+strings.Join(cond, " OR ")+" THEN NULL ELSE "+fn+"({*}) END", c.args), nil
	}
}

func replaceRule(c *call) (*frag, error) {
	if len(c.args) == 2 {
		return expand("replace({0}, {1}, '')", c.args), nil
	}
	return expand("replace({0}, {1}, {2})", c.args), nil
}

func concatRule(c *call) (*frag, error) {
	var parts []string
	for k := range c.args {
		parts = append(parts, fmt.Sprintf("{%d}", k))
	}
	return expand("("+strings.Join(parts, " || ")+")", c.args), nil
}

func ifRule(c *call) (*frag, error) {
	if len(c.args) == 2 {
		return expand("CASE WHEN {0} THEN {1} END", c.args), nil
	}
	return expand("CASE WHEN {0} THEN {1} ELSE {2} END", c.args), nil
}

func regexpExtractRule(c *call) (*frag, error) {
	if len(c.args) == 2 {
		return expand("CASE WHEN regexp_matches({0}, {1}) THEN regexp_extract({0}, {1}) END", c.args), nil
	}
	return expand("CASE WHEN regexp_matches({0}, {1}) THEN regexp_extract({0}, {1}, {2}) END", c.args), nil
}

var javaGroupRef = regexp.MustCompile(`\\\$|\$(\d+)|\\`)

func regexpReplaceRule(c *call) (*frag, error) {
	if len(c.args) == 2 {
		return expand("regexp_replace({0}, {1}, '', 'g')", c.args), nil
	}
	repl, ok := c.literal(2)
	if !ok {
		return nil, c.errorf("NOT_SUPPORTED", "regexp_replace replacement must be a string literal in nubo")
	}
	// Java's "$1" and "\$" become RE2's "\1" and "$"; a lone backslash is
	// escaped.
	converted := javaGroupRef.ReplaceAllStringFunc(repl, func(m string) string {
		switch {
		case m == `\$`:
			return "$"
		case m == `\`:
			return `\\`
		}
		return `\` + m[1:]
	})
	args := []*frag{c.args[0], c.args[1], fragOf(sqlString(converted))}
	return expand("regexp_replace({0}, {1}, {2}, 'g')", args), nil
}

// formatRule maps Trino's format() onto printf for the conversions both
// read alike.
var javaFormatSpec = regexp.MustCompile(`%(-?\d*(\.\d+)?)([a-zA-Z%])`)

func formatRule(c *call) (*frag, error) {
	f, ok := c.literal(0)
	if !ok {
		return nil, c.errorf("NOT_SUPPORTED", "format() needs a literal format string in nubo")
	}
	for _, m := range javaFormatSpec.FindAllStringSubmatch(f, -1) {
		if !strings.Contains("sdf%", m[3]) {
			return nil, c.errorf("NOT_SUPPORTED", "format() conversion %%%s is not supported by nubo", m[3])
		}
	}
	return expand("printf({*})", c.args), nil
}

var dateUnits = map[string]string{
	"millisecond": "to_milliseconds(CAST({1} AS BIGINT))", "second": "to_seconds(CAST({1} AS BIGINT))",
	"minute": "to_minutes(CAST({1} AS BIGINT))", "hour": "to_hours(CAST({1} AS BIGINT))",
	"day": "to_days(CAST({1} AS INTEGER))", "week": "to_weeks(CAST({1} AS INTEGER))",
	"month": "to_months(CAST({1} AS INTEGER))", "quarter": "to_quarters(CAST({1} AS INTEGER))",
	"year": "to_years(CAST({1} AS INTEGER))",
}

// dateAddRule keeps the type of the date or timestamp argument, as Trino
// does (DuckDB's DATE + INTERVAL is a TIMESTAMP).
func dateAddRule(c *call) (*frag, error) {
	unit, ok := c.literal(0)
	if !ok {
		return nil, c.errorf("NOT_SUPPORTED", "date_add unit must be a string literal in nubo")
	}
	iv, ok := dateUnits[strings.ToLower(unit)]
	if !ok {
		return nil, c.errorf("INVALID_FUNCTION_ARGUMENT", "'%s' is not a valid Timestamp field", unit)
	}
	return expand("cast_to_type({2} + "+iv+", {2})", c.args), nil
}

// formatRuleFor translates a date format function whose format argument
// is converted by conv.
func formatRuleFor(fn string, conv func(string) (string, error)) func(c *call) (*frag, error) {
	return func(c *call) (*frag, error) {
		f, ok := c.literal(1)
		if !ok {
			return nil, c.errorf("NOT_SUPPORTED", "%s format must be a string literal in nubo", c.name)
		}
		df, err := conv(f)
		if err != nil {
			return nil, c.errorf("INVALID_FUNCTION_ARGUMENT", "%s", err.Error())
		}
		return expand(fn+"({0}, "+sqlString(df)+")", c.args), nil
	}
}

func parseDatetimeRule(c *call) (*frag, error) {
	f, err := formatRuleFor("strptime", jodaFormat)(c)
	if err != nil {
		return nil, err
	}
	out := fragOf("CAST(")
	out.add(f)
	out.rawNoSpace(" AS TIMESTAMPTZ)")
	return out, nil
}

// reduceRule: reduce(array, initial, (s, x) -> ..., s -> s).
func reduceRule(c *call) (*frag, error) {
	out := c.raw[3]
	identity := len(out) == 3 && out[0].IsIdent() && out[1].Is("->") && out[2].IsIdent() &&
		strings.EqualFold(out[0].Tok.Value(), out[2].Tok.Value())
	if !identity {
		return nil, c.errorf("NOT_SUPPORTED", "reduce with an output function other than the identity is not supported by nubo")
	}
	return expand("list_reduce({0}, {2}, {1})", c.args), nil
}

// approxPercentileRule passes the percentile(s) as FLOAT, which is what
// DuckDB's approx_quantile takes.
func approxPercentileRule(c *call) (*frag, error) {
	if len(c.raw[1]) > 0 && c.raw[1][0].Is("array") {
		return expand("approx_quantile({0}, CAST({1} AS FLOAT[]))", c.args), nil
	}
	return expand("approx_quantile({0}, CAST({1} AS FLOAT))", c.args), nil
}
