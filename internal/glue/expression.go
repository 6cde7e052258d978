package glue

import (
	"errors"
	"fmt"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// The partition Expression of GetPartitions is a SQL WHERE clause over the
// table's partition keys (AWS parses it with JSQLParser): comparisons
// (=, <>, !=, <, >, <=, >=), BETWEEN, IN, LIKE, IS [NOT] NULL, combined with
// AND, OR, NOT and parentheses. Values compare by the declared type of the
// partition key: string, date, timestamp, the integer types and decimal.

// maxExpressionDepth bounds nesting so a hostile expression cannot exhaust
// the stack.
const maxExpressionDepth = 100

// exprNode is a parsed boolean expression.
type exprNode interface {
	// eval returns the SQL truth value of the node for one partition:
	// 1 true, 0 false, -1 unknown (NULL).
	eval(p *partitionRow) int
}

// operand is one side of a predicate: a partition key or a literal.
type operand struct {
	key     int    // index of the partition key, or -1 for a literal
	literal string // the literal's text
	kind    tokenKind
	typed   string // "DATE" or "TIMESTAMP" for typed literals
	isNull  bool   // the NULL literal
	// val is the literal converted to the comparison's type, once, when
	// the predicate is built.
	val *value
}

type andNode struct{ l, r exprNode }
type orNode struct{ l, r exprNode }
type notNode struct{ x exprNode }
type constNode struct{ v int }

type compareNode struct {
	op   string
	l, r operand
	typ  keyType
}

type betweenNode struct {
	x, lo, hi operand
	not       bool
	typ       keyType
}

type inNode struct {
	x    operand
	list []operand
	not  bool
	typ  keyType
}

type likeNode struct {
	x, pattern operand
	not        bool
	match      func(string) bool
}

type isNullNode struct {
	x   operand
	not bool
}

// parser is a recursive-descent parser over the tokens of one expression.
type parser struct {
	toks  []token
	pos   int
	keys  []awsglue.Column
	depth int
}

// PartitionFilter is a compiled partition Expression for one table.
type PartitionFilter struct {
	root exprNode
	keys []awsglue.Column
}

// CompilePartitionExpression parses expr against a table's partition keys.
// An empty expression matches every partition. Errors are Glue's
// InvalidInputException.
func CompilePartitionExpression(expr string, keys []awsglue.Column) (*PartitionFilter, error) {
	if strings.TrimSpace(expr) == "" {
		return &PartitionFilter{root: constNode{1}, keys: keys}, nil
	}
	toks, err := lexExpression(expr)
	if err != nil {
		return nil, errInvalid("Unsupported expression '%s': %v", expr, err)
	}
	p := &parser{toks: toks, keys: keys}
	root, err := p.parseOr()
	if err == nil && p.peek().kind != tokEOF {
		err = fmt.Errorf("unexpected %s at position %d", describe(p.peek()), p.peek().pos)
	}
	if err != nil {
		if ie := new(invalidKeyError); errors.As(err, &ie) {
			return nil, errInvalid("%s", ie.msg)
		}
		return nil, errInvalid("Unsupported expression '%s': %v", expr, err)
	}
	return &PartitionFilter{root: root, keys: keys}, nil
}

// Match reports whether a partition with the given values satisfies the filter.
func (f *PartitionFilter) Match(values []string) bool {
	return f.root.eval(&partitionRow{values: values, keys: f.keys}) == 1
}

// invalidKeyError is a semantic error (unknown key, unsupported type),
// reported with its own message rather than as a syntax error.
type invalidKeyError struct{ msg string }

func (e *invalidKeyError) Error() string { return e.msg }

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of expression"
	case tokString:
		return "'" + t.text + "'"
	default:
		return "\"" + t.text + "\""
	}
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) isKeyword(word string) bool {
	t := p.peek()
	return t.kind == tokKeyword && t.text == word
}

func (p *parser) expectKeyword(word string) error {
	if !p.isKeyword(word) {
		return fmt.Errorf("expected %s but found %s at position %d", word, describe(p.peek()), p.peek().pos)
	}
	p.next()
	return nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxExpressionDepth {
		return fmt.Errorf("expression nested too deeply")
	}
	return nil
}

func (p *parser) parseOr() (exprNode, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	l, err := p.parseAnd()
	for err == nil && p.isKeyword("OR") {
		p.next()
		var r exprNode
		if r, err = p.parseAnd(); err == nil {
			l = orNode{l, r}
		}
	}
	return l, err
}

func (p *parser) parseAnd() (exprNode, error) {
	l, err := p.parseNot()
	for err == nil && p.isKeyword("AND") {
		p.next()
		var r exprNode
		if r, err = p.parseNot(); err == nil {
			l = andNode{l, r}
		}
	}
	return l, err
}

func (p *parser) parseNot() (exprNode, error) {
	if !p.isKeyword("NOT") {
		return p.parsePredicate()
	}
	p.next()
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	x, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	return notNode{x}, nil
}

