// Package sigv4 verifies AWS Signature Version 4 the way AWS does: the
// Authorization header, presigned query strings, signed and unsigned
// payload hashes, and (in chunked.go) aws-chunked streaming bodies.
package sigv4
