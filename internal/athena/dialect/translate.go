package dialect

import (
	"fmt"
	"strings"
)

// TableRef is a table named in a FROM clause: one to three lower-cased name
// parts as written (table, schema.table or catalog.schema.table).
type TableRef struct {
	Parts []string
	Pos   int
}

// Resolver returns the DuckDB text that reads a catalog table (a view name or
// a table-function call). Its errors are returned by Translate unchanged.
type Resolver func(ref TableRef) (string, error)

// Error is a statement that parses but cannot run: an unknown or
// unsupported function, an unsupported construct. Code is Athena's error
// name (FUNCTION_NOT_FOUND, NOT_SUPPORTED, ...), Pos the byte offset.
type Error struct {
	Code    string
	Message string
	Pos     int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Translation is a query rewritten for DuckDB.
type Translation struct {
	SQL string
	// Tables are the catalog tables the query reads, in order of appearance.
	Tables []TableRef
	frag   *frag
}

// Original maps a byte offset in SQL to the offset in the statement the
// caller wrote.
func (t *Translation) Original(off int) int { return t.frag.original(off) }

// translator holds the state of one translation.
type translator struct {
	sql     string
	resolve Resolver
	ctes    map[string]bool
	tables  []TableRef
}

// scope is the clause state of one sequence of sibling nodes.
type scope struct {
	from int
	// query is set once the sequence has shown it is a query (SELECT): only
	// then does FROM open a FROM clause (not in EXTRACT, TRIM, SUBSTRING).
	query   bool
	top     bool // the statement's outermost query: name its unnamed columns
	aliased bool // the outermost select list has been handled
}

const (
	fromNone   = iota
	fromExpect // a table item comes next
	fromAfter  // after a table item (aliases, joins, commas)
	fromCond   // in a join's ON or USING condition
)

// TranslateQuery rewrites a query (SELECT, WITH ..., VALUES, or a
// parenthesized query) for DuckDB. Table references go through resolve.
func TranslateQuery(stmt *Statement, nodes []*Node, resolve Resolver) (*Translation, error) {
	t := &translator{sql: stmt.SQL, resolve: resolve, ctes: map[string]bool{}}
	collectCTEs(stmt.Nodes, t.ctes)
	out := &frag{}
	if len(nodes) > 0 && nodes[0].Is("values") {
		if err := t.topValues(nodes, out); err != nil {
			return nil, err
		}
	} else if err := t.seq(nodes, out, &scope{top: true}); err != nil {
		return nil, err
	}
	return &Translation{SQL: out.String(), Tables: t.tables, frag: out}, nil
}

// collectCTEs records every name a WITH clause defines, at any depth.
func collectCTEs(nodes []*Node, into map[string]bool) {
	for i, n := range nodes {
		if n.Group {
			collectCTEs(n.Kids, into)
			continue
		}
		if !n.Is("with") {
			continue
		}
		j := i + 1
		if j < len(nodes) && nodes[j].Is("recursive") {
			j++
		}
		for j < len(nodes) && nodes[j].IsIdent() {
			into[nodes[j].Tok.Value()] = true
			j++
			if j < len(nodes) && nodes[j].IsParen() {
				j++
			}
			if j+1 < len(nodes) && nodes[j].Is("as") && nodes[j+1].IsParen() {
				j += 2
			}
			if j < len(nodes) && nodes[j].Is(",") {
				j++
				continue
			}
			break
		}
	}
}

// seq translates a sequence of sibling nodes.
func (t *translator) seq(nodes []*Node, out *frag, sc *scope) error {
	for i := 0; i < len(nodes); {
		n, err := t.node(nodes, i, out, sc)
		if err != nil {
			return err
		}
		i += n
	}
	return nil
}

// expr translates nodes as an expression into a new fragment.
func (t *translator) expr(nodes []*Node) (*frag, error) {
	f := &frag{}
	err := t.seq(nodes, f, &scope{})
	return f, err
}

// node translates the node at i (and any it consumes with it) and returns
// how many nodes it used.
func (t *translator) node(nodes []*Node, i int, out *frag, sc *scope) (int, error) {
	n := nodes[i]
	if sc.from == fromExpect {
		return t.tableItem(nodes, i, out, sc)
	}
	if n.Group {
		return 1, t.group(n, out, sc.from == fromAfter && i > 0 && nodes[i-1].IsIdent())
	}
	next := func(k int) *Node {
		if i+k < len(nodes) {
			return nodes[i+k]
		}
		return nil
	}
	tok := n.Tok
	switch tok.Kind {
	case BackquotedIdent:
		return 0, syntaxErrorAt(t.sql, tok.Pos, "backquoted identifiers are not supported; use double quotes to quote identifiers")
	case QuotedIdent:
		out.tok(quoteIdent(strings.ToLower(tok.Value())), tok.Pos)
		return 1, nil
	case Number:
		out.tok(numberLiteral(tok.Text), tok.Pos)
		return 1, nil
	case String:
		s, err := t.stringLiteral(tok)
		if err != nil {
			return 0, err
		}
		out.tok(s, tok.Pos)
		return 1, nil
	case Op:
		if tok.Text == "," && (sc.from == fromAfter || sc.from == fromCond) {
			sc.from = fromExpect
		}
		out.tok(tok.Text, tok.Pos)
		return 1, nil
	case Param:
		return 0, &ParamCountError{Want: 1}
	}
	return t.word(nodes, i, next(1), out, sc)
}

// word translates an unquoted identifier or keyword.
func (t *translator) word(nodes []*Node, i int, next *Node, out *frag, sc *scope) (int, error) {
	tok := nodes[i].Tok
	w := tok.Value()
	switch {
	case w == "with":
		return t.with(nodes, i, out)
	case w == "select" && sc.top && !sc.aliased:
		sc.aliased, sc.query = true, true
		return t.selectList(nodes, i, out)
	case w == "from" || w == "join":
		if !sc.query || (w == "from" && i > 0 && nodes[i-1].Is("distinct")) {
			break // not a FROM clause, or IS [NOT] DISTINCT FROM
		}
		sc.from = fromExpect
	case w == "on" || w == "using":
		if sc.from != fromNone {
			sc.from = fromCond
		}
	case clauseEnd[w] || w == "select":
		sc.from = fromNone
		if w == "select" {
			sc.query = true
		}
	case (w == "cast" || w == "try_cast") && next != nil && next.IsParen():
		return 2, t.cast(w, nodes[i+1], out)
	case w == "extract" && next != nil && next.IsParen():
		return 2, t.extract(nodes[i+1], out)
	case next != nil && !next.Group && next.Tok.Kind == String && typedLiteral[w]:
		s, err := t.typedLiteral(w, next.Tok)
		if err != nil {
			return 0, err
		}
		out.tok(s, tok.Pos)
		return 2, nil
	case next != nil && next.IsParen() && sc.from != fromAfter && !(i > 0 && nodes[i-1].Is(".")) &&
		(!isKeyword(w) || w == "normalize" || unsupported[w] != "" || (w == "filter" && !(len(next.Kids) > 0 && next.Kids[0].Is("where")))):
		return 2, t.call(tok, nodes[i+1], out)
	case w == "values":
		return t.values(nodes, i, out)
	case w == "unnest":
		return 0, &Error{Code: "NOT_SUPPORTED", Message: lineCol(t.sql, tok.Pos) + "UNNEST is supported only in the FROM clause", Pos: tok.Pos}
	}
	if tok.Kind == Ident && (reserved[w] || structural[w]) {
		out.tok(w, tok.Pos)
	} else {
		out.tok(identText(tok), tok.Pos)
	}
	return 1, nil
}

// identText renders an identifier the way Trino resolves it: lower-cased.
func identText(tok Token) string {
	v := strings.ToLower(tok.Value())
	if tok.Kind == Ident && isPlainIdent(v) {
		return v
	}
	return quoteIdent(v)
}

func isPlainIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentPart(s[i]) || s[i] == '@' || s[i] == '$' || s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// group translates a bracketed group. A parenthesized group that holds a
// query gets a query scope; aliasCols marks a "t(a, b)" column-alias list.
func (t *translator) group(n *Node, out *frag, aliasCols bool) error {
	inner := &frag{}
	sc := &scope{}
	if len(n.Kids) > 0 && n.IsParen() && (n.Kids[0].Is("select") || n.Kids[0].Is("with") || n.Kids[0].Is("values")) {
		sc = &scope{}
	}
	if aliasCols {
		for _, k := range n.Kids {
			if k.IsIdent() {
				inner.tok(quoteIdent(strings.ToLower(k.Tok.Value())), k.Tok.Pos)
			} else {
				inner.tok(k.Tok.Text, k.Tok.Pos)
			}
		}
	} else if err := t.seq(n.Kids, inner, sc); err != nil {
		return err
	}
	out.tok(n.Tok.Text, n.Tok.Pos)
	out.add(inner)
	out.tok(n.Close.Text, n.Close.Pos)
	return nil
}

// with translates "WITH [RECURSIVE] name [(cols)] AS (query), ...".
func (t *translator) with(nodes []*Node, i int, out *frag) (int, error) {
	out.tok("with", nodes[i].Tok.Pos)
	j := i + 1
	if j < len(nodes) && nodes[j].Is("recursive") {
		out.tok("recursive", nodes[j].Tok.Pos)
		j++
	}
	for j < len(nodes) && nodes[j].IsIdent() {
		out.tok(identText(nodes[j].Tok), nodes[j].Tok.Pos)
		j++
		if j < len(nodes) && nodes[j].IsParen() {
			if err := t.group(nodes[j], out, true); err != nil {
				return 0, err
			}
			j++
		}
		if j+1 >= len(nodes) || !nodes[j].Is("as") || !nodes[j+1].IsParen() {
			return 0, t.mismatched(nodes, j)
		}
		out.tok("as", nodes[j].Tok.Pos)
		if err := t.group(nodes[j+1], out, false); err != nil {
			return 0, err
		}
		j += 2
		if j < len(nodes) && nodes[j].Is(",") {
			out.tok(",", nodes[j].Tok.Pos)
			j++
			continue
		}
		break
	}
	return j - i, nil
}

// mismatched reports a syntax error at node j (or at the end).
func (t *translator) mismatched(nodes []*Node, j int) error {
	if j >= len(nodes) {
		return syntaxErrorAt(t.sql, len(t.sql), "mismatched input '<EOF>'")
	}
	return syntaxErrorAt(t.sql, nodes[j].Tok.Pos, "mismatched input '%s'", nodes[j].Tok.Text)
}

func lineCol(sql string, pos int) string {
	l, c := Position(sql, pos)
	return fmt.Sprintf("line %d:%d: ", l, c)
}
