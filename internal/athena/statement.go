package athena

import (
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/ddl"
	"github.com/nubo-dev/nubo/internal/athena/dialect"
)

// kind is what a statement does, which decides how it runs.
type kind int

const (
	kindQuery kind = iota
	kindDDL
	kindCTAS
	kindInsert
	kindUnload
	kindExplain
	kindExecute
	kindPrepare
	kindDeallocate
	kindUnsupported
)

// statement is a classified, syntax-checked statement.
type statement struct {
	kind          kind
	statementType string // DDL, DML or UTILITY
	substatement  string
	parsed        *dialect.Statement
	ddl           ddl.Statement
	// query is the nodes of the query part (the whole statement for a
	// query; the AS part of CTAS; the source of INSERT; UNLOAD's query).
	query []*dialect.Node
	// target is the table CTAS creates or INSERT fills.
	target ddl.Name
	// columns is INSERT's column list, if any.
	columns []string
	// props are CTAS's WITH (...) or UNLOAD's WITH (...) properties.
	props map[string]string
	// withData is false for CTAS ... WITH NO DATA.
	withData bool
	// location is UNLOAD's TO 's3://...'.
	location string
	// name is the prepared statement EXECUTE, PREPARE or DEALLOCATE names.
	name string
	// using are EXECUTE ... USING values (SQL text).
	using []string
	// unsupported explains a statement nubo does not run.
	unsupported string
}