// parsePredicate reads a parenthesized expression or one predicate.
func (p *parser) parsePredicate() (exprNode, error) {
	if p.peek().kind == tokLParen {
		p.next()
		x, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tokRParen {
			return nil, fmt.Errorf("expected ) but found %s at position %d", describe(p.peek()), p.peek().pos)
		}
		p.next()
		return x, nil
	}
	l, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	switch {
	case t.kind == tokOp:
		p.next()
		r, err := p.parseOperand()
		if err != nil {
			return nil, err
		}
		return p.newCompare(t.text, l, r)
	case t.kind == tokKeyword && t.text == "IS":
		p.next()
		not := false
		if p.isKeyword("NOT") {
			p.next()
			not = true
		}
		if err := p.expectKeyword("NULL"); err != nil {
			return nil, err
		}
		return isNullNode{x: l, not: not}, nil
	}
	not := false
	if p.isKeyword("NOT") {
		p.next()
		not = true
	}
	switch {
	case p.isKeyword("BETWEEN"):
		p.next()
		return p.parseBetween(l, not)
	case p.isKeyword("IN"):
		p.next()
		return p.parseIn(l, not)
	case p.isKeyword("LIKE"):
		p.next()
		return p.parseLike(l, not)
	}
	return nil, fmt.Errorf("expected an operator but found %s at position %d", describe(p.peek()), p.peek().pos)
}

func (p *parser) parseBetween(x operand, not bool) (exprNode, error) {
	lo, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	if err := p.expectKeyword("AND"); err != nil {
		return nil, err
	}
	hi, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	typ, err := p.operandType(x, lo, hi)
	if err != nil {
		return nil, err
	}
	return betweenNode{x: x.bind(typ), lo: lo.bind(typ), hi: hi.bind(typ), not: not, typ: typ}, nil
}

func (p *parser) parseIn(x operand, not bool) (exprNode, error) {
	if p.peek().kind != tokLParen {
		return nil, fmt.Errorf("expected ( but found %s at position %d", describe(p.peek()), p.peek().pos)
	}
	p.next()
	var list []operand
	for {
		o, err := p.parseOperand()
		if err != nil {
			return nil, err
		}
		list = append(list, o)
		if p.peek().kind == tokComma {
			p.next()
			continue
		}
		if p.peek().kind != tokRParen {
			return nil, fmt.Errorf("expected ) but found %s at position %d", describe(p.peek()), p.peek().pos)
		}
		p.next()
		break
	}
	typ, err := p.operandType(append([]operand{x}, list...)...)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i] = list[i].bind(typ)
	}
	return inNode{x: x.bind(typ), list: list, not: not, typ: typ}, nil
}

func (p *parser) parseLike(x operand, not bool) (exprNode, error) {
	pat, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	if pat.key >= 0 || pat.isNull {
		return nil, fmt.Errorf("LIKE needs a string pattern")
	}
	escape := rune(0)
	if p.isKeyword("ESCAPE") {
		p.next()
		e := p.next()
		r := []rune(e.text)
		if e.kind != tokString || len(r) != 1 {
			return nil, fmt.Errorf("ESCAPE needs a single character")
		}
		escape = r[0]
	}
	return likeNode{x: x, pattern: pat, not: not, match: compileLike(pat.literal, escape)}, nil
}

// parseOperand reads a partition key reference or a literal.
func (p *parser) parseOperand() (operand, error) {
	t := p.next()
	switch t.kind {
	case tokIdent:
		for i, k := range p.keys {
			if strings.EqualFold(k.Name, t.text) {
				return operand{key: i}, nil
			}
		}
		return operand{}, &invalidKeyError{msg: "Invalid partition expression!"}
	case tokString, tokNumber:
		return operand{key: -1, literal: t.text, kind: t.kind}, nil
	case tokKeyword:
		switch t.text {
		case "NULL":
			return operand{key: -1, isNull: true}, nil
		case "TRUE", "FALSE":
			return operand{key: -1, literal: strings.ToLower(t.text), kind: tokString}, nil
		case "DATE", "TIMESTAMP":
			s := p.next()
			if s.kind != tokString {
				return operand{}, fmt.Errorf("%s needs a quoted literal at position %d", t.text, s.pos)
			}
			return operand{key: -1, literal: s.text, kind: tokString, typed: t.text}, nil
		}
	}
	return operand{}, fmt.Errorf("unexpected %s at position %d", describe(t), t.pos)
}

// newCompare builds a comparison, typed by the partition key it involves.
func (p *parser) newCompare(op string, l, r operand) (exprNode, error) {
	if op == "!=" {
		op = "<>"
	}
	typ, err := p.operandType(l, r)
	if err != nil {
		return nil, err
	}
	return compareNode{op: op, l: l.bind(typ), r: r.bind(typ), typ: typ}, nil
}
