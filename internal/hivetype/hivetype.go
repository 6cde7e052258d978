package hivetype

import "strings"

// Inner returns what stands between "kind<" and the closing ">" of s, and
// false when s is not a complete type of that kind. Matching is exact;
// callers lower-case and trim s first when they want to be lenient.
func Inner(s, kind string) (string, bool) {
	if len(s) < len(kind)+2 || !strings.HasPrefix(s, kind) || s[len(kind)] != '<' || !strings.HasSuffix(s, ">") {
		return "", false
	}
	return s[len(kind)+1 : len(s)-1], true
}

// Split splits s at the commas outside <...> and (...), so that the members
// of "a:int,b:map<string,int>,c:decimal(10,2)" stay whole. An empty s, or an
// empty last member after a trailing comma, yields nothing.
func Split(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '<', '(':
			depth++
		case '>', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// Field is one member of a struct type.
type Field struct {
	Name string
	Type string
}

// StructFields reads the members of a struct type from its inner text, as
// Inner(s, "struct") returns it: "id:int,tags:array<string>".
func StructFields(inner string) []Field {
	parts := Split(inner)
	fields := make([]Field, len(parts))
	for i, p := range parts {
		fields[i].Name, fields[i].Type, _ = strings.Cut(p, ":")
	}
	return fields
}
