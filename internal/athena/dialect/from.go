package dialect

import (
	"fmt"
	"strings"
)

// tableItem translates one item of a FROM clause starting at i: a catalog
// table, a CTE, a subquery, a parenthesized join, LATERAL or UNNEST.
func (t *translator) tableItem(nodes []*Node, i int, out *frag, sc *scope) (int, error) {
	n := nodes[i]
	sc.from = fromAfter
	switch {
	case n.IsParen():
		inner := &frag{}
		isc := &scope{}
		if len(n.Kids) > 0 && !(n.Kids[0].Is("select") || n.Kids[0].Is("with") || n.Kids[0].Is("values") || n.Kids[0].IsParen()) {
			isc.from, isc.query = fromExpect, true // a parenthesized join: (a JOIN b ON ...)
		}
		if err := t.seq(n.Kids, inner, isc); err != nil {
			return 0, err
		}
		out.tok("(", n.Tok.Pos)
		out.add(inner)
		out.tok(")", n.Close.Pos)
		return 1, nil
	case n.Is("lateral") && i+1 < len(nodes) && nodes[i+1].IsParen():
		out.tok("lateral", n.Tok.Pos)
		sc.from = fromExpect
		k, err := t.tableItem(nodes, i+1, out, sc)
		return k + 1, err
	case n.Is("unnest") && i+1 < len(nodes) && nodes[i+1].IsParen():
		return t.unnest(nodes, i, out)
	case n.IsIdent():
		return t.tableName(nodes, i, out)
	}
	return 0, t.mismatched(nodes, i)
}

// tableName translates a (possibly qualified) table name.
func (t *translator) tableName(nodes []*Node, i int, out *frag) (int, error) {
	var parts []string
	j := i
	for j < len(nodes) && nodes[j].IsIdent() {
		if nodes[j].Tok.Kind == BackquotedIdent {
			return 0, syntaxErrorAt(t.sql, nodes[j].Tok.Pos, "backquoted identifiers are not supported; use double quotes to quote identifiers")
		}
		parts = append(parts, strings.ToLower(nodes[j].Tok.Value()))
		j++
		if j+1 < len(nodes) && nodes[j].Is(".") && nodes[j+1].IsIdent() {
			j++
			continue
		}
		break
	}
	pos := nodes[i].Tok.Pos
	if j < len(nodes) && nodes[j].IsParen() {
		return 0, &Error{Code: "NOT_SUPPORTED", Pos: pos,
			Message: lineCol(t.sql, pos) + fmt.Sprintf("Table function '%s' is not supported", strings.Join(parts, "."))}
	}
	if len(parts) > 3 {
		return 0, &Error{Code: "SYNTAX_ERROR", Pos: pos, Message: lineCol(t.sql, pos) + "Too many dots in table name: " + strings.Join(parts, ".")}
	}
	if len(parts) == 1 && t.ctes[parts[0]] {
		out.tok(quoteIdent(parts[0]), pos)
		return j - i, nil
	}
	ref := TableRef{Parts: parts, Pos: pos}
	text, err := t.resolve(ref)
	if err != nil {
		return 0, err
	}
	t.tables = append(t.tables, ref)
	out.tok(text, pos)
	if !hasAlias(nodes, j) {
		out.raw("as " + quoteIdent(parts[len(parts)-1]))
	}
	return j - i, nil
}

// hasAlias reports whether a table alias follows at j.
func hasAlias(nodes []*Node, j int) bool {
	if j >= len(nodes) {
		return false
	}
	n := nodes[j]
	if n.Is("as") {
		return true
	}
	return n.IsIdent() && !(n.Tok.Kind == Ident && isKeyword(n.Tok.Value()) && !n.Is("row")) &&
		!n.Is("cross") && !n.Is("left") && !n.Is("right") && !n.Is("full") && !n.Is("inner") && !n.Is("natural")
}

