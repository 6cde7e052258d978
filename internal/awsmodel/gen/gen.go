package gen

import (
	"fmt"
	"go/format"
	"slices"
	"strings"
)

// Files are the generated files of one service package, by file name.
type Files map[string][]byte

// Generate builds the Go package pkg (zz_shapes.go, zz_validate.go,
// zz_operations.go) from the Smithy JSON model in data. source names the
// model file in the "Code generated" header.
func Generate(data []byte, source, pkg string) (Files, error) {
	m, err := ParseModel(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	g, err := newGenerator(m, source, pkg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	out := Files{}
	for name, emit := range map[string]func() ([]byte, error){
		"zz_shapes.go":      g.emitShapes,
		"zz_validate.go":    g.emitValidate,
		"zz_operations.go":  g.emitOperations,
		"zz_shapes_test.go": g.emitShapeList,
	} {
		src, err := emit()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", source, name, err)
		}
		formatted, err := format.Source(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: gofmt: %w", source, name, err)
		}
		out[name] = formatted
	}
	return out, nil
}

// operation is one API operation with its input and output shape IDs
// ("smithy.api#Unit" when it has none).
type operation struct {
	Name, Input, Output string
}

// generator holds one service's analysed model.
type generator struct {
	m      *Model
	source string
	pkg    string
	svcID  string
	svc    *Shape
	ops    []operation

	// reach holds every shape reachable from an operation's input or
	// output; inputReach those reachable from an input.
	reach, inputReach map[string]bool
	// typeNames maps structure and union IDs to Go type names; enumVars
	// maps enum shape IDs to their <Enum>Values variables.
	typeNames map[string]string
	enumVars  map[string]string
	unitName  string
	// checks says whether a shape, used as a value, has anything to
	// validate.
	checks map[string]bool
	// fields maps "structID$member" to the Go field name.
	fields map[string]string
}

func newGenerator(m *Model, source, pkg string) (*generator, error) {
	g := &generator{
		m: m, source: source, pkg: pkg,
		reach: map[string]bool{}, inputReach: map[string]bool{},
		typeNames: map[string]string{}, enumVars: map[string]string{},
		checks: map[string]bool{}, fields: map[string]string{},
	}
	for id, s := range m.Shapes {
		if s.Type == "service" {
			if g.svc != nil {
				return nil, fmt.Errorf("more than one service shape")
			}
			g.svcID, g.svc = id, s
		}
	}
	if g.svc == nil {
		return nil, fmt.Errorf("no service shape")
	}
	if err := g.collectOperations(); err != nil {
		return nil, err
	}
	for _, op := range g.ops {
		g.walk(op.Input, true)
		g.walk(op.Output, false)
	}
	g.assignNames()
	g.computeChecks()
	return g, nil
}

// collectOperations lists the service's operations, including those bound
// to its resources, sorted by name.
func (g *generator) collectOperations() error {
	seen := map[string]bool{}
	var visit func(refs []Ref) error
	addOp := func(id string) error {
		if seen[id] {
			return nil
		}
		seen[id] = true
		s, ok := g.m.Shapes[id]
		if !ok || s.Type != "operation" {
			return fmt.Errorf("operation %s not in model", id)
		}
		op := operation{Name: shapeName(id), Input: "smithy.api#Unit", Output: "smithy.api#Unit"}
		if s.Input != nil {
			op.Input = s.Input.Target
		}
		if s.Output != nil {
			op.Output = s.Output.Target
		}
		g.ops = append(g.ops, op)
		return nil
	}
	visit = func(refs []Ref) error {
		for _, r := range refs {
			s, ok := g.m.Shapes[r.Target]
			if !ok {
				return fmt.Errorf("shape %s not in model", r.Target)
			}
			if s.Type == "operation" {
				if err := addOp(r.Target); err != nil {
					return err
				}
				continue
			}
			// A resource: its lifecycle and listed operations, then its
			// child resources.
			var own []Ref
			for _, p := range []*Ref{s.Create, s.Put, s.Read, s.Update, s.Delete, s.List} {
				if p != nil {
					own = append(own, *p)
				}
			}
			own = append(append(own, s.Operations...), s.CollectionOperations...)
			if err := visit(own); err != nil {
				return err
			}
			if err := visit(s.Resources); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(append(append([]Ref(nil), g.svc.Operations...), g.svc.Resources...)); err != nil {
		return err
	}
	slices.SortFunc(g.ops, func(a, b operation) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

// kind is the simple type of a shape ID, resolving prelude shapes.
func (g *generator) kind(id string) string {
	if t, ok := preludeType(id); ok {
		return t
	}
	if s, ok := g.m.Shapes[id]; ok {
		if s.Type == "string" && hasTrait(s.Traits, "smithy.api#enum") {
			return "enum"
		}
		return s.Type
	}
	return ""
}

func (g *generator) shape(id string) *Shape {
	if s, ok := g.m.Shapes[id]; ok {
		return s
	}
	return &Shape{Type: g.kind(id)}
}

// walk marks id and everything it refers to as reachable.
func (g *generator) walk(id string, input bool) {
	if input {
		if g.inputReach[id] {
			return
		}
		g.inputReach[id] = true
	} else if g.reach[id] {
		return
	}
	g.reach[id] = true
	s := g.shape(id)
	for _, m := range s.Members {
		if s.Type == "enum" || s.Type == "intEnum" {
			break
		}
		g.walk(m.Target, input)
	}
	for _, m := range []*Member{s.Member, s.Key, s.Value} {
		if m != nil {
			g.walk(m.Target, input)
		}
	}
}

// assignNames gives every reachable structure and union its Go type name,
// every reachable enum its Values variable, and every member its field name.
func (g *generator) assignNames() {
	ids := sortedIDs(g.reach)
	n := newNamer("Operations", "OperationInfo", "OperationShapes", "TargetPrefix", "ServiceName", "APIVersion")
	for _, id := range ids {
		if k := g.kind(id); k == "structure" || k == "union" {
			g.typeNames[id] = n.take(exportName(shapeName(id)))
		}
	}
	for _, op := range g.ops {
		if op.Input == "smithy.api#Unit" || op.Output == "smithy.api#Unit" {
			g.unitName = n.take("Unit")
			break
		}
	}
	for _, id := range ids {
		if k := g.kind(id); k == "enum" || k == "intEnum" {
			g.enumVars[id] = n.take(exportName(shapeName(id)) + "Values")
		}
	}
	for _, id := range ids {
		if _, ok := g.typeNames[id]; !ok {
			continue
		}
		fn := newNamer("Validate")
		for _, m := range g.m.Shapes[id].Members {
			g.fields[id+"$"+m.Name] = fn.take(exportName(m.Name))
		}
	}
}

func sortedIDs(set map[string]bool) []string {
	ids := make([]string, 0, len(set))
	for id := range set {
		if _, prelude := preludeType(id); !prelude {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		if c := strings.Compare(shapeName(a), shapeName(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return ids
}

// wireName is a member's JSON name: its jsonName trait, else its name.
func wireName(m *Member) string {
	if n, ok := stringTrait(m.Traits, "smithy.api#jsonName"); ok {
		return n
	}
	return m.Name
}
