// Package awsmodel holds Go code generated from the AWS Smithy models in
// ../shared/aws-models: one package per service (kinesis, athena, glue) with
// the API's shapes, Validate methods that report AWS's ValidationException
// wording, and the list of operations. The generator is in ./gen; run
// `go generate ./internal/awsmodel` after changing it and commit the output.
package awsmodel

//go:generate go run ../../cmd/nubo-gen-model -models ../../../shared/aws-models -out . kinesis athena glue
