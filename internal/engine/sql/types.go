package sql

import (
	"fmt"
	"strconv"
	"strings"
)

// Type describes a DuckDB column type as a tree: ID is DuckDB's base type
// name (INTEGER, VARCHAR, DECIMAL, LIST, ARRAY, MAP, STRUCT, ...), with
// precision and scale for DECIMAL, the element type for LIST and ARRAY, key
// and value types for MAP, and the ordered fields of a STRUCT.
type Type struct {
	ID        string
	Precision int
	Scale     int
	// Length is the fixed length of an ARRAY.
	Length int
	Elem   *Type
	Key    *Type
	Value  *Type
	Fields []Field
}

// Field is one member of a STRUCT type.
type Field struct {
	Name string
	Type Type
}

// String renders the type in DuckDB's syntax.
func (t Type) String() string {
	switch t.ID {
	case "DECIMAL":
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale)
	case "LIST":
		return t.Elem.String() + "[]"
	case "ARRAY":
		return fmt.Sprintf("%s[%d]", t.Elem.String(), t.Length)
	case "MAP":
		return "MAP(" + t.Key.String() + ", " + t.Value.String() + ")"
	case "STRUCT":
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = QuoteIdent(f.Name) + " " + f.Type.String()
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")"
	}
	return t.ID
}

// ParseType parses a type name as DuckDB prints it (the database type name
// of a result column), e.g. `DECIMAL(18,3)`, `INTEGER[]`,
// `MAP(VARCHAR, INTEGER[])`, `STRUCT("a" INTEGER, b VARCHAR)`.
func ParseType(s string) (Type, error) {
	p := &typeParser{s: s}
	t, err := p.parse()
	if err != nil {
		return Type{}, err
	}
	p.space()
	if p.i != len(p.s) {
		return Type{}, fmt.Errorf("sql: unexpected %q in type %q", p.s[p.i:], s)
	}
	return t, nil
}

type typeParser struct {
	s string
	i int
}

func (p *typeParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *typeParser) peek() byte {
	p.space()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *typeParser) expect(c byte) error {
	if p.peek() != c {
		return fmt.Errorf("sql: expected %q at %d in type %q", c, p.i, p.s)
	}
	p.i++
	return nil
}

// word reads a base type name, which may span several words
// ("TIMESTAMP WITH TIME ZONE", "DOUBLE PRECISION").
func (p *typeParser) word() string {
	p.space()
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '(' || c == ')' || c == ',' || c == '[' || c == ']' {
			break
		}
		p.i++
	}
	return strings.ToUpper(strings.TrimSpace(p.s[start:p.i]))
}

func (p *typeParser) parse() (Type, error) {
	name := p.word()
	if name == "" {
		return Type{}, fmt.Errorf("sql: missing type name at %d in %q", p.i, p.s)
	}
	t, err := p.parseArgs(name)
	if err != nil {
		return Type{}, err
	}
	return p.parseSuffixes(t)
}

func (p *typeParser) parseArgs(name string) (Type, error) {
	switch name {
	case "DECIMAL", "NUMERIC":
		t := Type{ID: "DECIMAL", Precision: 18, Scale: 3}
		if p.peek() != '(' {
			return t, nil
		}
		p.i++
		prec, err := p.number()
		if err != nil {
			return Type{}, err
		}
		t.Precision, t.Scale = prec, 0
		if p.peek() == ',' {
			p.i++
			if t.Scale, err = p.number(); err != nil {
				return Type{}, err
			}
		}
		return t, p.expect(')')
	case "MAP":
		if err := p.expect('('); err != nil {
			return Type{}, err
		}
		k, err := p.parse()
		if err != nil {
			return Type{}, err
		}
		if err := p.expect(','); err != nil {
			return Type{}, err
		}
		v, err := p.parse()
		if err != nil {
			return Type{}, err
		}
		return Type{ID: "MAP", Key: &k, Value: &v}, p.expect(')')
	case "STRUCT", "UNION":
		fields, err := p.fields()
		return Type{ID: name, Fields: fields}, err
	}
	t := Type{ID: name}
	if p.peek() == '(' {
		// Modifiers such as VARCHAR(10) carry nothing nubo needs.
		depth := 0
		for ; p.i < len(p.s); p.i++ {
			if p.s[p.i] == '(' {
				depth++
			} else if p.s[p.i] == ')' {
				depth--
				if depth == 0 {
					p.i++
					break
				}
			}
		}
	}
	return t, nil
}

func (p *typeParser) parseSuffixes(t Type) (Type, error) {
	for p.peek() == '[' {
		p.i++
		if p.peek() == ']' {
			p.i++
			elem := t
			t = Type{ID: "LIST", Elem: &elem}
			continue
		}
		n, err := p.number()
		if err != nil {
			return Type{}, err
		}
		if err := p.expect(']'); err != nil {
			return Type{}, err
		}
		elem := t
		t = Type{ID: "ARRAY", Elem: &elem, Length: n}
	}
	return t, nil
}

func (p *typeParser) fields() ([]Field, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	var out []Field
	for {
		name, err := p.fieldName()
		if err != nil {
			return nil, err
		}
		var ft Type
		if c := p.peek(); c == ',' || c == ')' || c == '(' || c == '[' {
			// An unnamed field: what was read is its type.
			p.i -= len(name)
			name = ""
		}
		ft, err = p.parse()
		if err != nil {
			return nil, err
		}
		out = append(out, Field{Name: name, Type: ft})
		switch p.peek() {
		case ',':
			p.i++
		case ')':
			p.i++
			return out, nil
		default:
			return nil, fmt.Errorf("sql: bad struct type %q", p.s)
		}
	}
}

// fieldName reads a possibly double-quoted struct field name.
func (p *typeParser) fieldName() (string, error) {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '"' {
		var b strings.Builder
		for p.i++; p.i < len(p.s); p.i++ {
			c := p.s[p.i]
			if c == '"' {
				if p.i+1 < len(p.s) && p.s[p.i+1] == '"' {
					b.WriteByte('"')
					p.i++
					continue
				}
				p.i++
				return b.String(), nil
			}
			b.WriteByte(c)
		}
		return "", fmt.Errorf("sql: unterminated field name in %q", p.s)
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != ' ' {
		p.i++
	}
	if start == p.i {
		return "", fmt.Errorf("sql: missing field name in %q", p.s)
	}
	return p.s[start:p.i], nil
}

func (p *typeParser) number() (int, error) {
	p.space()
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	n, err := strconv.Atoi(p.s[start:p.i])
	if err != nil {
		return 0, fmt.Errorf("sql: expected a number at %d in type %q", start, p.s)
	}
	return n, nil
}
