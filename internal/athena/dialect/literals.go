package dialect

import (
	"fmt"
	"strconv"
	"strings"
)

// numberLiteral: Athena reads a literal with a decimal point as DOUBLE,
// where DuckDB would make it DECIMAL.
func numberLiteral(s string) string {
	if strings.ContainsAny(s, "eE") || !strings.Contains(s, ".") {
		return s
	}
	return "CAST(" + s + " AS DOUBLE)"
}

// stringLiteral renders a string token: plain, X'hex' (varbinary) or
// U&'unicode escapes'.
func (t *translator) stringLiteral(tok Token) (string, error) {
	switch tok.Text[0] {
	case 'x', 'X':
		hex := tok.Value()
		for _, c := range hex {
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return "", syntaxErrorAt(t.sql, tok.Pos, "Binary literal can only contain hexadecimal digits")
			}
		}
		if len(hex)%2 != 0 {
			return "", syntaxErrorAt(t.sql, tok.Pos, "Binary literal must contain an even number of digits")
		}
		return "unhex(" + sqlString(hex) + ")", nil
	case 'u', 'U':
		s, err := unicodeUnescape(tok.Value())
		if err != nil {
			return "", syntaxErrorAt(t.sql, tok.Pos, "%s", err.Error())
		}
		return sqlString(s), nil
	}
	return sqlString(tok.Value()), nil
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// unicodeUnescape decodes \XXXX and \+XXXXXX escapes of a U&” literal.
func unicodeUnescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			b.WriteByte('\\')
			i++
			continue
		}
		n, start := 4, i+1
		if start < len(s) && s[start] == '+' {
			n, start = 6, start+1
		}
		if start+n > len(s) {
			return "", fmt.Errorf("Incomplete escape sequence: %s", s[i:])
		}
		r, err := strconv.ParseUint(s[start:start+n], 16, 32)
		if err != nil {
			return "", fmt.Errorf("Invalid hexadecimal digit: %s", s[start:start+n])
		}
		b.WriteRune(rune(r))
		i = start + n - 1
	}
	return b.String(), nil
}

// typedLiteral lists the type names that may prefix a string literal.
var typedLiteral = map[string]bool{
	"date": true, "time": true, "timestamp": true, "decimal": true, "real": true, "double": true,
	"bigint": true, "integer": true, "int": true, "smallint": true, "tinyint": true, "varchar": true,
	"char": true, "json": true, "boolean": true, "varbinary": true, "uuid": true,
}

// typedLiteral renders TYPE 'text' as a cast.
func (t *translator) typedLiteral(typ string, lit Token) (string, error) {
	v := lit.Value()
	switch typ {
	case "timestamp":
		if hasZone(v) {
			return "CAST(" + sqlString(v) + " AS TIMESTAMPTZ)", nil
		}
		return "CAST(" + sqlString(v) + " AS TIMESTAMP)", nil
	case "decimal":
		p, s := decimalShape(v)
		return fmt.Sprintf("CAST(%s AS DECIMAL(%d,%d))", sqlString(v), p, s), nil
	case "varbinary":
		return "encode(" + sqlString(v) + ")", nil
	case "json":
		return "json(" + sqlString(v) + ")", nil
	}
	dt, err := TrinoType(typ)
	if err != nil {
		return "", err
	}
	return "CAST(" + sqlString(v) + " AS " + dt + ")", nil
}

// hasZone reports whether a timestamp literal carries a zone
// ("2024-01-01 00:00:00 UTC", "...+02:00", "...Z").
func hasZone(v string) bool {
	v = strings.TrimSpace(v)
	if i := strings.LastIndexByte(v, ' '); i > 0 && i > strings.IndexByte(v, ':') && strings.IndexByte(v, ':') > 0 {
		return true
	}
	if strings.HasSuffix(v, "Z") {
		return true
	}
	if len(v) > 10 {
		tail := v[10:]
		return strings.ContainsAny(tail, "+") || strings.Count(tail, "-") > 0
	}
	return false
}

// decimalShape is the precision and scale Trino gives DECIMAL 'text'.
func decimalShape(v string) (int, int) {
	v = strings.TrimLeft(strings.TrimSpace(v), "+-")
	whole, frac, _ := strings.Cut(v, ".")
	whole = strings.TrimLeft(whole, "0")
	p := len(whole) + len(frac)
	if p == 0 {
		p = 1
	}
	return p, len(frac)
}

// cast translates CAST(x AS type) and TRY_CAST(x AS type).
func (t *translator) cast(fn string, g *Node, out *frag) error {
	as := -1
	for k, n := range g.Kids {
		if n.Is("as") {
			as = k
		}
	}
	if as <= 0 || as == len(g.Kids)-1 {
		return t.mismatched(g.Kids, len(g.Kids))
	}
	x, err := t.expr(g.Kids[:as])
	if err != nil {
		return err
	}
	typ, err := TrinoType(Text(g.Kids[as+1:]))
	if err != nil {
		return &Error{Code: "TYPE_NOT_FOUND", Pos: g.Kids[as+1].Tok.Pos, Message: lineCol(t.sql, g.Kids[as+1].Tok.Pos) + err.Error()}
	}
	out.tok(strings.ToUpper(fn)+"(", g.Tok.Pos)
	out.add(x)
	out.raw(" AS " + typ + ")")
	return nil
}

// extractFields maps Trino's EXTRACT fields to DuckDB's.
var extractFields = map[string]string{
	"year": "year", "quarter": "quarter", "month": "month", "week": "week", "day": "day",
	"day_of_month": "day", "day_of_week": "isodow", "dow": "isodow", "day_of_year": "doy",
	"doy": "doy", "year_of_week": "isoyear", "yow": "isoyear", "hour": "hour", "minute": "minute",
	"second": "second", "timezone_hour": "timezone_hour", "timezone_minute": "timezone_minute",
}

// extract translates EXTRACT(field FROM x).
func (t *translator) extract(g *Node, out *frag) error {
	if len(g.Kids) < 3 || !g.Kids[0].IsIdent() || !g.Kids[1].Is("from") {
		return t.mismatched(g.Kids, 0)
	}
	field, ok := extractFields[strings.ToLower(g.Kids[0].Tok.Value())]
	if !ok {
		p := g.Kids[0].Tok.Pos
		return &Error{Code: "INVALID_FUNCTION_ARGUMENT", Pos: p, Message: lineCol(t.sql, p) + "Invalid EXTRACT field: " + g.Kids[0].Tok.Text}
	}
	x, err := t.expr(g.Kids[2:])
	if err != nil {
		return err
	}
	out.tok("extract("+field+" from", g.Tok.Pos)
	out.add(x)
	out.raw(")")
	return nil
}
