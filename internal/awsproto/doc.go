// Package awsproto implements the AWS wire protocols once, for every service:
// awsJson 1.0/1.1 request dispatch, restXml responses, and each protocol's
// error format. Services hold only API semantics; they return *Error values
// and plain Go structs, and this package renders them the way AWS does.
package awsproto
