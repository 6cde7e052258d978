package ddl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
)

// IsDDL reports whether a statement's leading words make it one this
// package parses (rather than a query, CTAS, INSERT or UNLOAD).
func IsDDL(sql string) bool {
	toks, err := significant(sql)
	if err != nil || len(toks) == 0 {
		return false
	}
	w := func(i int) string {
		if i < len(toks) && toks[i].Kind == dialect.Ident {
			return strings.ToLower(toks[i].Text)
		}
		return ""
	}
	switch w(0) {
	case "drop", "msck", "show", "describe", "desc", "alter":
		return w(0) != "drop" || w(1) != "view"
	case "create":
		switch w(1) {
		case "database", "schema", "external":
			return true
		case "table":
			// CREATE TABLE ... AS (at the top level) is CTAS.
			depth := 0
			for _, t := range toks {
				switch {
				case t.Is("("):
					depth++
				case t.Is(")"):
					depth--
				case depth == 0 && t.Is("as"):
					return false
				}
			}
			return true
		}
	}
	return false
}

func significant(sql string) ([]dialect.Token, error) {
	all, err := dialect.Lex(sql)
	if err != nil {
		return nil, err
	}
	var toks []dialect.Token
	for _, t := range all {
		if t.Kind != dialect.Space && t.Kind != dialect.Comment {
			toks = append(toks, t)
		}
	}
	if n := len(toks); n > 0 && toks[n-1].Is(";") {
		toks = toks[:n-1]
	}
	return toks, nil
}

// Parse parses one DDL statement. Errors are *dialect.SyntaxError.
func Parse(sql string) (Statement, error) {
	toks, err := significant(sql)
	if err != nil {
		return nil, err
	}
	p := &parser{sql: sql, toks: toks}
	st, err := p.statement()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, p.unexpected("<EOF>")
	}
	return st, nil
}

type parser struct {
	sql  string
	toks []dialect.Token
	i    int
}

func (p *parser) peek() dialect.Token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return dialect.Token{Kind: dialect.Op, Text: "<EOF>", Pos: len(p.sql)}
}

func (p *parser) at(words ...string) bool {
	for k, w := range words {
		if p.i+k >= len(p.toks) || !p.toks[p.i+k].Is(w) {
			return false
		}
	}
	return true
}

// accept consumes the words if they all come next.
func (p *parser) accept(words ...string) bool {
	if !p.at(words...) {
		return false
	}
	p.i += len(words)
	return true
}

func (p *parser) expect(words ...string) error {
	for _, w := range words {
		if !p.accept(w) {
			return p.unexpected("'" + strings.ToUpper(w) + "'")
		}
	}
	return nil
}

func (p *parser) unexpected(expecting string) error {
	t := p.peek()
	line, col := dialect.Position(p.sql, t.Pos)
	text := t.Text
	if p.i >= len(p.toks) {
		text = "<EOF>"
	}
	return &dialect.SyntaxError{Line: line, Column: col, Message: fmt.Sprintf("mismatched input '%s'. Expecting: %s", text, expecting)}
}

// ident reads an identifier (plain or backquoted), lower-cased as Glue stores names.
func (p *parser) ident() (string, error) {
	t := p.peek()
	if t.Kind == dialect.Ident || t.Kind == dialect.BackquotedIdent || t.Kind == dialect.QuotedIdent {
		p.i++
		return strings.ToLower(t.Value()), nil
	}
	return "", p.unexpected("<identifier>")
}

func (p *parser) name() (Name, error) {
	a, err := p.ident()
	if err != nil {
		return Name{}, err
	}
	if p.accept(".") {
		b, err := p.ident()
		if err != nil {
			return Name{}, err
		}
		return Name{Database: a, Table: b}, nil
	}
	return Name{Table: a}, nil
}

// str reads a string literal ('...' or "..."), decoding Hive's backslash escapes.
func (p *parser) str() (string, error) {
	t := p.peek()
	if t.Kind == dialect.String || t.Kind == dialect.QuotedIdent {
		p.i++
		raw := t.Text[1 : len(t.Text)-1]
		return unescape(raw), nil
	}
	return "", p.unexpected("<string>")
}

// unescape decodes Hive string escapes: \t \n \r \0 \\ \' \" and octal \001.
func unescape(s string) string {
	if !strings.ContainsRune(s, '\\') {
		return strings.ReplaceAll(strings.ReplaceAll(s, "''", "'"), `""`, `"`)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '0', '1', '2', '3':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(s[i:j], 8, 8)
			b.WriteByte(byte(n))
			i = j - 1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// properties reads ('k'='v', ...).
func (p *parser) properties() (map[string]string, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	props := map[string]string{}
	for !p.accept(")") {
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := p.expect("="); err != nil {
			return nil, err
		}
		v, err := p.str()
		if err != nil {
			return nil, err
		}
		props[k] = v
		if !p.accept(",") && !p.at(")") {
			return nil, p.unexpected("',', ')'")
		}
	}
	return props, nil
}

func (p *parser) statement() (Statement, error) {
	switch {
	case p.accept("create"):
		return p.create()
	case p.accept("drop"):
		return p.drop()
	case p.accept("msck", "repair", "table"):
		n, err := p.name()
		return &RepairTable{Name: n}, err
	case p.accept("alter", "table"):
		return p.alter()
	case p.accept("show"):
		return p.show()
	case p.accept("describe"), p.accept("desc"):
		return p.describe()
	}
	return nil, p.unexpected("'ALTER', 'CREATE', 'DESCRIBE', 'DROP', 'MSCK', 'SHOW'")
}

func (p *parser) create() (Statement, error) {
	if p.accept("database") || p.accept("schema") {
		return p.createDatabase()
	}
	external := p.accept("external")
	if err := p.expect("table"); err != nil {
		return nil, err
	}
	return p.createTable(external)
}

func (p *parser) createDatabase() (Statement, error) {
	st := &CreateDatabase{IfNotExists: p.accept("if", "not", "exists")}
	var err error
	if st.Name, err = p.ident(); err != nil {
		return nil, err
	}
	for p.i < len(p.toks) {
		switch {
		case p.accept("comment"):
			st.Comment, err = p.str()
		case p.accept("location"):
			st.Location, err = p.str()
		case p.accept("with", "dbproperties"):
			st.Properties, err = p.properties()
		default:
			return nil, p.unexpected("'COMMENT', 'LOCATION', 'WITH DBPROPERTIES', <EOF>")
		}
		if err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (p *parser) drop() (Statement, error) {
	if p.accept("database") || p.accept("schema") {
		st := &DropDatabase{IfExists: p.accept("if", "exists")}
		var err error
		if st.Name, err = p.ident(); err != nil {
			return nil, err
		}
		if p.accept("cascade") {
			st.Cascade = true
		} else {
			p.accept("restrict")
		}
		return st, nil
	}
	if err := p.expect("table"); err != nil {
		return nil, err
	}
	st := &DropTable{IfExists: p.accept("if", "exists")}
	var err error
	st.Name, err = p.name()
	return st, err
}
