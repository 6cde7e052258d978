package dialect

import "strings"

// Node is a significant token or a bracketed group of nodes: "( ... )" or
// "[ ... ]". Whitespace and comments are dropped; the translator inserts
// its own spacing.
type Node struct {
	Tok Token
	// Group is true for a bracketed group; Tok is then the opening bracket
	// and Close the closing one.
	Group bool
	Close Token
	Kids  []*Node
}

// Is reports whether n is the keyword or operator kw.
func (n *Node) Is(kw string) bool { return !n.Group && n.Tok.Is(kw) }

// IsParen reports whether n is a "( ... )" group.
func (n *Node) IsParen() bool { return n.Group && n.Tok.Text == "(" }

// IsIdent reports whether n is a (quoted or unquoted) identifier token.
func (n *Node) IsIdent() bool { return !n.Group && n.Tok.IsIdent() }

// Statement is a parsed statement: its text and top-level nodes (a
// trailing semicolon removed).
type Statement struct {
	SQL   string
	Nodes []*Node
}

// Parse lexes sql, substitutes execution parameters for "?" placeholders,
// and groups the tokens by brackets. A statement may end with one ";";
// more than one statement is refused.
func Parse(sql string, params []string) (*Statement, error) {
	toks, err := Lex(sql)
	if err != nil {
		return nil, err
	}
	toks, err = substituteParams(sql, toks, params)
	if err != nil {
		return nil, err
	}
	var sig []Token
	for _, t := range toks {
		if t.Kind != Space && t.Kind != Comment {
			sig = append(sig, t)
		}
	}
	for i, t := range sig {
		if t.Is(";") {
			if i != len(sig)-1 {
				return nil, &SyntaxError{Line: 1, Column: 1, Message: "Only one sql statement is allowed. Got: " + strings.TrimSpace(sql)}
			}
			sig = sig[:i]
		}
	}
	if len(sig) == 0 {
		return nil, syntaxErrorAt(sql, len(sql), "mismatched input '<EOF>'. Expecting: 'ALTER', 'ANALYZE', 'CALL', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UPDATE', 'USE', <query>")
	}
	nodes, err := group(sql, sig)
	if err != nil {
		return nil, err
	}
	return &Statement{SQL: sql, Nodes: nodes}, nil
}

// substituteParams replaces each "?" with the tokens of the next parameter.
// Parameters are SQL text (literals) as Athena's ExecutionParameters are.
func substituteParams(sql string, toks []Token, params []string) ([]Token, error) {
	count := 0
	for _, t := range toks {
		if t.Kind == Param {
			count++
		}
	}
	if count == 0 && len(params) == 0 {
		return toks, nil
	}
	if count != len(params) {
		return nil, &ParamCountError{Want: count, Got: len(params)}
	}
	out := make([]Token, 0, len(toks))
	next := 0
	for _, t := range toks {
		if t.Kind != Param {
			out = append(out, t)
			continue
		}
		ptoks, err := Lex(params[next])
		if err != nil {
			return nil, err
		}
		next++
		for _, p := range ptoks {
			// Parameter tokens take the placeholder's position so errors
			// point at the "?" the caller wrote.
			p.Pos = t.Pos
			out = append(out, p)
		}
	}
	return out, nil
}

// ParamCountError means the number of ExecutionParameters does not match
// the placeholders in the query.
type ParamCountError struct{ Want, Got int }

func (e *ParamCountError) Error() string {
	return "Incorrect number of parameters: expected " + itoa(e.Want) + " but found " + itoa(e.Got)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// group nests tokens by brackets.
func group(sql string, toks []Token) ([]*Node, error) {
	type frame struct {
		open  *Node
		nodes []*Node
	}
	stack := []frame{{}}
	for _, t := range toks {
		top := &stack[len(stack)-1]
		switch t.Text {
		case "(", "[":
			if t.Kind != Op {
				break
			}
			stack = append(stack, frame{open: &Node{Tok: t, Group: true}})
			continue
		case ")", "]":
			if t.Kind != Op {
				break
			}
			want := "("
			if t.Text == "]" {
				want = "["
			}
			if top.open == nil || top.open.Tok.Text != want {
				return nil, syntaxErrorAt(sql, t.Pos, "mismatched input '%s'. Expecting: <EOF>", t.Text)
			}
			g := top.open
			g.Close, g.Kids = t, top.nodes
			stack = stack[:len(stack)-1]
			parent := &stack[len(stack)-1]
			parent.nodes = append(parent.nodes, g)
			continue
		}
		top.nodes = append(top.nodes, &Node{Tok: t})
	}
	if len(stack) > 1 {
		return nil, syntaxErrorAt(sql, len(sql), "mismatched input '<EOF>'. Expecting: ')'")
	}
	return stack[0].nodes, nil
}

// SplitCommas splits nodes at top-level commas.
func SplitCommas(nodes []*Node) [][]*Node {
	var out [][]*Node
	start := 0
	for i, n := range nodes {
		if n.Is(",") {
			out = append(out, nodes[start:i])
			start = i + 1
		}
	}
	if len(nodes) > 0 {
		out = append(out, nodes[start:])
	}
	return out
}

// Text renders nodes back to SQL text (normalized spacing), for messages.
func Text(nodes []*Node) string {
	var b strings.Builder
	var prev *Node
	for _, n := range nodes {
		writeNode(&b, n, prev)
		prev = n
	}
	return b.String()
}

func writeNode(b *strings.Builder, n, prev *Node) {
	if prev != nil && needSpace(prev, n) {
		b.WriteByte(' ')
	}
	if !n.Group {
		b.WriteString(n.Tok.Text)
		return
	}
	b.WriteString(n.Tok.Text)
	var p *Node
	for _, k := range n.Kids {
		writeNode(b, k, p)
		p = k
	}
	b.WriteString(n.Close.Text)
}

// needSpace decides whether two adjacent nodes need a space between them
// when rendered.
func needSpace(prev, n *Node) bool {
	if n.Is(",") || n.Is(".") || n.Is(")") || prev.Is(".") || (prev.Group == false && prev.Tok.Text == "(") {
		return false
	}
	if n.Group && n.Tok.Text == "[" {
		return false // subscript: a[1]
	}
	if n.IsParen() && !prev.Group && prev.Tok.Kind == Ident && !isKeyword(prev.Tok.Value()) {
		return false // call: f(x)
	}
	return true
}
