package dialect

import (
	"fmt"
	"strings"
)

// call is one function call being translated.
type call struct {
	t    *translator
	name string
	pos  int
	// args are the translated arguments; raw the original nodes.
	args []*frag
	raw  [][]*Node
}

// arg returns argument k's translation.
func (c *call) arg(k int) *frag { return c.args[k] }

// literal returns argument k's value when it is a string literal.
func (c *call) literal(k int) (string, bool) {
	if k >= len(c.raw) || len(c.raw[k]) != 1 || c.raw[k][0].Group || c.raw[k][0].Tok.Kind != String {
		return "", false
	}
	return c.raw[k][0].Tok.Value(), true
}

// errorf reports a problem with this call.
func (c *call) errorf(code, format string, args ...any) error {
	return &Error{Code: code, Pos: c.pos, Message: lineCol(c.t.sql, c.pos) + fmt.Sprintf(format, args...)}
}

// call translates name(args...).
func (t *translator) call(name Token, g *Node, out *frag) error {
	fn := strings.ToLower(name.Value())
	spec, ok := functions[fn]
	if !ok {
		if why, known := unsupported[fn]; known {
			return &Error{Code: "FUNCTION_NOT_FOUND", Pos: name.Pos,
				Message: lineCol(t.sql, name.Pos) + fmt.Sprintf("Function '%s' is not supported by nubo: %s", fn, why)}
		}
		return &Error{Code: "FUNCTION_NOT_FOUND", Pos: name.Pos, Message: lineCol(t.sql, name.Pos) + fmt.Sprintf("Function '%s' not registered", fn)}
	}
	c := &call{t: t, name: fn, pos: name.Pos}
	if len(g.Kids) > 0 {
		c.raw = SplitCommas(g.Kids)
	}
	for _, a := range c.raw {
		f, err := t.argument(a)
		if err != nil {
			return err
		}
		c.args = append(c.args, f)
	}
	if len(c.args) < spec.min || (spec.max >= 0 && len(c.args) > spec.max) {
		return c.errorf("FUNCTION_NOT_FOUND", "Unexpected parameters for function %s: %d argument(s)", fn, len(c.args))
	}
	f, err := spec.apply(c)
	if err != nil {
		return err
	}
	// The whole call maps back to the function name.
	out.tok("", name.Pos)
	out.add(f)
	return nil
}

// argument translates one call argument, turning Trino's lambda
// "x -> e" or "(x, y) -> e" into DuckDB's "lambda x, y: e".
func (t *translator) argument(a []*Node) (*frag, error) {
	if len(a) >= 3 && a[1].Is("->") {
		var params []string
		switch {
		case a[0].IsIdent():
			params = []string{identText(a[0].Tok)}
		case a[0].IsParen():
			for _, p := range SplitCommas(a[0].Kids) {
				if len(p) != 1 || !p[0].IsIdent() {
					return nil, t.mismatched(a, 0)
				}
				params = append(params, identText(p[0].Tok))
			}
		default:
			return nil, t.mismatched(a, 1)
		}
		body, err := t.expr(a[2:])
		if err != nil {
			return nil, err
		}
		f := &frag{}
		f.tok("lambda "+strings.Join(params, ", ")+":", a[0].Tok.Pos)
		f.add(body)
		return f, nil
	}
	return t.expr(a)
}

// spec describes how one Trino function translates.
type spec struct {
	min, max int // accepted argument counts (max -1: any)
	// tmpl is a template: {0}, {1}... stand for arguments, {*} for all of
	// them separated by commas, {1*} for those from the second on.
	tmpl string
	// rule computes the translation when a template is not enough.
	rule func(c *call) (*frag, error)
	// doc notes differences from Trino for the compatibility table.
	doc string
}

func (s spec) apply(c *call) (*frag, error) {
	if s.rule != nil {
		return s.rule(c)
	}
	return expand(s.tmpl, c.args), nil
}

// expand fills a template with argument fragments.
func expand(tmpl string, args []*frag) *frag {
	f := &frag{}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			f.rawNoSpace(lit.String())
			lit.Reset()
		}
	}
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '{' {
			lit.WriteByte(tmpl[i])
			continue
		}
		end := strings.IndexByte(tmpl[i:], '}')
		key := tmpl[i+1 : i+end]
		i += end
		flush()
		from := 0
		if strings.HasSuffix(key, "*") {
			if key != "*" {
				from = int(key[0] - '0')
			}
			for k := from; k < len(args); k++ {
				if k > from {
					f.rawNoSpace(", ")
				}
				f.addNoSpace(args[k])
			}
			continue
		}
		k := int(key[0] - '0')
		if len(key) == 2 {
			k = k*10 + int(key[1]-'0')
		}
		if k < len(args) {
			f.addNoSpace(args[k])
		}
	}
	flush()
	return f
}

// same translates a function that DuckDB has under the same name and with
// the same meaning.
func same(name string, min, max int) spec {
	return spec{min: min, max: max, tmpl: name + "({*})"}
}

// rename translates a function DuckDB has under another name.
func rename(to string, min, max int) spec {
	return spec{min: min, max: max, tmpl: to + "({*})"}
}
