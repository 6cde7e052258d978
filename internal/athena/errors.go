package athena

import (
	"fmt"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// invalidRequest is Athena's InvalidRequestException.
func invalidRequest(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("InvalidRequestException", 400, format, args...)
}

// invalidRequestCode is an InvalidRequestException with an AthenaErrorCode.
func invalidRequestCode(code, format string, args ...any) *awsproto.Error {
	return invalidRequest(format, args...).With("AthenaErrorCode", code)
}

// resourceNotFound is Athena's ResourceNotFoundException.
func resourceNotFound(name, format string, args ...any) *awsproto.Error {
	e := awsproto.NewError("ResourceNotFoundException", 400, format, args...)
	if name != "" {
		e = e.With("ResourceName", name)
	}
	return e
}

// metadataError is Athena's MetadataException (a catalog lookup failed).
func metadataError(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("MetadataException", 400, format, args...)
}

// Error categories and types of Athena's error catalog.
const (
	categorySystem = 1
	categoryUser   = 2

	typeInternal     = 100
	typeEngine       = 200
	typeWriteResults = 401
	typeUser         = 1000
	typeData         = 1001
	typeDDL          = 1003
)

// queryError is why a query FAILED: Athena's StateChangeReason (an
// error name and message, "TABLE_NOT_FOUND: line 1:15: ...") and the
// AthenaError category and type.
type queryError struct {
	Name     string
	Message  string
	Category int
	Type     int
}

func (e *queryError) Error() string { return e.Reason() }

// Reason is the StateChangeReason text.
func (e *queryError) Reason() string {
	if e.Name == "" {
		return e.Message
	}
	return e.Name + ": " + e.Message
}

func userError(name, format string, args ...any) *queryError {
	return &queryError{Name: name, Message: fmt.Sprintf(format, args...), Category: categoryUser, Type: typeUser}
}

func ddlError(name, format string, args ...any) *queryError {
	return &queryError{Name: name, Message: fmt.Sprintf(format, args...), Category: categoryUser, Type: typeDDL}
}
