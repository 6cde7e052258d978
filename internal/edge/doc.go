// Package edge is nubo's single HTTP front door: it gives every request an
// ID, picks the service it is for (by X-Amz-Target, by the signing name of
// its credential, or S3 when it carries neither), verifies its signature
// with package sigv4, and renders a refusal the way that service's
// protocol does (errors.go).
//
// Services reach two helpers from here: S3Error maps a failure to read a
// request body the edge wrapped (a bad aws-chunked chunk signature, a
// short body) or a POST policy failure onto S3's error, and BucketFromHost
// reads the bucket of a virtual-hosted-style request.
package edge
