package gen

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// pattern is a smithy.api#pattern translated from Java's regex dialect,
// which AWS's services evaluate, to Go's RE2.
type pattern struct {
	// Source is the pattern as the model states it.
	Source string
	// Display is the pattern as AWS prints it in messages. The Smithy
	// models wrap the Coral patterns in ^...$; Coral matched the whole
	// value and printed the pattern without them.
	Display string
	// Match must match the value; Reject, if set, must not (a leading
	// negative lookahead, which RE2 lacks).
	Match, Reject string
}

// translatePattern converts a model pattern, or explains why it cannot.
func translatePattern(src string) (*pattern, error) {
	p := &pattern{Source: src, Display: src}
	core := src
	startAnchor := strings.HasPrefix(core, "^")
	if startAnchor {
		core = core[1:]
	}
	endAnchor := strings.HasSuffix(core, "$") && !strings.HasSuffix(core, `\$`)
	if endAnchor {
		core = core[:len(core)-1]
	}
	if startAnchor && endAnchor {
		p.Display = core
	}
	if strings.HasPrefix(core, "(?!") {
		if !startAnchor {
			return nil, fmt.Errorf("negative lookahead not at the start")
		}
		end := closingParen(core)
		if end < 0 {
			return nil, fmt.Errorf("unbalanced lookahead")
		}
		look, err := javaToRE2(core[3:end])
		if err != nil {
			return nil, err
		}
		p.Reject = "^(?:" + look + ")"
		core = core[end+1:]
	}
	body, err := javaToRE2(core)
	if err != nil {
		return nil, err
	}
	p.Match = "(?:" + body + ")"
	if startAnchor {
		p.Match = "^" + p.Match
	}
	if endAnchor {
		p.Match += "$"
	}
	for _, re := range []string{p.Match, p.Reject} {
		if re == "" {
			continue
		}
		if _, err := regexp.Compile(re); err != nil {
			return nil, fmt.Errorf("RE2 rejects %q: %w", re, err)
		}
	}
	return p, nil
}

