package dialect

import (
	"sort"
	"strings"
)

// mark ties an offset in translated text to an offset in the original.
type mark struct{ out, in int }

// frag is a piece of translated SQL that remembers where its tokens came
// from, so DuckDB's error positions can be reported against the text the
// caller wrote.
type frag struct {
	b     strings.Builder
	marks []mark
}

// tok appends one token's text, originally at pos, with spacing.
func (f *frag) tok(text string, pos int) {
	f.space(text)
	if pos >= 0 {
		f.marks = append(f.marks, mark{f.b.Len(), pos})
	}
	f.b.WriteString(text)
}

// raw appends text produced by the translator itself (no new mark).
func (f *frag) raw(text string) {
	f.space(text)
	f.b.WriteString(text)
}

// add appends another fragment.
func (f *frag) add(g *frag) {
	s := g.b.String()
	if s == "" {
		return
	}
	f.space(s)
	base := f.b.Len()
	for _, m := range g.marks {
		f.marks = append(f.marks, mark{base + m.out, m.in})
	}
	f.b.WriteString(s)
}

// space inserts a separating space unless the join needs none.
func (f *frag) space(next string) {
	if f.b.Len() == 0 || next == "" {
		return
	}
	s := f.b.String()
	last := s[len(s)-1]
	first := next[0]
	switch {
	case last == ' ' || last == '(' || last == '[' || last == '.':
		return
	case first == ')' || first == ']' || first == ',' || first == '.' || first == ' ':
		return
	case first == '(' && isIdentPart(last):
		return
	case first == '[' && (isIdentPart(last) || last == ')' || last == ']' || last == '"'):
		return
	}
	f.b.WriteByte(' ')
}

func (f *frag) String() string { return f.b.String() }

// original maps an offset in the fragment's text to the original text.
func (f *frag) original(off int) int {
	i := sort.Search(len(f.marks), func(i int) bool { return f.marks[i].out > off })
	if i == 0 {
		if len(f.marks) > 0 {
			return f.marks[0].in
		}
		return 0
	}
	return f.marks[i-1].in
}

// fragOf builds a fragment from translator text.
func fragOf(s string) *frag {
	f := &frag{}
	f.raw(s)
	return f
}

// rawNoSpace appends translator text exactly as given.
func (f *frag) rawNoSpace(text string) { f.b.WriteString(text) }

// addNoSpace appends a fragment with no separating space.
func (f *frag) addNoSpace(g *frag) {
	base := f.b.Len()
	for _, m := range g.marks {
		f.marks = append(f.marks, mark{base + m.out, m.in})
	}
	f.b.WriteString(g.b.String())
}