// unnest translates UNNEST(a [, b ...]) [WITH ORDINALITY] [AS] t(x [, y ...]).
//
// One array and one column maps onto DuckDB's UNNEST directly. Several
// arrays are zipped (shorter ones padded with NULL) by a lateral subquery
// of unnest() calls, as Trino does; a single map with two columns becomes
// its keys and values. WITH ORDINALITY adds a 1-based position column.
func (t *translator) unnest(nodes []*Node, i int, out *frag) (int, error) {
	pos := nodes[i].Tok.Pos
	args := SplitCommas(nodes[i+1].Kids)
	j := i + 2
	ordinality := false
	if j+1 < len(nodes) && nodes[j].Is("with") && nodes[j+1].Is("ordinality") {
		ordinality = true
		j += 2
	}
	if j < len(nodes) && nodes[j].Is("as") {
		j++
	}
	alias := "__unnest"
	var cols []string
	if j < len(nodes) && nodes[j].IsIdent() && !isKeyword(nodes[j].Tok.Value()) {
		alias = strings.ToLower(nodes[j].Tok.Value())
		j++
		if j < len(nodes) && nodes[j].IsParen() {
			for _, c := range SplitCommas(nodes[j].Kids) {
				if len(c) != 1 || !c[0].IsIdent() {
					return 0, t.mismatched(nodes, j)
				}
				cols = append(cols, strings.ToLower(c[0].Tok.Value()))
			}
			j++
		}
	}
	exprs := make([]*frag, len(args))
	for k, a := range args {
		f, err := t.expr(a)
		if err != nil {
			return 0, err
		}
		exprs[k] = f
	}
	want := len(args)
	if ordinality {
		want++
	}
	if len(cols) == 0 {
		for k := 0; k < want; k++ {
			cols = append(cols, fmt.Sprintf("_col%d", k))
		}
	}
	quoted := make([]string, len(cols))
	for k, c := range cols {
		quoted[k] = quoteIdent(c)
	}
	aliasText := quoteIdent(alias) + "(" + strings.Join(quoted, ", ") + ")"
	if len(args) == 1 && len(cols) == want {
		out.tok("unnest(", pos)
		out.add(exprs[0])
		out.raw(")")
		if ordinality {
			out.raw("with ordinality")
		}
		out.raw("as " + aliasText)
		return j - i, nil
	}
	return j - i, t.unnestSubquery(exprs, cols, ordinality, aliasText, pos, out)
}

func (t *translator) unnestSubquery(exprs []*frag, cols []string, ordinality bool, aliasText string, pos int, out *frag) error {
	n := len(cols)
	if ordinality {
		n--
	}
	out.tok("(select", pos)
	switch {
	case len(exprs) == 1 && n == 2:
		// A map: its keys and values.
		out.raw("unnest(map_keys(")
		out.add(exprs[0])
		out.raw(")), unnest(map_values(")
		out.add(exprs[0])
		out.raw("))")
	case len(exprs) == n:
		for k, e := range exprs {
			if k > 0 {
				out.raw(",")
			}
			out.raw("unnest(")
			out.add(e)
			out.raw(")")
		}
	default:
		return &Error{Code: "NOT_SUPPORTED", Pos: pos, Message: lineCol(t.sql, pos) +
			fmt.Sprintf("UNNEST of %d expression(s) into %d column(s) is not supported by nubo (arrays of ROW are unnested into one ROW column)", len(exprs), len(cols))}
	}
	if ordinality {
		out.raw(", unnest(generate_series(1, greatest(")
		for k, e := range exprs {
			if k > 0 {
				out.raw(",")
			}
			out.raw("len(")
			if len(exprs) == 1 && n == 2 {
				out.raw("map_keys(")
				out.add(e)
				out.raw(")")
			} else {
				out.add(e)
			}
			out.raw(")")
		}
		out.raw(")))")
	}
	out.raw(") as " + aliasText)
	return nil
}
