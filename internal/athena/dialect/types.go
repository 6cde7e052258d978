package dialect

import (
	"fmt"
	"strconv"
	"strings"
)

// TrinoType translates a Trino type name ("varchar(10)", "array(row(a
// integer, b double))", "timestamp(3) with time zone") into DuckDB's.
func TrinoType(s string) (string, error) {
	p := &typeParser{s: strings.TrimSpace(s), trino: true}
	t, err := p.parse()
	if err != nil {
		return "", err
	}
	if p.rest() != "" {
		return "", fmt.Errorf("Unknown type: %s", s)
	}
	return t, nil
}

// HiveType translates a Hive DDL type ("string", "array<int>",
// "struct<a:int,b:string>", "decimal(10,2)") into DuckDB's.
func HiveType(s string) (string, error) {
	p := &typeParser{s: strings.TrimSpace(s)}
	t, err := p.parse()
	if err != nil {
		return "", err
	}
	if p.rest() != "" {
		return "", fmt.Errorf("Unknown type: %s", s)
	}
	return t, nil
}

// typeParser parses either syntax: Trino's parentheses and "name type"
// row fields, or Hive's angle brackets and "name:type" struct fields.
type typeParser struct {
	s     string
	i     int
	trino bool
}

func (p *typeParser) rest() string { return strings.TrimSpace(p.s[p.i:]) }

func (p *typeParser) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *typeParser) word() string {
	p.skip()
	start := p.i
	for p.i < len(p.s) && (isIdentPart(p.s[p.i])) {
		p.i++
	}
	return strings.ToLower(p.s[start:p.i])
}

func (p *typeParser) peekWord() string {
	save := p.i
	w := p.word()
	p.i = save
	return w
}

func (p *typeParser) eat(c byte) bool {
	p.skip()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *typeParser) ints() ([]int, error) {
	var out []int
	if !p.eat('(') {
		return nil, nil
	}
	for {
		p.skip()
		start := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		n, err := strconv.Atoi(p.s[start:p.i])
		if err != nil {
			return nil, fmt.Errorf("Unknown type: %s", p.s)
		}
		out = append(out, n)
		if p.eat(')') {
			return out, nil
		}
		if !p.eat(',') {
			return nil, fmt.Errorf("Unknown type: %s", p.s)
		}
	}
}

var simpleTypes = map[string]string{
	"boolean": "BOOLEAN", "tinyint": "TINYINT", "smallint": "SMALLINT", "integer": "INTEGER",
	"int": "INTEGER", "bigint": "BIGINT", "real": "FLOAT", "float": "FLOAT", "double": "DOUBLE",
	"date": "DATE", "string": "VARCHAR", "varbinary": "BLOB", "binary": "BLOB", "json": "JSON",
	"uuid": "UUID",
}

func (p *typeParser) parse() (string, error) {
	w := p.word()
	switch w {
	case "varchar", "char":
		if _, err := p.ints(); err != nil {
			return "", err
		}
		return "VARCHAR", nil
	case "decimal", "numeric":
		args, err := p.ints()
		if err != nil {
			return "", err
		}
		switch len(args) {
		case 0:
			if p.trino {
				return "DECIMAL(38,0)", nil
			}
			return "DECIMAL(10,0)", nil // Hive's default
		case 1:
			return fmt.Sprintf("DECIMAL(%d,0)", args[0]), nil
		}
		if args[0] < 1 || args[0] > 38 || args[1] > args[0] {
			return "", fmt.Errorf("DECIMAL precision must be in range [1, 38] and scale at most the precision")
		}
		return fmt.Sprintf("DECIMAL(%d,%d)", args[0], args[1]), nil
	case "double":
		if p.peekWord() == "precision" {
			p.word()
		}
		return "DOUBLE", nil
	case "timestamp", "time":
		if _, err := p.ints(); err != nil {
			return "", err
		}
		if p.peekWord() == "with" {
			p.word()
			if p.word() != "time" || p.word() != "zone" {
				return "", fmt.Errorf("Unknown type: %s", p.s)
			}
			if w == "time" {
				return "TIMETZ", nil
			}
			return "TIMESTAMPTZ", nil
		}
		if p.peekWord() == "without" {
			p.word()
			p.word()
			p.word()
		}
		return strings.ToUpper(w), nil
	case "interval":
		for _, x := range []string{"day", "to", "second", "year", "month"} {
			if p.peekWord() == x {
				p.word()
			}
		}
		return "INTERVAL", nil
	case "array":
		return p.array()
	case "map":
		return p.mapType()
	case "row", "struct":
		return p.row()
	}
	if t, ok := simpleTypes[w]; ok {
		return t, nil
	}
	return "", fmt.Errorf("Unknown type: %s", p.s)
}

func (p *typeParser) open() (byte, error) {
	if p.eat('(') {
		return ')', nil
	}
	if p.eat('<') {
		return '>', nil
	}
	return 0, fmt.Errorf("Unknown type: %s", p.s)
}

func (p *typeParser) array() (string, error) {
	closer, err := p.open()
	if err != nil {
		return "", err
	}
	elem, err := p.parse()
	if err != nil {
		return "", err
	}
	if !p.eat(closer) {
		return "", fmt.Errorf("Unknown type: %s", p.s)
	}
	return elem + "[]", nil
}

func (p *typeParser) mapType() (string, error) {
	closer, err := p.open()
	if err != nil {
		return "", err
	}
	k, err := p.parse()
	if err != nil {
		return "", err
	}
	if !p.eat(',') {
		return "", fmt.Errorf("Unknown type: %s", p.s)
	}
	v, err := p.parse()
	if err != nil {
		return "", err
	}
	if !p.eat(closer) {
		return "", fmt.Errorf("Unknown type: %s", p.s)
	}
	return "MAP(" + k + ", " + v + ")", nil
}

func (p *typeParser) row() (string, error) {
	closer, err := p.open()
	if err != nil {
		return "", err
	}
	var fields []string
	for {
		p.skip()
		name, err := p.fieldName()
		if err != nil {
			return "", err
		}
		p.eat(':')
		ft, err := p.parse()
		if err != nil {
			return "", err
		}
		fields = append(fields, quoteIdent(name)+" "+ft)
		if p.eat(closer) {
			return "STRUCT(" + strings.Join(fields, ", ") + ")", nil
		}
		if !p.eat(',') {
			return "", fmt.Errorf("Unknown type: %s", p.s)
		}
	}
}

func (p *typeParser) fieldName() (string, error) {
	if p.i < len(p.s) && (p.s[p.i] == '"' || p.s[p.i] == '`') {
		q := p.s[p.i]
		end := strings.IndexByte(p.s[p.i+1:], q)
		if end < 0 {
			return "", fmt.Errorf("Unknown type: %s", p.s)
		}
		name := p.s[p.i+1 : p.i+1+end]
		p.i += end + 2
		return strings.ToLower(name), nil
	}
	name := p.word()
	if name == "" {
		return "", fmt.Errorf("Unknown type: %s", p.s)
	}
	return name, nil
}
