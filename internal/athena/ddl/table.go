package ddl

import (
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
)

func (p *parser) createTable(external bool) (Statement, error) {
	st := &CreateTable{External: external, IfNotExists: p.accept("if", "not", "exists")}
	var err error
	if st.Name, err = p.name(); err != nil {
		return nil, err
	}
	if p.at("(") {
		if st.Columns, err = p.columns(); err != nil {
			return nil, err
		}
	}
	for p.i < len(p.toks) {
		if err := p.tableClause(st); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// tableClause reads one of CREATE TABLE's optional clauses.
func (p *parser) tableClause(st *CreateTable) error {
	var err error
	switch {
	case p.accept("comment"):
		st.Comment, err = p.str()
	case p.accept("partitioned", "by"):
		st.PartitionedBy, err = p.columns()
	case p.accept("clustered", "by"):
		err = p.clusteredBy(st)
	case p.accept("row", "format"):
		st.RowFormat, err = p.rowFormat()
	case p.accept("stored", "as"):
		if p.accept("inputformat") {
			if st.InputFormat, err = p.str(); err != nil {
				return err
			}
			if err = p.expect("outputformat"); err != nil {
				return err
			}
			st.OutputFormat, err = p.str()
		} else {
			var f string
			f, err = p.ident()
			st.StoredAs = strings.ToUpper(f)
		}
	case p.accept("location"):
		st.Location, err = p.str()
	case p.accept("tblproperties"):
		st.Properties, err = p.properties()
	default:
		return p.unexpected("'COMMENT', 'PARTITIONED BY', 'CLUSTERED BY', 'ROW FORMAT', 'STORED AS', 'LOCATION', 'TBLPROPERTIES', <EOF>")
	}
	return err
}

func (p *parser) clusteredBy(st *CreateTable) error {
	if err := p.expect("("); err != nil {
		return err
	}
	for !p.accept(")") {
		c, err := p.ident()
		if err != nil {
			return err
		}
		st.ClusteredBy = append(st.ClusteredBy, c)
		if !p.accept(",") && !p.at(")") {
			return p.unexpected("',', ')'")
		}
	}
	if p.accept("sorted", "by") {
		if err := p.skipGroup(); err != nil {
			return err
		}
	}
	if err := p.expect("into"); err != nil {
		return err
	}
	if p.peek().Kind != dialect.Number {
		return p.unexpected("<integer>")
	}
	p.i++
	return p.expect("buckets")
}

func (p *parser) skipGroup() error {
	if err := p.expect("("); err != nil {
		return err
	}
	for depth := 1; depth > 0; p.i++ {
		if p.i >= len(p.toks) {
			return p.unexpected("')'")
		}
		switch p.toks[p.i].Text {
		case "(":
			depth++
		case ")":
			depth--
		}
	}
	return nil
}

// columns reads (name type [COMMENT 'c'], ...).
func (p *parser) columns() ([]Column, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var cols []Column
	for !p.accept(")") {
		name, err := p.ident()
		if err != nil {
			return nil, err
		}
		typ, err := p.hiveType()
		if err != nil {
			return nil, err
		}
		c := Column{Name: name, Type: typ}
		if p.accept("comment") {
			if c.Comment, err = p.str(); err != nil {
				return nil, err
			}
		}
		cols = append(cols, c)
		if !p.accept(",") && !p.at(")") {
			return nil, p.unexpected("',', ')'")
		}
	}
	if len(cols) == 0 {
		return nil, p.unexpected("<identifier>")
	}
	return cols, nil
}

// hiveType reads a column type up to the next top-level ',' or ')' or
// COMMENT, and checks it.
func (p *parser) hiveType() (string, error) {
	start := p.i
	depth := 0
	var b strings.Builder
	prevWord := false
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		if depth == 0 && (t.Is(",") || t.Is(")") || t.Is("comment")) {
			break
		}
		switch t.Text {
		case "<", "(":
			depth++
		case ">", ")":
			depth--
		}
		word := t.Kind == dialect.Ident || t.Kind == dialect.Number || t.Kind == dialect.BackquotedIdent
		if word && prevWord {
			b.WriteByte(' ')
		}
		if t.Kind == dialect.BackquotedIdent {
			b.WriteString(t.Value())
		} else {
			b.WriteString(t.Text)
		}
		prevWord = word
		p.i++
	}
	typ := strings.ToLower(b.String())
	if p.i == start {
		p.i = start
		return "", p.unexpected("<type>")
	}
	if _, err := dialect.HiveType(typ); err != nil {
		line, col := dialect.Position(p.sql, p.toks[start].Pos)
		return "", &dialect.SyntaxError{Line: line, Column: col, Message: "Unknown type: " + typ}
	}
	return typ, nil
}

func (p *parser) rowFormat() (*RowFormat, error) {
	rf := &RowFormat{}
	var err error
	if p.accept("serde") {
		if rf.Serde, err = p.str(); err != nil {
			return nil, err
		}
		if p.accept("with", "serdeproperties") {
			if rf.SerdeProperties, err = p.properties(); err != nil {
				return nil, err
			}
		}
		return rf, nil
	}
	if err := p.expect("delimited"); err != nil {
		return nil, err
	}
	rf.Delimited = true
	for {
		switch {
		case p.accept("fields", "terminated", "by"):
			if rf.FieldsTerminatedBy, err = p.str(); err == nil && p.accept("escaped", "by") {
				rf.EscapedBy, err = p.str()
			}
		case p.accept("collection", "items", "terminated", "by"):
			rf.CollectionItemsTerminatedBy, err = p.str()
		case p.accept("map", "keys", "terminated", "by"):
			rf.MapKeysTerminatedBy, err = p.str()
		case p.accept("lines", "terminated", "by"):
			rf.LinesTerminatedBy, err = p.str()
		case p.accept("null", "defined", "as"):
			rf.NullDefinedAs, err = p.str()
		default:
			return rf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
