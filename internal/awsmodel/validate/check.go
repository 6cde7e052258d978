package validate

import (
	"slices"
	"strings"
)

// String checks a present string member against r.
func (e *Errors) String(path, v string, r *StringRule) {
	for _, c := range r.violations(v) {
		e.Add(path, quote(v), c)
	}
}

// Blob checks a present blob member's size in bytes.
func (e *Errors) Blob(path string, v []byte, l Length) {
	if c := l.Violation(len(v)); c != "" {
		e.Add(path, quote(Render(v)), c)
	}
}

// Count checks the number of entries of a present list or map member; value
// is the list or map itself, rendered only when the check fails.
func (e *Errors) Count(path string, value any, n int, l Length) {
	if c := l.Violation(n); c != "" {
		e.Add(path, quote(Render(value)), c)
	}
}

// Int checks a present integer member against r.
func (e *Errors) Int(path string, v int64, r IntRange) {
	if c := r.violation(v); c != "" {
		e.Add(path, quote(Render(v)), c)
	}
}

// Float checks a present float or double member against r.
func (e *Errors) Float(path string, v float64, r FloatRange) {
	if c := r.violation(v); c != "" {
		e.Add(path, quote(Render(v)), c)
	}
}

// MapKeys checks every key of m against r. Like AWS, one bad key yields a
// single violation for the whole map that lists all of the key constraints.
func MapKeys[V any](e *Errors, path string, m map[string]V, r *StringRule) {
	for k := range m {
		if len(r.violations(k)) > 0 {
			e.Add(path, quote(Render(m)), "Map keys must satisfy constraint: ["+strings.Join(r.constraints(), ", ")+"]")
			return
		}
	}
}

// MapStringValues checks every string value of m against r, reporting one
// violation for the whole map.
func MapStringValues(e *Errors, path string, m map[string]string, r *StringRule) {
	for _, v := range m {
		if len(r.violations(v)) > 0 {
			e.Add(path, quote(Render(m)), "Map value must satisfy constraint: ["+strings.Join(r.constraints(), ", ")+"]")
			return
		}
	}
}

// MapIntValues checks every integer value of m against r.
func MapIntValues[V int32 | int64](e *Errors, path string, m map[string]V, r IntRange) {
	for _, v := range m {
		if r.violation(int64(v)) != "" {
			e.Add(path, quote(Render(m)), "Map value must satisfy constraint: ["+strings.Join(r.constraints(), ", ")+"]")
			return
		}
	}
}

// MapFloatValues checks every float value of m against r.
func MapFloatValues(e *Errors, path string, m map[string]float64, r FloatRange) {
	for _, v := range m {
		if r.violation(v) != "" {
			e.Add(path, quote(Render(m)), "Map value must satisfy constraint: ["+strings.Join(r.constraints(), ", ")+"]")
			return
		}
	}
}

// MapCountValues checks the size of every list or map value of m.
func MapCountValues[V any](e *Errors, path string, m map[string]V, size func(V) int, l Length) {
	for _, v := range m {
		if l.Violation(size(v)) != "" {
			e.Add(path, quote(Render(m)), "Map value must satisfy constraint: ["+strings.Join(l.constraints(), ", ")+"]")
			return
		}
	}
}

// SortedKeys returns m's keys in order, so walks over maps report their
// violations deterministically.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func quote(s string) string { return "'" + s + "'" }
