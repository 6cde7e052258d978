package dialect

import (
	"strings"
)

// Predicate is a WHERE-clause conjunct that compares one column of one
// table with literals: col = 'x', col IN (...), col BETWEEN a AND b, col < 3.
// Partition pruning uses them: only partitions whose values can satisfy
// every predicate need to be read (the query still applies the WHERE clause).
type Predicate struct {
	Column string
	// Op is "=", "<>", "<", "<=", ">", ">=", "in" or "between".
	Op     string
	Values []string
}

// Predicates returns, by table-reference position (TableRef.Pos), the
// predicates a query's WHERE clauses place on that table. It is
// conservative: a WHERE clause with a top-level OR yields nothing, and an
// unqualified column is attributed only when the FROM clause names a single
// table.
func Predicates(nodes []*Node) map[int][]Predicate {
	out := map[int][]Predicate{}
	predicates(nodes, out)
	return out
}

type fromTable struct {
	pos   int
	names []string // alias, and the table's own name
}

func predicates(nodes []*Node, out map[int][]Predicate) {
	for _, n := range nodes {
		if n.Group {
			predicates(n.Kids, out)
		}
	}
	// Each branch of a set operation is its own SELECT.
	start := 0
	for i, n := range nodes {
		if n.Is("union") || n.Is("intersect") || n.Is("except") {
			blockPredicates(nodes[start:i], out)
			start = i + 1
		}
	}
	blockPredicates(nodes[start:], out)
}

// isClause reports whether n is a keyword that starts a clause.
func isClause(n *Node) bool {
	return !n.Group && n.Tok.Kind == Ident && clauseEnd[n.Tok.Value()]
}

