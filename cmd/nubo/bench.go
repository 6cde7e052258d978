package main

import (
	"fmt"
	"os"

	benchload "github.com/nubo-dev/nubo/bench"
)

func bench(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("usage: nubo bench s3|kinesis [flags]")
	}
	return benchload.Run(args[0], args[1:], os.Stdout)
}