// closingParen returns the index of the parenthesis closing the group that
// opens s, or -1.
func closingParen(s string) int {
	depth, inClass := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case inClass:
			inClass = c != ']'
		case c == '[':
			inClass = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// javaToRE2 rewrites the Java constructs RE2 spells differently: \uXXXX
// escapes (joining surrogate pairs into one code point), Java's ASCII POSIX
// classes (\p{Alpha}), and a '-' right after a range inside a class, which
// Java takes literally and RE2 would read as another range. Constructs RE2
// lacks (lookaround, possessive quantifiers, class intersection) are
// reported as errors.
func javaToRE2(s string) (string, error) {
	t := &translator{src: s}
	for t.i < len(s) {
		var err error
		if t.inClass {
			err = t.classItem()
		} else {
			err = t.outsideItem()
		}
		if err != nil {
			return "", err
		}
	}
	return t.b.String(), nil
}

// translator walks a Java pattern once, writing the RE2 version.
type translator struct {
	src        string
	i          int
	b          strings.Builder
	inClass    bool
	afterRange bool
}

// outsideItem translates one item outside a character class.
func (t *translator) outsideItem() error {
	rest := t.src[t.i:]
	switch {
	case rest[0] == '\\':
		text, set, err := t.escape()
		if err != nil {
			return err
		}
		if set {
			text = "[" + text + "]"
		}
		t.b.WriteString(text)
		return nil
	case rest[0] == '[':
		t.inClass, t.afterRange = true, false
		open := "["
		if strings.HasPrefix(rest, "[^") {
			open = "[^"
		}
		t.b.WriteString(open)
		t.i += len(open)
		return nil
	case strings.HasPrefix(rest, "(?="), strings.HasPrefix(rest, "(?!"), strings.HasPrefix(rest, "(?<="),
		strings.HasPrefix(rest, "(?<!"), strings.HasPrefix(rest, "(?>"):
		return fmt.Errorf("lookaround or atomic group")
	}
	t.b.WriteByte(rest[0])
	t.i++
	return nil
}

// classItem translates one item inside a character class: its end, a
// single atom, or a range.
func (t *translator) classItem() error {
	rest := t.src[t.i:]
	switch {
	case rest[0] == ']':
		t.inClass = false
		t.b.WriteByte(']')
		t.i++
		return nil
	case rest[0] == '[' && !strings.HasPrefix(rest, "[:"):
		return fmt.Errorf("nested character class")
	case strings.HasPrefix(rest, "&&"):
		return fmt.Errorf("character class intersection")
	case rest[0] == '-' && t.afterRange && len(rest) > 1 && rest[1] != ']':
		t.b.WriteString(`\-`)
		t.i++
		t.afterRange = false
		return nil
	}
	lo, set, err := t.classAtom()
	if err != nil {
		return err
	}
	t.afterRange = false
	if rest := t.src[t.i:]; !set && len(rest) > 1 && rest[0] == '-' && rest[1] != ']' {
		t.i++
		hi, hiSet, err := t.classAtom()
		if err != nil {
			return err
		}
		if hiSet {
			return fmt.Errorf("range ending in a class")
		}
		lo += "-" + hi
		t.afterRange = true
	}
	t.b.WriteString(lo)
	return nil
}

// classAtom reads one character or escape inside a class; set is true for
// a POSIX class, whose contents are returned without brackets.
func (t *translator) classAtom() (text string, set bool, err error) {
	if t.src[t.i] == '\\' {
		return t.escape()
	}
	t.i++
	return t.src[t.i-1 : t.i], false, nil
}

// escape translates the escape at t.i. For a Java POSIX class it returns
// the class contents and set=true.
func (t *translator) escape() (text string, set bool, err error) {
	s := t.src[t.i:]
	if len(s) < 2 {
		return "", false, fmt.Errorf("trailing backslash")
	}
	switch s[1] {
	case 'u':
		r, n, err := javaUnicode(s)
		if err != nil {
			return "", false, err
		}
		t.i += n
		return fmt.Sprintf(`\x{%04X}`, r), false, nil
	case 'Q', 'E', 'G', 'Z', 'R', 'X', 'h', 'H', 'k':
		return "", false, fmt.Errorf("escape \\%c", s[1])
	case 'p', 'P':
		end := strings.IndexByte(s, '}')
		if end < 0 || len(s) < 3 || s[2] != '{' {
			break
		}
		posix, ok := posixClasses[s[3:end]]
		if !ok {
			break
		}
		if s[1] == 'P' {
			if t.inClass {
				return "", false, fmt.Errorf("negated POSIX class inside a class")
			}
			posix = "^" + posix
		}
		t.i += end + 1
		return posix, true, nil
	}
	t.i += 2
	return s[:2], false, nil
}

// posixClasses are Java's ASCII-only \p{Name} classes, as RE2 class
// contents.
var posixClasses = map[string]string{
	"Lower": "a-z", "Upper": "A-Z", "ASCII": `\x00-\x7F`, "Alpha": "a-zA-Z",
	"Digit": "0-9", "Alnum": "a-zA-Z0-9", "Punct": `!-/:-@\[-` + "`" + `{-~`,
	"Graph": "!-~", "Print": " -~", "Blank": ` \t`, "Cntrl": `\x00-\x1F\x7F`,
	"XDigit": "0-9a-fA-F", "Space": ` \t\n\x0B\f\r`,
}

// javaUnicode decodes \uXXXX, or a surrogate pair \uD8xx\uDCxx, which
// Java's regex engine reads as one supplementary code point.
func javaUnicode(s string) (rune, int, error) {
	hi, err := hex4(s)
	if err != nil {
		return 0, 0, err
	}
	if hi >= 0xD800 && hi <= 0xDBFF && strings.HasPrefix(s[6:], `\u`) {
		if lo, err := hex4(s[6:]); err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
			return (hi-0xD800)<<10 + (lo - 0xDC00) + 0x10000, 12, nil
		}
	}
	if hi >= 0xD800 && hi <= 0xDFFF {
		return 0, 0, fmt.Errorf("lone surrogate \\u%04X", hi)
	}
	return hi, 6, nil
}

func hex4(s string) (rune, error) {
	if len(s) < 6 {
		return 0, fmt.Errorf("short \\u escape")
	}
	v, err := strconv.ParseUint(s[2:6], 16, 32)
	if err != nil {
		return 0, fmt.Errorf("bad \\u escape %q", s[:6])
	}
	return rune(v), nil
}
