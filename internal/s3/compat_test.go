package s3

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCompatibilityDoc checks that docs/compatibility/s3.md matches the
// operation table; NUBO_UPDATE_DOCS=1 rewrites it.
func TestCompatibilityDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "compatibility", "s3.md")
	want := CompatibilityDoc()
	if os.Getenv("NUBO_UPDATE_DOCS") != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with NUBO_UPDATE_DOCS=1 to create it)", err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date; run go test ./internal/s3 -run TestCompatibilityDoc with NUBO_UPDATE_DOCS=1", path)
	}
}

// TestHandlersAreOperations checks that every handler serves an operation
// of the model (or the browser POST upload).
func TestHandlersAreOperations(t *testing.T) {
	known := map[string]bool{opPostObject: true}
	for _, op := range operations {
		known[op.Name] = true
	}
	for name := range handlers() {
		if !known[name] {
			t.Errorf("handler %q is not an S3 operation", name)
		}
	}
	for name := range operationNotes() {
		if !known[name] {
			t.Errorf("note for unknown operation %q", name)
		}
	}
}
