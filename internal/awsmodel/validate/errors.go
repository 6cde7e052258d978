package validate

import (
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// MaxReported is how many violations AWS lists in one ValidationException;
// further violations are dropped from the message and from its count.
const MaxReported = 10

// Errors collects constraint violations for one request. The zero value is
// ready to use.
type Errors struct {
	msgs []string
}

// Add records that value (already rendered: "null" or a quoted string) at
// path failed constraint.
func (e *Errors) Add(path, value, constraint string) {
	if len(e.msgs) >= MaxReported {
		return
	}
	e.msgs = append(e.msgs, "Value "+value+" at '"+path+"' failed to satisfy constraint: "+constraint)
}

// Null records a required member that is missing.
func (e *Errors) Null(path string) {
	e.Add(path, "null", "Member must not be null")
}

// Len is the number of violations recorded so far.
func (e *Errors) Len() int { return len(e.msgs) }

// Full reports whether no more violations will be recorded; generated code
// uses it to stop walking large inputs early.
func (e *Errors) Full() bool { return len(e.msgs) >= MaxReported }

// Err returns nil when nothing was recorded, else AWS's ValidationException
// (HTTP 400) listing every recorded violation.
func (e *Errors) Err() error {
	if len(e.msgs) == 0 {
		return nil
	}
	return awsproto.ValidationError("%s", e.Message())
}

// Message renders the violations the way AWS does.
func (e *Errors) Message() string {
	n := len(e.msgs)
	noun := " validation errors detected: "
	if n == 1 {
		noun = " validation error detected: "
	}
	return strconv.Itoa(n) + noun + strings.Join(e.msgs, "; ")
}

// Elem is the path of the i-th (0-based) element of the list at path, in
// AWS's notation: records.1.member.
func Elem(path string, i int) string {
	return path + "." + strconv.Itoa(i+1) + ".member"
}

// MapEntry is the path of the value under key in the map at path.
func MapEntry(path, key string) string {
	return path + "." + key + ".member"
}
