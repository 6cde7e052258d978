package awsproto

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is an AWS API error: the code clients switch on, the HTTP status,
// and the message. Fields holds extra members some services add to their
// error bodies (S3's BucketName or Key, Athena's AthenaErrorCode).
type Error struct {
	Code       string
	Message    string
	HTTPStatus int
	// Sender is true for client faults, false for server faults; the
	// query and restXml protocols render it as <Type>Sender</Type>.
	Sender bool
	// Fields are extra members rendered in the error body, in order.
	Fields []Field
	// Header holds extra response headers (e.g. x-amz-delete-marker).
	Header http.Header
}

// Field is one extra member of an error body.
type Field struct {
	Name  string
	Value string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// With returns a copy of e with one more body member.
func (e *Error) With(name, value string) *Error {
	c := *e
	c.Fields = append(append([]Field(nil), e.Fields...), Field{name, value})
	return &c
}

// NewError builds a client-fault error with the given code, status and message.
func NewError(code string, status int, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Code: code, Message: msg, HTTPStatus: status, Sender: status < 500}
}

// AsError converts any error into an *Error; an unknown error becomes an
// InternalFailure (500) whose message does not leak internals.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: "InternalFailure", Message: "We encountered an internal error. Please try again.", HTTPStatus: 500}
}

// Common errors shared by the JSON services.
func ValidationError(format string, args ...any) *Error {
	return NewError("ValidationException", 400, format, args...)
}

func SerializationError(msg string) *Error {
	return NewError("SerializationException", 400, "%s", msg)
}

func UnknownOperation(op string) *Error {
	return NewError("UnknownOperationException", 400, "")
}

// NotImplemented is what nubo answers for an operation it does not support.
func NotImplemented(op string) *Error {
	return NewError("NotImplemented", 501, "The operation %s is not supported by nubo yet.", op)
}
