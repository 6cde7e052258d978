package glue

import (
	"slices"
	"testing"

	"github.com/nubo-dev/nubo/internal/awsmodel/modeltest"
)

func TestShapesRoundTripJSON(t *testing.T) {
	modeltest.RoundTrip(t, generatedShapes)
}

func TestOperations(t *testing.T) {
	if len(Operations) != len(OperationShapes) {
		t.Fatalf("%d operations, %d shape entries", len(Operations), len(OperationShapes))
	}
	for _, op := range []string{"CreateDatabase", "GetTables", "CreateTable", "StartJobRun", "BatchCreatePartition"} {
		if !slices.Contains(Operations, op) {
			t.Errorf("Operations lacks %s", op)
		}
	}
	if ServiceName != "AWSGlue" {
		t.Errorf("ServiceName = %q", ServiceName)
	}
}
