package gen

import (
	"strings"
	"unicode"
)

// exportName turns a Smithy shape or member name into an exported Go
// identifier: characters Go does not allow become '_', the first letter is
// upper-cased, and a leading digit gets an 'X' in front. Go keywords are all
// lower case, so an exported name can never be one.
func exportName(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			if i == 0 && unicode.IsDigit(r) {
				b.WriteByte('X')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" {
		return "X"
	}
	if s[0] == '_' {
		s = "X" + s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// pathName is a member's name as AWS writes it in validation paths: the
// wire name with its first letter lower-cased (StreamName -> streamName).
func pathName(name string) string {
	if name == "" {
		return name
	}
	return strings.ToLower(name[:1]) + name[1:]
}

// namer hands out unique identifiers, appending '_' on a clash.
type namer struct{ used map[string]bool }

func newNamer(reserved ...string) *namer {
	n := &namer{used: map[string]bool{}}
	for _, r := range reserved {
		n.used[r] = true
	}
	return n
}

func (n *namer) take(want string) string {
	for n.used[want] {
		want += "_"
	}
	n.used[want] = true
	return want
}
