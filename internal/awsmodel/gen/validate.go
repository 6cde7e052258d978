package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsmodel/validate"
)

const validateImport = "github.com/nubo-dev/nubo/internal/awsmodel/validate"

// vemit writes zz_validate.go: one Validate method per structure reachable
// from an input, and the rule variables they share.
type vemit struct {
	g     *generator
	b     bytes.Buffer
	vars  bytes.Buffer
	names *namer
	// rules and pats map a rule's content to its variable, so shapes
	// with the same constraints share one.
	rules, pats map[string]string
	skipped     []string
	depth       int
	err         error
}

func (g *generator) emitValidate() ([]byte, error) {
	v := &vemit{g: g, names: newNamer(), rules: map[string]string{}, pats: map[string]string{}}
	for _, id := range sortedIDs(g.inputReach) {
		if name, ok := g.typeNames[id]; ok {
			v.structure(id, name)
		}
	}
	if v.err != nil {
		return nil, v.err
	}
	var out bytes.Buffer
	g.header(&out)
	usesRegexp := strings.Contains(v.vars.String(), "regexp.")
	usesValidate := strings.Contains(v.b.String(), "validate.")
	switch {
	case usesRegexp:
		fmt.Fprintf(&out, "import (\n\t\"regexp\"\n\n\t%q\n)\n\n", validateImport)
	case usesValidate:
		fmt.Fprintf(&out, "import %q\n\n", validateImport)
	}
	if len(v.skipped) > 0 {
		out.WriteString("// These model patterns use Java regex constructs RE2 cannot express, so\n")
		out.WriteString("// they are not checked:\n")
		for _, s := range v.skipped {
			out.WriteString("//   - " + s + "\n")
		}
		out.WriteString("\n")
	}
	if v.vars.Len() > 0 {
		out.WriteString("// Rules shared by the Validate methods. They are never modified.\n")
		out.WriteString("var (\n")
		out.Write(v.vars.Bytes())
		out.WriteString(")\n\n")
	}
	out.Write(v.b.Bytes())
	return out.Bytes(), nil
}

func (v *vemit) p(format string, args ...any) { fmt.Fprintf(&v.b, format, args...) }

func (v *vemit) structure(id, name string) {
	if !v.g.checks[id] {
		v.p("// Validate reports nil: the model puts no constraints on %s.\n", name)
		v.p("func (s *%s) Validate() error { return nil }\n\n", name)
		return
	}
	v.p("// Validate checks s against the model's required members, lengths, ranges,\n")
	v.p("// patterns and enums and returns AWS's ValidationException listing the\n")
	v.p("// violations.\n")
	v.p("func (s *%s) Validate() error {\n\tvar e validate.Errors\n\ts.validate(&e, \"\")\n\treturn e.Err()\n}\n\n", name)
	v.p("func (s *%s) validate(e *validate.Errors, p string) {\n", name)
	s := v.g.m.Shapes[id]
	for _, m := range s.Members {
		v.member(id, s, m, name)
	}
	v.p("}\n\n")
}

// member writes the checks of one structure or union member.
func (v *vemit) member(id string, s *Shape, m *Member, typeName string) {
	field := "s." + v.g.fields[id+"$"+m.Name]
	path := fmt.Sprintf("p+%q", pathName(wireName(m)))
	req := s.Type == "structure" && requiredNoDefault(m)
	kind := v.g.kind(m.Target)
	hint := typeName + v.g.fields[id+"$"+m.Name]
	if isStringKind(kind) && s.Type != "union" {
		rule := v.stringRule(m.Target, m.Traits, hint)
		switch {
		case req && rule != "":
			v.p("\tif %s == \"\" {\n\t\te.Null(%s)\n\t} else {\n\t\te.String(%s, %s, %s)\n\t}\n", field, path, path, field, rule)
		case req:
			v.p("\tif %s == \"\" {\n\t\te.Null(%s)\n\t}\n", field, path)
		case rule != "":
			v.p("\tif %s != \"\" {\n\t\te.String(%s, %s, %s)\n\t}\n", field, path, field, rule)
		}
		return
	}
	needs := v.g.memberNeeds(m)
	if !req && !needs {
		return
	}
	if req {
		v.p("\tif %s == nil {\n\t\te.Null(%s)\n\t}", field, path)
		if !needs {
			v.p("\n")
			return
		}
		v.p(" else {\n")
	} else {
		v.p("\tif %s != nil {\n", field)
	}
	expr := field
	if kind != "blob" && !isCompositeKind(kind) && kind != "document" {
		expr = "*" + field
	}
	v.contents(m.Target, m.Traits, expr, path, hint, true)
	v.p("\t}\n")
}

