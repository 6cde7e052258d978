package dialect

import (
	"fmt"
	"strings"
)

// selectList translates the outermost SELECT's items and names every
// unnamed expression "_colN" as Trino does.
func (t *translator) selectList(nodes []*Node, i int, out *frag) (int, error) {
	out.tok("select", nodes[i].Tok.Pos)
	j := i + 1
	if j < len(nodes) && (nodes[j].Is("distinct") || nodes[j].Is("all")) {
		out.tok(nodes[j].Tok.Value(), nodes[j].Tok.Pos)
		j++
	}
	end := j
	for end < len(nodes) {
		n := nodes[end]
		if !n.Group && n.Tok.Kind == Ident && clauseEnd[n.Tok.Value()] &&
			!(n.Is("from") && end > 0 && nodes[end-1].Is("distinct")) {
			break
		}
		end++
	}
	for k, item := range SplitCommas(nodes[j:end]) {
		if k > 0 {
			out.raw(",")
		}
		if len(item) == 0 {
			return 0, t.mismatched(nodes, end)
		}
		f, err := t.expr(item)
		if err != nil {
			return 0, err
		}
		out.add(f)
		if !hasName(item) {
			out.raw(fmt.Sprintf(`AS "_col%d"`, k))
		}
	}
	return end - i, nil
}

// hasName reports whether a select item names its column: an alias, a
// column reference, or a star.
func hasName(item []*Node) bool {
	n := len(item)
	last := item[n-1]
	if last.Is("*") {
		return true
	}
	if n >= 2 && item[n-2].Is("as") {
		return true
	}
	// A column reference: a.b.c
	chain := true
	for k, x := range item {
		if (k%2 == 0 && !x.IsIdent()) || (k%2 == 1 && !x.Is(".")) {
			chain = false
			break
		}
	}
	if chain && n%2 == 1 {
		return !(n == 1 && item[0].Tok.Kind == Ident && isKeyword(item[0].Tok.Value()))
	}
	// An implicit alias: "expr name".
	if n >= 2 && last.IsIdent() && !(last.Tok.Kind == Ident && isKeyword(last.Tok.Value())) {
		prev := item[n-2]
		if prev.Tok.Kind == Ident && !prev.Group && isKeyword(prev.Tok.Value()) && !endsExpr[prev.Tok.Value()] {
			return false
		}
		if prev.Is(".") || (!prev.Group && prev.Tok.Kind == Op && prev.Tok.Text != ")" && prev.Tok.Text != "]") {
			return false
		}
		if n >= 3 && item[n-3].Is("interval") {
			return false // INTERVAL '1' DAY
		}
		return true
	}
	return false
}

// values translates a VALUES list: Trino allows bare rows ("VALUES 1, 2"),
// DuckDB wants each row in parentheses.
func (t *translator) values(nodes []*Node, i int, out *frag) (int, error) {
	out.tok("values", nodes[i].Tok.Pos)
	end := i + 1
	for end < len(nodes) {
		n := nodes[end]
		if !n.Group && n.Tok.Kind == Ident && (clauseEnd[n.Tok.Value()] || n.Is("as")) {
			break
		}
		end++
	}
	for k, row := range SplitCommas(nodes[i+1 : end]) {
		if k > 0 {
			out.raw(",")
		}
		if len(row) == 0 {
			return 0, t.mismatched(nodes, end)
		}
		f, err := t.expr(row)
		if err != nil {
			return 0, err
		}
		if len(row) == 1 && row[0].IsParen() {
			out.add(f)
			continue
		}
		out.raw("(")
		out.add(f)
		out.raw(")")
	}
	return end - i, nil
}

// endsExpr are keywords that can end an expression, so an identifier after
// them is an implicit alias.
var endsExpr = map[string]bool{
	"end": true, "null": true, "true": true, "false": true, "current_date": true,
	"current_timestamp": true, "localtimestamp": true, "current_time": true, "localtime": true,
}

// topValues translates a statement that is a bare VALUES list, naming its
// columns _col0.. as Trino does.
func (t *translator) topValues(nodes []*Node, out *frag) error {
	inner, err := t.expr(nodes)
	if err != nil {
		return err
	}
	cols := 1
	if len(nodes) > 1 && nodes[1].IsParen() {
		cols = len(SplitCommas(nodes[1].Kids))
	}
	names := make([]string, cols)
	for k := range names {
		names[k] = fmt.Sprintf(`"_col%d"`, k)
	}
	out.raw("select * from (")
	out.add(inner)
	out.raw(") as __values(" + strings.Join(names, ", ") + ")")
	return nil
}
