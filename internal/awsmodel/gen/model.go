package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Model is a Smithy JSON AST (the files in aws-models/), reduced to what the
// generator reads.
type Model struct {
	Shapes map[string]*Shape `json:"shapes"`
}

// Shape is one Smithy shape. Members keeps the model's member order, which is
// also the order violations are reported in.
type Shape struct {
	Type       string                     `json:"type"`
	Version    string                     `json:"version"`
	Members    Members                    `json:"members"`
	Member     *Member                    `json:"member"`
	Key        *Member                    `json:"key"`
	Value      *Member                    `json:"value"`
	Input      *Ref                       `json:"input"`
	Output     *Ref                       `json:"output"`
	Operations []Ref                      `json:"operations"`
	Resources  []Ref                      `json:"resources"`
	Traits     map[string]json.RawMessage `json:"traits"`
	// Resource shapes list their operations under these keys.
	Create, Put, Read, Update, Delete, List *Ref
	CollectionOperations                    []Ref `json:"collectionOperations"`
}

// Ref points at a shape by its absolute ID ("com.amazonaws.kinesis#StreamName").
type Ref struct {
	Target string `json:"target"`
}

// Member is a structure, union, list or map member.
type Member struct {
	Name   string                     `json:"-"`
	Target string                     `json:"target"`
	Traits map[string]json.RawMessage `json:"traits"`
}

// Members is a structure's members in model order.
type Members []*Member

// UnmarshalJSON decodes a JSON object keeping its key order.
func (ms *Members) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("members: want object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		m := &Member{Name: tok.(string)}
		if err := dec.Decode(m); err != nil {
			return fmt.Errorf("member %s: %w", m.Name, err)
		}
		*ms = append(*ms, m)
	}
	return nil
}

// ParseModel decodes a Smithy JSON model.
func ParseModel(data []byte) (*Model, error) {
	var m Model
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	for id, s := range m.Shapes {
		if s == nil {
			return nil, fmt.Errorf("shape %s: empty", id)
		}
	}
	return &m, nil
}

// shapeName is the part of a shape ID after '#'.
func shapeName(id string) string {
	if i := strings.LastIndexByte(id, '#'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// hasTrait reports whether traits carry the named Smithy trait.
func hasTrait(traits map[string]json.RawMessage, name string) bool {
	_, ok := traits[name]
	return ok
}

// stringTrait decodes a trait whose value is a JSON string.
func stringTrait(traits map[string]json.RawMessage, name string) (string, bool) {
	raw, ok := traits[name]
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// bounds is a length or range trait: {"min": n, "max": n}, either optional.
type bounds struct {
	Min *json.Number `json:"min"`
	Max *json.Number `json:"max"`
}

func boundsTrait(traits map[string]json.RawMessage, name string) (*bounds, error) {
	raw, ok := traits[name]
	if !ok {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var b bounds
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("trait %s: %w", name, err)
	}
	if b.Min == nil && b.Max == nil {
		return nil, nil
	}
	return &b, nil
}

// preludeType maps Smithy prelude shapes (smithy.api#String, ...) to their
// simple types.
func preludeType(id string) (string, bool) {
	if !strings.HasPrefix(id, "smithy.api#") {
		return "", false
	}
	name := strings.TrimPrefix(shapeName(id), "Primitive")
	switch name {
	case "String", "Blob", "Boolean", "Byte", "Short", "Integer", "Long", "Float",
		"Double", "BigInteger", "BigDecimal", "Timestamp", "Document":
		return strings.ToLower(name[:1]) + name[1:], true
	case "Unit":
		return "unit", true
	}
	return "", false
}
