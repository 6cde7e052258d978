package gen

import (
	"regexp"
	"testing"
)

func TestTranslatePattern(t *testing.T) {
	tests := []struct {
		src, display   string
		match, nomatch []string
	}{
		{`^[a-zA-Z0-9_.-]+$`, `[a-zA-Z0-9_.-]+`, []string{"my-stream_1.x"}, []string{"my stream!", ""}},
		// Coral matched whole values: "0abc" must fail although ^0 would match.
		{`^0|([1-9]\d{0,38})$`, `0|([1-9]\d{0,38})`, []string{"0", "12345"}, []string{"0abc", "", "01"}},
		// Surrogate pairs are one supplementary range in Java.
		{`^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$`, `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`,
			[]string{"", "abc\tdef", "\U0001F600"}, []string{"a\nb", "\x01"}},
		// A '-' after a range is literal in Java, not the range '-'..'_'.
		{`^[a-zA-Z0-9-_$#.]+$`, `[a-zA-Z0-9-_$#.]+`, []string{"a-b_c$#."}, []string{"a/b", "a:b", "a@b"}},
		// Leading negative lookahead becomes a Reject expression.
		{`^(?!(.*[.\/\\]|aws:)).*$`, `(?!(.*[.\/\\]|aws:)).*`, []string{"catalog"}, []string{"aws:x", "a.b", `a\b`}},
		{`^(?!.*[/:\\])[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]+$`, `(?!.*[/:\\])[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]+`,
			[]string{"notebook 1"}, []string{"a/b", "a:b", ""}},
		// Unanchored patterns search, as Smithy specifies.
		{`^arn:aws:kms:`, `^arn:aws:kms:`, []string{"arn:aws:kms:us-east-1:1:key/x"}, []string{"xarn:aws:kms:"}},
		{`\S`, `\S`, []string{"  x "}, []string{"   "}},
		{`^\p{Print}+$`, `\p{Print}+`, []string{"a b~"}, []string{"a\tb", "é"}},
		{`^[\p{Alnum}_]+$`, `[\p{Alnum}_]+`, []string{"a_1"}, []string{"a-1"}},
		{`^[\p{L}\p{N}\p{P}]*$`, `[\p{L}\p{N}\p{P}]*`, []string{"héllo,1"}, []string{"a b"}},
	}
	for _, tt := range tests {
		p, err := translatePattern(tt.src)
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		if p.Display != tt.display {
			t.Errorf("%s: display %q, want %q", tt.src, p.Display, tt.display)
		}
		match := regexp.MustCompile(p.Match)
		var reject *regexp.Regexp
		if p.Reject != "" {
			reject = regexp.MustCompile(p.Reject)
		}
		ok := func(s string) bool { return match.MatchString(s) && (reject == nil || !reject.MatchString(s)) }
		for _, s := range tt.match {
			if !ok(s) {
				t.Errorf("%s (as %s / %s) should match %q", tt.src, p.Match, p.Reject, s)
			}
		}
		for _, s := range tt.nomatch {
			if ok(s) {
				t.Errorf("%s (as %s / %s) should not match %q", tt.src, p.Match, p.Reject, s)
			}
		}
	}
}

func TestTranslatePatternRejects(t *testing.T) {
	for _, src := range []string{`^a(?=b)`, `^(?<!x)a$`, `^[a-z&&[^b]]$`, `^a++$`, `^\Qa.b\E$`, `x(?!y)`, `^\uD800$`} {
		if p, err := translatePattern(src); err == nil {
			t.Errorf("%s: translated to %+v, want an error", src, p)
		}
	}
}

// FuzzTranslatePattern checks that translation never panics and that
// whatever it accepts compiles under RE2.
func FuzzTranslatePattern(f *testing.F) {
	for _, seed := range []string{
		`^[a-zA-Z0-9_.-]+$`, `^0|([1-9]\d{0,38})$`, `^(?!(.*[.\/\\]|aws:)).*$`,
		`^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$`, `^[a-zA-Z0-9-_$#.]+$`,
		`^\p{Print}+$`, `[\P{Alpha}]`, `\`, `[`, `(?!`, `\u12`, `[a-\u0041]`, `^[^\r\n]$`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := translatePattern(src)
		if err != nil {
			return
		}
		if _, err := regexp.Compile(p.Match); err != nil {
			t.Fatalf("%q: accepted but %v", src, err)
		}
	})
}
