// Package kinesis holds the Go shapes, input validation and operation list of
// Amazon Kinesis Data Streams (Kinesis_20131202, awsJson 1.1), generated from the AWS Smithy model
// by cmd/nubo-gen-model (see internal/awsmodel). The zz_*.go files are
// generated: change the generator, not them.
//
// Every structure an operation uses is a Go struct named after its shape,
// with json tags carrying the wire member names. Structures reachable from
// an input have a Validate method that reports AWS's ValidationException
// (awsproto.Register calls it before the handler runs). Operations lists
// every operation, so a service can register the ones it lacks as
// NotImplemented.
package kinesis