// blockPredicates handles one SELECT block: its FROM tables and WHERE clause.
func blockPredicates(nodes []*Node, out map[int][]Predicate) {
	from := -1
	for i, n := range nodes {
		if n.Is("from") && !(i > 0 && nodes[i-1].Is("distinct")) {
			from = i
			break
		}
	}
	if from < 0 {
		return
	}
	end := from + 1
	for end < len(nodes) && !isClause(nodes[end]) {
		end++
	}
	if end >= len(nodes) || !nodes[end].Is("where") {
		return
	}
	tables, single := fromTables(nodes[from+1 : end])
	wend := end + 1
	for wend < len(nodes) && !isClause(nodes[wend]) {
		wend++
	}
	for _, c := range conjuncts(nodes[end+1 : wend]) {
		p, qual, ok := predicateOf(c)
		if !ok {
			continue
		}
		for _, t := range tables {
			if (qual == "" && single) || (qual != "" && contains(t.names, qual)) {
				out[t.pos] = append(out[t.pos], p)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fromTables lists the named tables of a FROM clause and whether it is a
// single table and nothing else.
func fromTables(nodes []*Node) ([]fromTable, bool) {
	var tables []fromTable
	items := 0
	expect := true
	for i := 0; i < len(nodes); i++ {
		n := nodes[i]
		if n.Is(",") || n.Is("join") {
			expect = true
			continue
		}
		if !expect {
			continue
		}
		expect = false
		items++
		if !n.IsIdent() || (n.Tok.Kind == Ident && isKeyword(n.Tok.Value())) {
			continue
		}
		t := fromTable{pos: n.Tok.Pos}
		last := strings.ToLower(n.Tok.Value())
		for i+2 < len(nodes) && nodes[i+1].Is(".") && nodes[i+2].IsIdent() {
			i += 2
			last = strings.ToLower(nodes[i].Tok.Value())
		}
		if i+1 < len(nodes) && nodes[i+1].IsParen() {
			continue // a table function
		}
		t.names = []string{last}
		j := i + 1
		if j < len(nodes) && nodes[j].Is("as") {
			j++
		}
		if j < len(nodes) && nodes[j].IsIdent() && !(nodes[j].Tok.Kind == Ident && isKeyword(nodes[j].Tok.Value())) &&
			!nodes[j].Is("cross") && !nodes[j].Is("left") && !nodes[j].Is("right") && !nodes[j].Is("full") && !nodes[j].Is("inner") {
			t.names = []string{strings.ToLower(nodes[j].Tok.Value())}
		}
		tables = append(tables, t)
	}
	return tables, items == 1 && len(tables) == 1
}

// conjuncts splits a WHERE clause at top-level AND; nil if it has a
// top-level OR.
func conjuncts(nodes []*Node) [][]*Node {
	var out [][]*Node
	start := 0
	between := false
	for i, n := range nodes {
		switch {
		case n.Is("or"):
			return nil
		case n.Is("between"):
			between = true
		case n.Is("and") && between:
			between = false
		case n.Is("and"):
			out = append(out, nodes[start:i])
			start = i + 1
		}
	}
	return append(out, nodes[start:])
}

var flipped = map[string]string{"=": "=", "<>": "<>", "!=": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

// predicateOf recognizes "[q.]col op literal" and its mirror, IN and BETWEEN.
func predicateOf(c []*Node) (Predicate, string, bool) {
	col, qual, rest, ok := columnRef(c)
	if ok && len(rest) >= 2 {
		op := strings.ToLower(rest[0].Tok.Text)
		switch {
		case rest[0].Is("in") && len(rest) == 2 && rest[1].IsParen():
			var vals []string
			for _, e := range SplitCommas(rest[1].Kids) {
				v, ok := literal(e)
				if !ok {
					return Predicate{}, "", false
				}
				vals = append(vals, v)
			}
			return Predicate{Column: col, Op: "in", Values: vals}, qual, true
		case rest[0].Is("between"):
			for k := 2; k < len(rest); k++ {
				if rest[k].Is("and") {
					lo, ok1 := literal(rest[1:k])
					hi, ok2 := literal(rest[k+1:])
					if ok1 && ok2 {
						return Predicate{Column: col, Op: "between", Values: []string{lo, hi}}, qual, true
					}
				}
			}
		case flipped[op] != "" && !rest[0].Group:
			if v, ok := literal(rest[1:]); ok {
				if op == "!=" {
					op = "<>"
				}
				return Predicate{Column: col, Op: op, Values: []string{v}}, qual, true
			}
		}
		return Predicate{}, "", false
	}
	// literal op column
	for k := 1; k < len(c); k++ {
		if c[k].Group || c[k].Tok.Kind != Op || flipped[c[k].Tok.Text] == "" {
			continue
		}
		v, ok := literal(c[:k])
		col, qual, rest, ok2 := columnRef(c[k+1:])
		if ok && ok2 && len(rest) == 0 {
			return Predicate{Column: col, Op: flipped[c[k].Tok.Text], Values: []string{v}}, qual, true
		}
		break
	}
	return Predicate{}, "", false
}

// columnRef reads "col" or "q.col" at the start of c.
func columnRef(c []*Node) (col, qual string, rest []*Node, ok bool) {
	if len(c) == 0 || !c[0].IsIdent() || (c[0].Tok.Kind == Ident && isKeyword(c[0].Tok.Value())) {
		return "", "", nil, false
	}
	if len(c) >= 3 && c[1].Is(".") && c[2].IsIdent() {
		if len(c) >= 4 && c[3].Is(".") {
			return "", "", nil, false
		}
		return strings.ToLower(c[2].Tok.Value()), strings.ToLower(c[0].Tok.Value()), c[3:], true
	}
	if len(c) >= 2 && c[1].IsParen() {
		return "", "", nil, false
	}
	return strings.ToLower(c[0].Tok.Value()), "", c[1:], true
}

// literal reads a string or number literal, possibly typed (DATE '...') or negated.
func literal(c []*Node) (string, bool) {
	switch {
	case len(c) == 1 && !c[0].Group && (c[0].Tok.Kind == String || c[0].Tok.Kind == Number):
		return c[0].Tok.Value(), true
	case len(c) == 2 && c[0].Is("-") && !c[1].Group && c[1].Tok.Kind == Number:
		return "-" + c[1].Tok.Text, true
	case len(c) == 2 && c[0].IsIdent() && typedLiteral[strings.ToLower(c[0].Tok.Value())] && !c[1].Group && c[1].Tok.Kind == String:
		return c[1].Tok.Value(), true
	}
	return "", false
}
