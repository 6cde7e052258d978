package glue

import (
	"regexp"
	"strings"
)

// parseS3Path splits "s3://bucket/prefix" into bucket and key prefix.
func parseS3Path(p string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(p, "s3://")
	if !ok {
		rest, ok = strings.CutPrefix(p, "s3a://")
	}
	if !ok {
		return "", "", errInvalid("Invalid S3 path: %s", p)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", errInvalid("Invalid S3 path: %s", p)
	}
	return bucket, prefix, nil
}

// compileExclusions turns a target's exclude patterns into one matcher over
// keys relative to the target path. Glue's patterns are globs: '*' matches
// within one path level, '**' across levels, '?' one character, '[...]' a
// class and '{a,b}' alternatives.
func compileExclusions(patterns []string) (func(string) bool, error) {
	if len(patterns) == 0 {
		return func(string) bool { return false }, nil
	}
	var res []*regexp.Regexp
	for _, p := range patterns {
		re, err := regexp.Compile("^" + globToRegexp(p) + "$")
		if err != nil {
			return nil, errInvalid("Invalid exclusion pattern: %s", p)
		}
		res = append(res, re)
	}
	return func(rel string) bool {
		for _, re := range res {
			if re.MatchString(rel) {
				return true
			}
		}
		return false
	}, nil
}

func globToRegexp(glob string) string {
	var b strings.Builder
	g := []rune(glob)
	depth := 0
	for i := 0; i < len(g); i++ {
		ch := g[i]
		switch {
		case ch == '*' && i+1 < len(g) && g[i+1] == '*':
			b.WriteString(".*")
			i++
		case ch == '*':
			b.WriteString("[^/]*")
		case ch == '?':
			b.WriteString("[^/]")
		case ch == '[':
			j := strings.IndexRune(string(g[i:]), ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := []rune(string(g[i:])[1:j])
			neg := len(class) > 0 && class[0] == '!'
			if neg {
				class = class[1:]
			}
			b.WriteString("[")
			if neg {
				b.WriteString("^")
			}
			for _, r := range class {
				if r == '\\' || r == '[' || r == ']' || r == '^' {
					b.WriteRune('\\')
				}
				b.WriteRune(r)
			}
			b.WriteString("]")
			i += len([]rune(string(g[i:])[:j]))
		case ch == '{':
			b.WriteString("(?:")
			depth++
		case ch == '}' && depth > 0:
			b.WriteString(")")
			depth--
		case ch == ',' && depth > 0:
			b.WriteString("|")
		case ch == '\\' && i+1 < len(g):
			i++
			b.WriteString(regexp.QuoteMeta(string(g[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	for ; depth > 0; depth-- {
		b.WriteString(")")
	}
	return b.String()
}
