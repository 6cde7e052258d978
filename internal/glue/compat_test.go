package glue

import (
	"bufio"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// implementedOperations calls every operation of the Glue model with an
// empty request and reports which ones answer something else than
// NotImplemented.
func implementedOperations(t *testing.T) map[string]bool {
	t.Helper()
	db, err := kv.Open(vfs.NewMem(), "meta")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	cat := NewCatalog(db, newMemStore(), logger)
	defer cat.Close()
	svc := NewService(cat, logger)
	out := map[string]bool{}
	for _, op := range awsglue.Operations {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
		req.Header.Set("X-Amz-Target", "AWSGlue."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, req)
		if rec.Code == http.StatusBadRequest && strings.Contains(rec.Body.String(), "UnknownOperation") {
			t.Fatalf("%s is not registered", op)
		}
		out[op] = rec.Code != http.StatusNotImplemented
	}
	return out
}

// TestCompatibilityDoc checks that docs/compatibility/glue.md lists every
// Glue operation with the status the service really has.
func TestCompatibilityDoc(t *testing.T) {
	impl := implementedOperations(t)
	f, err := os.Open("../../docs/compatibility/glue.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 4 {
			continue
		}
		op, status := strings.Trim(strings.TrimSpace(cells[1]), "`"), strings.TrimSpace(cells[2])
		want, known := impl[op]
		if !known {
			continue
		}
		listed[op] = true
		supported := status == "supported" || status == "partial"
		if supported != want {
			t.Errorf("%s: doc says %q, service implemented=%v", op, status, want)
		}
	}
	for op := range impl {
		if !listed[op] {
			t.Errorf("%s missing from docs/compatibility/glue.md", op)
		}
	}
}
