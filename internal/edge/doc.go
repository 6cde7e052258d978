// Package edge is nubo's single HTTP front door: it gives every request an
// ID, verifies its SigV4 signature, and hands it to the service it is for
// (by X-Amz-Target, by signing name, or to S3 when it carries neither).
package edge
