package kinesis

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/streamlog"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// newTestHandler builds the service on in-memory engines.
func newTestHandler(t testing.TB) *Handler {
	t.Helper()
	fs := vfs.NewMem()
	store, err := kv.Open(fs, "/meta")
	if err != nil {
		t.Fatal(err)
	}
	logs, err := streamlog.Open(streamlog.Options{FS: fs, Dir: "/streams"})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := New(Options{KV: store, Logs: logs, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close(); logs.Close(); store.Close() })
	h, err := NewHandler(svc, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func call(h *Handler, op, contentType string, body []byte) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	r.Header.Set("X-Amz-Target", TargetPrefix+"."+op)
	r.Header.Set("Content-Type", contentType)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var fuzzOps = []string{"CreateStream", "PutRecord", "PutRecords", "GetShardIterator", "GetRecords", "ListShards",
	"SplitShard", "MergeShards", "UpdateShardCount", "DescribeStream", "RegisterStreamConsumer", "SubscribeToShard",
	"AddTagsToStream", "ListStreams", "UpdateMaxRecordSize", "TagResource", "UpdateAccountSettings"}

// FuzzRequests sends arbitrary JSON and CBOR bodies to every kind of
// operation: each must be answered without a server error.
func FuzzRequests(f *testing.F) {
	f.Add(uint8(0), false, []byte(`{"StreamName":"s","ShardCount":2}`))
	f.Add(uint8(1), false, []byte(`{"StreamName":"s","PartitionKey":"k","Data":"aGk="}`))
	f.Add(uint8(2), false, []byte(`{"StreamName":"s","Records":[{"PartitionKey":"k","Data":"aGk=","ExplicitHashKey":"99"}]}`))
	f.Add(uint8(3), false, []byte(`{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1.5}`))
	f.Add(uint8(4), false, []byte(`{"ShardIterator":"AAAAAAAAAAE="}`))
	f.Add(uint8(6), false, []byte(`{"StreamName":"s","ShardToSplit":"0","NewStartingHashKey":"5"}`))
	f.Add(uint8(1), true, []byte{0xbf, 0x6a, 'S', 't', 'r', 'e', 'a', 'm', 'N', 'a', 'm', 'e', 0x61, 's', 0xff})
	f.Add(uint8(3), true, []byte{0xa1, 0x69, 'T', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p', 0xc1, 0x1a, 0x65, 0x00, 0x00, 0x00})
	h := newTestHandler(f)
	call(h, "CreateStream", "application/x-amz-json-1.1", []byte(`{"StreamName":"s","ShardCount":2}`))
	f.Fuzz(func(t *testing.T, op uint8, useCBOR bool, body []byte) {
		ct := "application/x-amz-json-1.1"
		if useCBOR {
			ct = awsproto.CBORContentType
		}
		name := fuzzOps[int(op)%len(fuzzOps)]
		done := make(chan *httptest.ResponseRecorder, 1)
		go func() { done <- call(h, name, ct, body) }()
		select {
		case w := <-done:
			if w.Code >= 500 && w.Code != http.StatusNotImplemented {
				t.Fatalf("%s %q: status %d: %s", name, body, w.Code, w.Body.String())
			}
		case <-time.After(20 * time.Second):
			buf := make([]byte, 1<<20)
			t.Fatalf("%s %q hangs:\n%s", name, body, buf[:runtime.Stack(buf, true)])
		}
	})
}
