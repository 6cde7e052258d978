// Command nubo-gen-model generates the Go packages internal/awsmodel/<svc>
// (shapes, input validation, operation lists) from the AWS Smithy models.
//
//	nubo-gen-model -models ../../../shared/aws-models -out . kinesis athena glue
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nubo-dev/nubo/internal/awsmodel/gen"
)

func main() {
	models := flag.String("models", "../../../shared/aws-models", "directory holding <service>.json Smithy models")
	out := flag.String("out", ".", "directory in which to write one package per service")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: nubo-gen-model [-models dir] [-out dir] service...")
		os.Exit(2)
	}
	if err := gen.Run(*models, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "nubo-gen-model:", err)
		os.Exit(1)
	}
}
