package athena

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
	for _, op := range []string{"StartQueryExecution", "GetQueryExecution", "GetQueryResults", "CreateWorkGroup", "ListDataCatalogs"} {
		if !slices.Contains(Operations, op) {
			t.Errorf("Operations lacks %s", op)
		}
	}
	if ServiceName != "AmazonAthena" {
		t.Errorf("ServiceName = %q", ServiceName)
	}
}