// contents writes the checks of a present value expr of shape id at path.
// withCount is false when the caller already checked a list's or map's size.
func (v *vemit) contents(id string, traits map[string]json.RawMessage, expr, path, hint string, withCount bool) {
	c := v.g.constraintsOf(id, traits)
	switch kind := v.g.kind(id); {
	case isStringKind(kind):
		if rule := v.stringRule(id, traits, hint); rule != "" {
			v.p("e.String(%s, %s, %s)\n", path, expr, rule)
		}
	case kind == "blob":
		if c.length != nil {
			v.p("e.Blob(%s, %s, %s)\n", path, expr, v.lengthLit(c.length))
		}
	case isIntKind(kind):
		if c.rng != nil {
			v.p("e.Int(%s, int64(%s), %s)\n", path, expr, v.intRangeLit(c.rng))
		}
	case isFloatKind(kind):
		if c.rng != nil {
			v.p("e.Float(%s, %s, %s)\n", path, expr, v.floatRangeLit(c.rng))
		}
	case kind == "list" || kind == "set":
		if withCount && c.length != nil {
			v.p("e.Count(%s, %s, len(%s), %s)\n", path, expr, expr, v.lengthLit(c.length))
		}
		elem := v.g.m.Shapes[id].Member
		if v.g.memberNeeds(elem) {
			i := v.local("i")
			v.p("for %s := range %s {\n", i, expr)
			v.contents(elem.Target, elem.Traits, expr+"["+i+"]", "validate.Elem("+path+", "+i+")", hint+"Member", true)
			v.p("}\n")
			v.depth--
		}
	case kind == "map":
		if withCount && c.length != nil {
			v.p("e.Count(%s, %s, len(%s), %s)\n", path, expr, expr, v.lengthLit(c.length))
		}
		v.mapContents(id, expr, path, hint)
	case kind == "structure" || kind == "union":
		if v.g.checks[id] {
			v.p("%s.validate(e, %s)\n", expr, withDot(path))
		}
	}
}

// mapContents checks a map's keys and values. Like AWS, constraints on
// simple keys and values yield one violation for the whole map; structured
// values are walked entry by entry.
func (v *vemit) mapContents(id, expr, path, hint string) {
	s := v.g.m.Shapes[id]
	if rule := v.stringRule(s.Key.Target, s.Key.Traits, hint+"Key"); rule != "" {
		v.p("validate.MapKeys(e, %s, %s, %s)\n", path, expr, rule)
	}
	val := s.Value
	c := v.g.constraintsOf(val.Target, val.Traits)
	kind := v.g.kind(val.Target)
	switch {
	case isStringKind(kind):
		if rule := v.stringRule(val.Target, val.Traits, hint+"Value"); rule != "" {
			v.p("validate.MapStringValues(e, %s, %s, %s)\n", path, expr, rule)
		}
		return
	case isIntKind(kind):
		if c.rng != nil {
			v.p("validate.MapIntValues(e, %s, %s, %s)\n", path, expr, v.intRangeLit(c.rng))
		}
		return
	case isFloatKind(kind):
		if c.rng != nil {
			v.p("validate.MapFloatValues(e, %s, %s, %s)\n", path, expr, v.floatRangeLit(c.rng))
		}
		return
	case kind == "blob" || !isCompositeKind(kind):
		return
	}
	if (kind == "list" || kind == "set" || kind == "map") && c.length != nil {
		t := v.g.goType(val.Target, false)
		v.p("validate.MapCountValues(e, %s, %s, func(v %s) int { return len(v) }, %s)\n", path, expr, t, v.lengthLit(c.length))
	}
	if !v.g.checks[val.Target] {
		return
	}
	k, x := v.local("k"), v.local("v")
	v.p("for _, %s := range validate.SortedKeys(%s) {\n%s := %s[%s]\n", k, expr, x, expr, k)
	v.contents(val.Target, val.Traits, x, "validate.MapEntry("+path+", "+k+")", hint+"Value", false)
	v.p("}\n")
	v.depth -= 2
}

// local names a loop variable unique within the nesting.
func (v *vemit) local(prefix string) string {
	v.depth++
	return prefix + strconv.Itoa(v.depth)
}

// stringRule returns the variable holding the constraints of a string or
// enum value, declaring it on first use, or "" when there are none.
func (v *vemit) stringRule(id string, traits map[string]json.RawMessage, hint string) string {
	c := v.g.constraintsOf(id, traits)
	enumVar := ""
	if v.g.isEnum(id) {
		enumVar = v.g.enumVars[id]
	}
	var pat string
	if c.pattern != "" {
		pat = v.pattern(c.pattern, id, traits, hint)
	}
	if c.length == nil && pat == "" && enumVar == "" {
		return ""
	}
	base := "rule" + v.ruleName(id, traits, hint)
	key := fmt.Sprintf("%s|%s|%s|%s", base, v.lengthLit(c.length), pat, enumVar)
	if name, ok := v.rules[key]; ok {
		return name
	}
	name := v.names.take(base)
	v.rules[key] = name
	var fields []string
	if c.length != nil {
		fields = append(fields, "Length: "+v.lengthLit(c.length))
	}
	if pat != "" {
		fields = append(fields, "Pattern: "+pat)
	}
	if enumVar != "" {
		fields = append(fields, "Enum: "+enumVar)
	}
	fmt.Fprintf(&v.vars, "\t%s = &validate.StringRule{%s}\n", name, strings.Join(fields, ", "))
	return name
}

