package kinesis

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// TestRegisterValidates checks the plumbing end to end: awsproto.Register
// decodes the body into the generated input and answers the generated
// ValidationException before the handler runs.
func TestRegisterValidates(t *testing.T) {
	svc := &awsproto.JSONService{TargetPrefix: ServiceName, Version: "1.1"}
	called := false
	awsproto.Register(svc, "CreateStream", func(context.Context, *CreateStreamInput) (*Unit, error) {
		called = true
		return &Unit{}, nil
	})
	tests := []struct {
		body       string
		wantStatus int
		wantBody   string
	}{
		{`{"StreamName":"bad name"}`, 400, `{"__type":"ValidationException","message":"1 validation error detected: Value 'bad name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"}`},
		{`{"StreamName":"good","ShardCount":1}`, 200, `{}`},
	}
	for _, tt := range tests {
		called = false
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
		req.Header.Set("X-Amz-Target", ServiceName+".CreateStream")
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != tt.wantStatus || string(body) != tt.wantBody {
			t.Errorf("%s: got %d %s, want %d %s", tt.body, rec.Code, body, tt.wantStatus, tt.wantBody)
		}
		if called != (tt.wantStatus == 200) {
			t.Errorf("%s: handler called = %v", tt.body, called)
		}
	}
}
