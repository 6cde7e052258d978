// Package gen turns the Smithy JSON models of AWS services into Go: the
// shapes an API's operations use (zz_shapes.go), Validate methods that check
// inputs the way AWS's Coral-based services do (zz_validate.go), and the
// operation list (zz_operations.go). It uses only the standard library; the
// command cmd/nubo-gen-model runs it, and its output is committed under
// internal/awsmodel/<service>.
package gen