// ruleName is the target shape's name, or the member's when the member
// carries constraints of its own.
func (v *vemit) ruleName(id string, traits map[string]json.RawMessage, hint string) string {
	for _, t := range []string{"smithy.api#length", "smithy.api#pattern"} {
		if hasTrait(traits, t) {
			return hint
		}
	}
	if _, prelude := preludeType(id); prelude {
		return hint
	}
	return exportName(shapeName(id))
}

// pattern returns the variable holding a translated pattern, or "" when
// RE2 cannot express it (the pattern is then listed as skipped).
func (v *vemit) pattern(src, id string, traits map[string]json.RawMessage, hint string) string {
	if name, ok := v.pats[src]; ok {
		return name
	}
	p, err := translatePattern(src)
	if err != nil {
		v.skipped = append(v.skipped, fmt.Sprintf("%s (%s): %v", goString(src), shapeName(id), err))
		v.pats[src] = ""
		return ""
	}
	name := v.names.take("pat" + v.ruleName(id, traits, hint))
	v.pats[src] = name
	fields := []string{"Text: " + goString(p.Display), "Match: regexp.MustCompile(" + goString(p.Match) + ")"}
	if p.Reject != "" {
		fields = append(fields, "Reject: regexp.MustCompile("+goString(p.Reject)+")")
	}
	fmt.Fprintf(&v.vars, "\t%s = &validate.Pattern{%s}\n", name, strings.Join(fields, ", "))
	return name
}

func (v *vemit) lengthLit(b *bounds) string {
	if b == nil {
		return ""
	}
	var f []string
	if b.Min != nil {
		f = append(f, "Min: "+v.intText(*b.Min), "HasMin: true")
	}
	if b.Max != nil {
		f = append(f, "Max: "+v.intText(*b.Max), "HasMax: true")
	}
	return "validate.Length{" + strings.Join(f, ", ") + "}"
}

func (v *vemit) intRangeLit(b *bounds) string {
	var f []string
	if b.Min != nil {
		f = append(f, "Min: "+v.intText(*b.Min), "HasMin: true")
	}
	if b.Max != nil {
		f = append(f, "Max: "+v.intText(*b.Max), "HasMax: true")
	}
	return "validate.IntRange{" + strings.Join(f, ", ") + "}"
}

func (v *vemit) floatRangeLit(b *bounds) string {
	var f []string
	for _, side := range []struct {
		n    *json.Number
		name string
	}{{b.Min, "Min"}, {b.Max, "Max"}} {
		if side.n == nil {
			continue
		}
		x, err := side.n.Float64()
		if err != nil {
			v.err = fmt.Errorf("range bound %s: %w", side.n, err)
			return ""
		}
		f = append(f, fmt.Sprintf("%s: %s, Has%s: true, %sText: %q", side.name, side.n, side.name, side.name, validate.JavaDouble(x)))
	}
	return "validate.FloatRange{" + strings.Join(f, ", ") + "}"
}

// intText renders an integer bound, rejecting fractions and values that
// do not fit an int64.
func (v *vemit) intText(n json.Number) string {
	if _, err := n.Int64(); err == nil {
		return n.String()
	}
	f, ok := new(big.Float).SetString(n.String())
	if ok && f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return strconv.FormatInt(i, 10)
		}
	}
	v.err = fmt.Errorf("bound %s is not an int64", n)
	return "0"
}

// goString quotes s as a Go literal, preferring a raw string so regular
// expressions stay readable.
func goString(s string) string {
	if strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// withDot appends "." to a path expression, inside its closing string
// literal when it has one (p+"name" becomes p+"name.").
func withDot(path string) string {
	if strings.HasSuffix(path, `"`) {
		return path[:len(path)-1] + `."`
	}
	return path + `+"."`
}

// requiredNoDefault reports whether a member must be present. A required
// member with a default is not: Smithy clients may leave a member out when
// it holds its default (Glue's Order.SortOrder, 0), and the server then
// assumes the default.
func requiredNoDefault(m *Member) bool {
	return hasTrait(m.Traits, "smithy.api#required") && !hasTrait(m.Traits, "smithy.api#default")
}
