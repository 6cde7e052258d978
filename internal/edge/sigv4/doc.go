// Package sigv4 verifies AWS Signature Version 4 the way AWS does: the
// Authorization header and presigned query strings (parse.go), the
// canonical request (canonical.go), the signature, clock skew and presign
// lifetime (verify.go), signed and unsigned payload hashes (body.go),
// aws-chunked streaming bodies with chunk signatures and trailing checksums
// (chunked.go), and browser POST upload policies (post.go).
//
// The package is protocol neutral: failures are *Error values whose Kind
// the edge turns into S3's or the JSON services' error codes.
package sigv4
