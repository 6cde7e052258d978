package kinesis

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// TestOperationsCovered checks that every operation of the current API (as
// the AWS SDK for Go knows it) is answered, and listed in the
// compatibility doc with its status.
func TestOperationsCovered(t *testing.T) {
	h := newTestHandler(t)
	ops := h.Operations()
	doc, err := os.ReadFile("../../docs/compatibility/kinesis.md")
	if err != nil {
		t.Fatal(err)
	}
	client := reflect.TypeOf(&sdk.Client{})
	n := 0
	for i := 0; i < client.NumMethod(); i++ {
		name := client.Method(i).Name
		if name == "Options" {
			continue
		}
		n++
		if !slices.Contains(ops, name) {
			t.Errorf("operation %s is not registered", name)
		}
		if !strings.Contains(string(doc), "\n| "+name+" | ") {
			t.Errorf("operation %s is missing from docs/compatibility/kinesis.md", name)
		}
	}
	if n < 45 {
		t.Fatalf("only %d operations found on the SDK client", n)
	}
}
