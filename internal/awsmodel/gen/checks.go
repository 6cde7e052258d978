package gen

import (
	"encoding/json"
	"strings"
)

// constraints are the length, range and pattern traits that apply to a
// value: a member's own traits override its target shape's.
type constraints struct {
	length, rng *bounds
	pattern     string
}

func (c constraints) empty() bool { return c.length == nil && c.rng == nil && c.pattern == "" }

func (g *generator) constraintsOf(target string, memberTraits map[string]json.RawMessage) constraints {
	var shapeTraits map[string]json.RawMessage
	if s, ok := g.m.Shapes[target]; ok {
		shapeTraits = s.Traits
	}
	pick := func(name string) map[string]json.RawMessage {
		if hasTrait(memberTraits, name) {
			return memberTraits
		}
		return shapeTraits
	}
	var c constraints
	// The model was checked when it was published, so malformed traits
	// are not expected; one that does not decode is treated as absent.
	c.length, _ = boundsTrait(pick("smithy.api#length"), "smithy.api#length")
	c.rng, _ = boundsTrait(pick("smithy.api#range"), "smithy.api#range")
	c.pattern, _ = stringTrait(pick("smithy.api#pattern"), "smithy.api#pattern")
	return c
}

// isEnum reports whether values of id must be one of its enum values.
func (g *generator) isEnum(id string) bool {
	return g.kind(id) == "enum" && g.enumVars[id] != ""
}

// memberNeeds reports whether a present value of member m has anything to
// check.
func (g *generator) memberNeeds(m *Member) bool {
	return !g.constraintsOf(m.Target, m.Traits).empty() || g.checks[m.Target]
}

// computeChecks finds, for every shape reachable from an input, whether a
// value of it has anything to validate. Recursive shapes make this a
// fixpoint: it starts from "nothing" and grows until stable.
func (g *generator) computeChecks() {
	ids := sortedIDs(g.inputReach)
	for changed := true; changed; {
		changed = false
		for _, id := range ids {
			if !g.checks[id] && g.directChecks(id) {
				g.checks[id] = true
				changed = true
			}
		}
	}
}

func (g *generator) directChecks(id string) bool {
	s := g.shape(id)
	c := g.constraintsOf(id, nil)
	switch g.kind(id) {
	case "string", "blob", "byte", "short", "integer", "long", "float", "double":
		return !c.empty()
	case "enum":
		return true
	case "list", "set":
		return c.length != nil || g.memberNeeds(s.Member)
	case "map":
		return c.length != nil || g.memberNeeds(s.Key) || g.memberNeeds(s.Value)
	case "structure", "union":
		for _, m := range s.Members {
			if (s.Type == "structure" && requiredNoDefault(m)) || g.memberNeeds(m) {
				return true
			}
		}
	}
	return false
}

// isIntKind and friends group Smithy simple types by their Go type.
func isIntKind(k string) bool {
	switch k {
	case "byte", "short", "integer", "intEnum", "long":
		return true
	}
	return false
}

func isFloatKind(k string) bool { return k == "float" || k == "double" }

func isStringKind(k string) bool { return k == "string" || k == "enum" }

func isCompositeKind(k string) bool {
	switch k {
	case "list", "set", "map", "structure", "union":
		return true
	}
	return false
}

// lowerFirst is used for rule variable names.
func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }
