package validate

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Length is a smithy.api#length trait: characters for strings, bytes for
// blobs, entries for lists and maps.
type Length struct {
	Min, Max       int64
	HasMin, HasMax bool
}

// Violation returns AWS's wording for n breaking the bound, or "".
func (l Length) Violation(n int) string {
	if l.HasMin && int64(n) < l.Min {
		return "Member must have length greater than or equal to " + strconv.FormatInt(l.Min, 10)
	}
	if l.HasMax && int64(n) > l.Max {
		return "Member must have length less than or equal to " + strconv.FormatInt(l.Max, 10)
	}
	return ""
}

// constraints lists the bound the way AWS names it inside "Map keys must
// satisfy constraint: [...]": the upper bound first.
func (l Length) constraints() []string {
	var out []string
	if l.HasMax {
		out = append(out, "Member must have length less than or equal to "+strconv.FormatInt(l.Max, 10))
	}
	if l.HasMin {
		out = append(out, "Member must have length greater than or equal to "+strconv.FormatInt(l.Min, 10))
	}
	return out
}

// Pattern is a smithy.api#pattern trait translated to Go's RE2 syntax.
// Text is the pattern as AWS prints it in messages. Java's leading negative
// lookahead, which RE2 lacks, is kept as a separate Reject expression: a
// value matches when Match matches and Reject does not.
type Pattern struct {
	Text   string
	Match  *regexp.Regexp
	Reject *regexp.Regexp
}

// MatchString reports whether s satisfies the pattern.
func (p *Pattern) MatchString(s string) bool {
	if p.Reject != nil && p.Reject.MatchString(s) {
		return false
	}
	return p.Match.MatchString(s)
}

// StringRule holds the constraints of a string (or enum) shape.
type StringRule struct {
	Length  Length
	Pattern *Pattern
	Enum    []string
}

// violations lists the constraints s breaks, in AWS's order (pattern before
// length, as Kinesis reports them).
func (r *StringRule) violations(s string) []string {
	var out []string
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		out = append(out, "Member must satisfy regular expression pattern: "+r.Pattern.Text)
	}
	if v := r.Length.Violation(utf8.RuneCountInString(s)); v != "" {
		out = append(out, v)
	}
	if r.Enum != nil && !slices.Contains(r.Enum, s) {
		out = append(out, r.enumConstraint())
	}
	return out
}

func (r *StringRule) enumConstraint() string {
	return "Member must satisfy enum value set: [" + strings.Join(r.Enum, ", ") + "]"
}

// constraints lists every constraint of the rule, as AWS does for map keys.
func (r *StringRule) constraints() []string {
	out := r.Length.constraints()
	if r.Pattern != nil {
		out = append(out, "Member must satisfy regular expression pattern: "+r.Pattern.Text)
	}
	if r.Enum != nil {
		out = append(out, r.enumConstraint())
	}
	return out
}

// IntRange is a smithy.api#range trait on an integer member.
type IntRange struct {
	Min, Max       int64
	HasMin, HasMax bool
}

func (r IntRange) violation(v int64) string {
	if r.HasMin && v < r.Min {
		return "Member must have value greater than or equal to " + strconv.FormatInt(r.Min, 10)
	}
	if r.HasMax && v > r.Max {
		return "Member must have value less than or equal to " + strconv.FormatInt(r.Max, 10)
	}
	return ""
}

func (r IntRange) constraints() []string {
	var out []string
	if r.HasMax {
		out = append(out, "Member must have value less than or equal to "+strconv.FormatInt(r.Max, 10))
	}
	if r.HasMin {
		out = append(out, "Member must have value greater than or equal to "+strconv.FormatInt(r.Min, 10))
	}
	return out
}

// FloatRange is a smithy.api#range trait on a float or double member. The
// texts are the bounds as AWS prints them (Java's Double.toString: "1.0").
type FloatRange struct {
	Min, Max         float64
	HasMin, HasMax   bool
	MinText, MaxText string
}

func (r FloatRange) violation(v float64) string {
	if r.HasMin && v < r.Min {
		return "Member must have value greater than or equal to " + r.MinText
	}
	if r.HasMax && v > r.Max {
		return "Member must have value less than or equal to " + r.MaxText
	}
	return ""
}

func (r FloatRange) constraints() []string {
	var out []string
	if r.HasMax {
		out = append(out, "Member must have value less than or equal to "+r.MaxText)
	}
	if r.HasMin {
		out = append(out, "Member must have value greater than or equal to "+r.MinText)
	}
	return out
}
