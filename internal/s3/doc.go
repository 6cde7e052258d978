// Package s3 is nubo's Amazon S3 service: the restXml API semantics of
// buckets, objects, multipart uploads, versioning, tagging, CORS and
// checksums, on top of the object engine (internal/engine/objects).
//
// Requests reach it from the edge already authenticated. The service works
// out the bucket and key from the host and path (path-style and
// virtual-hosted), picks the operation from the method, sub-resource query
// parameters and headers using a table generated from the S3 Smithy model
// (operations_gen.go), and answers every operation it does not implement
// with NotImplemented. Errors are *awsproto.Error values rendered as S3's
// <Error> document.
package s3