// classify parses a statement enough to know how it runs and to report
// syntax errors (as *dialect.SyntaxError) before it is queued.
func classify(sql string, params []string) (*statement, error) {
	if ddl.IsDDL(sql) {
		st, err := ddl.Parse(sql)
		if err != nil {
			return nil, err
		}
		stype := "DDL"
		switch st.(type) {
		case *ddl.ShowDatabases, *ddl.ShowTables, *ddl.ShowPartitions, *ddl.ShowCreateTable, *ddl.ShowColumns,
			*ddl.ShowTableProperties, *ddl.Describe:
			stype = "UTILITY"
		}
		return &statement{kind: kindDDL, statementType: stype, substatement: st.Substatement(), ddl: st}, nil
	}
	if firstWord(sql) == "execute" {
		// EXECUTE takes the ExecutionParameters as its USING values.
		params = nil
	}
	p, err := dialect.Parse(sql, params)
	if err != nil {
		return nil, err
	}
	st := &statement{parsed: p, withData: true}
	n := p.Nodes
	word := func(i int) string {
		if i < len(n) && !n[i].Group && n[i].Tok.Kind == dialect.Ident {
			return n[i].Tok.Value()
		}
		return ""
	}
	switch w := word(0); {
	case w == "select" || w == "with" || w == "values" || (len(n) > 0 && n[0].IsParen()):
		st.kind, st.statementType, st.substatement, st.query = kindQuery, "DML", "SELECT", n
	case w == "create" && word(1) == "table":
		err = st.parseCTAS(p)
	case w == "insert" && word(1) == "into":
		err = st.parseInsert(p)
	case w == "unload":
		err = st.parseUnload(p)
	case w == "explain":
		err = st.parseExplain(p)
	case w == "execute":
		err = st.parseExecute(p)
	case w == "prepare":
		err = st.parsePrepare(p)
	case w == "deallocate":
		st.kind, st.statementType, st.substatement = kindDeallocate, "UTILITY", "DEALLOCATE"
		if word(1) != "prepare" || len(n) != 3 || !n[2].IsIdent() {
			return nil, mismatched(p, n, 1)
		}
		st.name = strings.ToLower(n[2].Tok.Value())
	case w == "create" || w == "drop" || w == "alter" || w == "delete" || w == "update" || w == "merge" ||
		w == "grant" || w == "revoke" || w == "call" || w == "use" || w == "set" || w == "reset" ||
		w == "start" || w == "commit" || w == "rollback" || w == "vacuum" || w == "optimize" || w == "analyze":
		st.kind, st.statementType, st.substatement = kindUnsupported, "DDL", strings.ToUpper(w)
		st.unsupported = "Statement " + strings.ToUpper(w) + " " + strings.ToUpper(word(1)) + " is not supported by nubo"
		if w == "delete" || w == "update" || w == "merge" {
			st.statementType = "DML"
			st.unsupported = strings.ToUpper(w) + " is only supported for Iceberg tables, which nubo does not support"
		}
	default:
		return nil, mismatched(p, n, 0)
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// mismatched is Trino's syntax error at node i.
func mismatched(p *dialect.Statement, n []*dialect.Node, i int) error {
	if i >= len(n) {
		l, c := dialect.Position(p.SQL, len(p.SQL))
		return &dialect.SyntaxError{Line: l, Column: c, Message: "mismatched input '<EOF>'"}
	}
	l, c := dialect.Position(p.SQL, n[i].Tok.Pos)
	return &dialect.SyntaxError{Line: l, Column: c, Message: "mismatched input '" + n[i].Tok.Text + "'"}
}

// tableName reads [catalog.]db.table or table at i, returning the name and
// the index after it.
func tableName(n []*dialect.Node, i int) (ddl.Name, int, bool) {
	var parts []string
	for i < len(n) && n[i].IsIdent() {
		parts = append(parts, strings.ToLower(n[i].Tok.Value()))
		i++
		if i+1 < len(n) && n[i].Is(".") && n[i+1].IsIdent() {
			i++
			continue
		}
		break
	}
	switch len(parts) {
	case 1:
		return ddl.Name{Table: parts[0]}, i, true
	case 2:
		return ddl.Name{Database: parts[0], Table: parts[1]}, i, true
	case 3:
		return ddl.Name{Database: parts[1], Table: parts[2]}, i, strings.EqualFold(parts[0], "awsdatacatalog")
	}
	return ddl.Name{}, i, false
}

// properties reads WITH ( key = value, ... ) where values are literals or
// ARRAY['a', 'b'] (returned joined by commas).
func properties(p *dialect.Statement, g *dialect.Node) (map[string]string, error) {
	props := map[string]string{}
	for _, item := range dialect.SplitCommas(g.Kids) {
		if len(item) < 3 || !item[0].IsIdent() || !item[1].Is("=") {
			return nil, mismatched(p, item, 0)
		}
		k := strings.ToLower(item[0].Tok.Value())
		v := item[2:]
		switch {
		case len(v) == 1 && !v[0].Group && (v[0].Tok.Kind == dialect.String || v[0].Tok.Kind == dialect.Number || v[0].Tok.Kind == dialect.Ident):
			props[k] = v[0].Tok.Value()
		case len(v) == 2 && v[0].Is("array") && v[1].Group:
			var vals []string
			for _, e := range dialect.SplitCommas(v[1].Kids) {
				if len(e) != 1 || e[0].Tok.Kind != dialect.String {
					return nil, mismatched(p, e, 0)
				}
				vals = append(vals, e[0].Tok.Value())
			}
			props[k] = strings.Join(vals, ",")
		default:
			return nil, mismatched(p, v, 0)
		}
	}
	return props, nil
}

// parseCTAS reads CREATE TABLE [IF NOT EXISTS] name [WITH (...)] AS query [WITH [NO] DATA].
func (st *statement) parseCTAS(p *dialect.Statement) error {
	st.kind, st.statementType, st.substatement = kindCTAS, "DDL", "CREATE_TABLE_AS_SELECT"
	n := p.Nodes
	i := 2
	if i+2 < len(n) && n[i].Is("if") && n[i+1].Is("not") && n[i+2].Is("exists") {
		st.props = map[string]string{"__if_not_exists": "true"}
		i += 3
	}
	name, j, ok := tableName(n, i)
	if !ok {
		return mismatched(p, n, i)
	}
	st.target, i = name, j
	props := map[string]string{}
	if i+1 < len(n) && n[i].Is("with") && n[i+1].IsParen() {
		var err error
		if props, err = properties(p, n[i+1]); err != nil {
			return err
		}
		i += 2
	}
	for k, v := range st.props {
		props[k] = v
	}
	st.props = props
	if i >= len(n) || !n[i].Is("as") {
		return mismatched(p, n, i)
	}
	q := n[i+1:]
	if len(q) >= 2 && q[len(q)-2].Is("with") && q[len(q)-1].Is("data") {
		q = q[:len(q)-2]
	} else if len(q) >= 3 && q[len(q)-3].Is("with") && q[len(q)-2].Is("no") && q[len(q)-1].Is("data") {
		q, st.withData = q[:len(q)-3], false
	}
	if len(q) == 1 && q[0].IsParen() {
		q = q[0].Kids
	}
	if len(q) == 0 {
		return mismatched(p, n, len(n))
	}
	st.query = q
	return nil
}

// parseInsert reads INSERT INTO name [(columns)] query.
func (st *statement) parseInsert(p *dialect.Statement) error {
	st.kind, st.statementType, st.substatement = kindInsert, "DML", "INSERT"
	n := p.Nodes
	name, i, ok := tableName(n, 2)
	if !ok {
		return mismatched(p, n, 2)
	}
	st.target = name
	if i < len(n) && n[i].IsParen() && len(n[i].Kids) > 0 && !n[i].Kids[0].Is("select") && !n[i].Kids[0].Is("with") {
		for _, c := range dialect.SplitCommas(n[i].Kids) {
			if len(c) != 1 || !c[0].IsIdent() {
				return mismatched(p, c, 0)
			}
			st.columns = append(st.columns, strings.ToLower(c[0].Tok.Value()))
		}
		i++
	}
	if i >= len(n) {
		return mismatched(p, n, i)
	}
	st.query = n[i:]
	return nil
}

// parseUnload reads UNLOAD (query) TO 's3://...' WITH (...).
func (st *statement) parseUnload(p *dialect.Statement) error {
	st.kind, st.statementType, st.substatement = kindUnload, "DML", "UNLOAD"
	n := p.Nodes
	if len(n) < 4 || !n[1].IsParen() || !n[2].Is("to") || n[3].Group || n[3].Tok.Kind != dialect.String {
		return mismatched(p, n, 1)
	}
	st.query, st.location = n[1].Kids, n[3].Tok.Value()
	st.props = map[string]string{}
	if len(n) > 4 {
		if len(n) != 6 || !n[4].Is("with") || !n[5].IsParen() {
			return mismatched(p, n, 4)
		}
		props, err := properties(p, n[5])
		if err != nil {
			return err
		}
		st.props = props
	}
	return nil
}

// parseExplain reads EXPLAIN [ANALYZE] [(options)] query.
func (st *statement) parseExplain(p *dialect.Statement) error {
	st.kind, st.statementType, st.substatement = kindExplain, "UTILITY", "EXPLAIN"
	n := p.Nodes[1:]
	if len(n) > 0 && n[0].Is("analyze") {
		st.props = map[string]string{"analyze": "true"}
		n = n[1:]
		if len(n) > 0 && n[0].Is("verbose") {
			n = n[1:]
		}
	}
	if len(n) > 0 && n[0].IsParen() && len(n[0].Kids) > 0 && !n[0].Kids[0].Is("select") && !n[0].Kids[0].Is("with") {
		n = n[1:]
	}
	if len(n) == 0 {
		return mismatched(p, p.Nodes, len(p.Nodes))
	}
	st.query = n
	return nil
}

// parseExecute reads EXECUTE name [USING value, ...].
func (st *statement) parseExecute(p *dialect.Statement) error {
	st.kind, st.statementType, st.substatement = kindExecute, "DML", "EXECUTE"
	n := p.Nodes
	if len(n) < 2 || !n[1].IsIdent() {
		return mismatched(p, n, 1)
	}
	st.name = strings.ToLower(n[1].Tok.Value())
	if len(n) == 2 {
		return nil
	}
	if !n[2].Is("using") || len(n) == 3 {
		return mismatched(p, n, 2)
	}
	for _, v := range dialect.SplitCommas(n[3:]) {
		if len(v) == 0 {
			return mismatched(p, n, 3)
		}
		st.using = append(st.using, dialect.Text(v))
	}
	return nil
}

// parsePrepare reads PREPARE name FROM statement.
func (st *statement) parsePrepare(p *dialect.Statement) error {
	st.kind, st.statementType, st.substatement = kindPrepare, "UTILITY", "PREPARE"
	n := p.Nodes
	if len(n) < 4 || !n[1].IsIdent() || !n[2].Is("from") {
		return mismatched(p, n, 1)
	}
	st.name = strings.ToLower(n[1].Tok.Value())
	// The statement text after FROM is kept as written.
	st.location = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p.SQL[n[3].Tok.Pos:]), ";"))
	return nil
}

// firstWord is a statement's first keyword, lower-cased.
func firstWord(sql string) string {
	toks, err := dialect.Lex(sql)
	if err != nil {
		return ""
	}
	for _, t := range toks {
		if t.Kind == dialect.Space || t.Kind == dialect.Comment {
			continue
		}
		if t.Kind == dialect.Ident {
			return strings.ToLower(t.Text)
		}
		return ""
	}
	return ""
}
