package glue

import (
	"strings"

	"github.com/nubo-dev/nubo/internal/hivetype"
)

// hiveType is an inferred column type in Hive's type system, which Glue
// writes as strings such as "array<struct<id:int,name:string>>".
type hiveType struct {
	kind   string // "null", "boolean", "int", "bigint", "double", "timestamp", "string", "array", "struct"
	elem   *hiveType
	fields []hiveField
}

type hiveField struct {
	name string
	typ  *hiveType
}

var (
	typeNull      = &hiveType{kind: "null"}
	typeStringVal = &hiveType{kind: "string"}
)

// numericRank orders the numeric kinds a wider type absorbs.
var numericRank = map[string]int{"int": 1, "bigint": 2, "double": 3}

// mergeTypes returns the narrowest type both a and b fit: NULL adds
// nothing, numbers widen, arrays and structs merge member by member, and
// anything else becomes string.
func mergeTypes(a, b *hiveType) *hiveType {
	switch {
	case a == nil || a.kind == "null":
		return b
	case b == nil || b.kind == "null":
		return a
	case a.kind == b.kind && a.kind == "array":
		return &hiveType{kind: "array", elem: mergeTypes(a.elem, b.elem)}
	case a.kind == b.kind && a.kind == "struct":
		return mergeStructs(a, b)
	case a.kind == b.kind:
		return a
	}
	ra, oka := numericRank[a.kind]
	rb, okb := numericRank[b.kind]
	if oka && okb {
		if ra > rb {
			return a
		}
		return b
	}
	return typeStringVal
}

func mergeStructs(a, b *hiveType) *hiveType {
	out := &hiveType{kind: "struct", fields: append([]hiveField(nil), a.fields...)}
	for _, f := range b.fields {
		found := false
		for i := range out.fields {
			if strings.EqualFold(out.fields[i].name, f.name) {
				out.fields[i].typ = mergeTypes(out.fields[i].typ, f.typ)
				found = true
				break
			}
		}
		if !found {
			out.fields = append(out.fields, f)
		}
	}
	return out
}

// String renders the type the way Glue writes it; unknown types (only
// NULLs seen) become string.
func (t *hiveType) String() string {
	if t == nil {
		return "string"
	}
	switch t.kind {
	case "null":
		return "string"
	case "array":
		return "array<" + t.elem.String() + ">"
	case "struct":
		parts := make([]string, len(t.fields))
		for i, f := range t.fields {
			parts[i] = f.name + ":" + f.typ.String()
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	}
	return t.kind
}

// parseHiveType reads a type string back (for merging schemas of files
// whose columns are already rendered). Types it does not model stay opaque.
func parseHiveType(s string) *hiveType {
	s = strings.TrimSpace(s)
	if elem, ok := hivetype.Inner(s, "array"); ok {
		return &hiveType{kind: "array", elem: parseHiveType(elem)}
	}
	if body, ok := hivetype.Inner(s, "struct"); ok {
		t := &hiveType{kind: "struct"}
		for _, f := range hivetype.StructFields(body) {
			t.fields = append(t.fields, hiveField{name: f.Name, typ: parseHiveType(f.Type)})
		}
		return t
	}
	return &hiveType{kind: s}
}
