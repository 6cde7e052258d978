package objects

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// testClock is a clock that advances a millisecond each time it is read,
// so every write gets a distinct, increasing LastModified.
type testClock struct{ ms atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.ms.Store(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC).UnixMilli())
	return c
}

func (c *testClock) Now() time.Time { return time.UnixMilli(c.ms.Add(1)).UTC() }

// testEngine is an engine with its KV store, on fs under /data.
type testEngine struct {
	*Engine
	fs vfs.FS
	kv *kv.Store
}

func openTestEngine(t testing.TB, fs vfs.FS) *testEngine {
	t.Helper()
	store, err := kv.Open(fs, "/data/meta")
	if err != nil {
		t.Fatalf("kv.Open: %v", err)
	}
	e, err := Open(Options{FS: fs, Root: "/data/objects", KV: store, Logger: slog.New(slog.DiscardHandler), Now: newTestClock().Now})
	if err != nil {
		store.Close()
		t.Fatalf("Open: %v", err)
	}
	return &testEngine{Engine: e, fs: fs, kv: store}
}

// newTestEngine opens an engine on a fresh in-memory filesystem, closed
// when the test ends.
func newTestEngine(t testing.TB) *testEngine {
	t.Helper()
	te := openTestEngine(t, vfs.NewMem())
	t.Cleanup(te.close)
	return te
}

func (te *testEngine) close() {
	te.Engine.Close()
	te.kv.Close()
}

func (te *testEngine) mkBucket(t testing.TB, name, versioning string) {
	t.Helper()
	if err := te.CreateBucket(context.Background(), Bucket{Name: name, Versioning: versioning}); err != nil {
		t.Fatalf("CreateBucket(%s): %v", name, err)
	}
}

func (te *testEngine) put(t testing.TB, bucket, key, body string) Object {
	t.Helper()
	o, err := te.PutObject(context.Background(), bucket, key, bytes.NewReader([]byte(body)), PutInput{Size: int64(len(body))})
	if err != nil {
		t.Fatalf("PutObject(%s/%s): %v", bucket, key, err)
	}
	return o
}

// read returns the bytes of a version ("" for the latest).
func (te *testEngine) read(t testing.TB, bucket, key, version string) (string, error) {
	t.Helper()
	_, r, err := te.GetObjectReader(context.Background(), bucket, key, version)
	if err != nil {
		return "", err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	return string(b), err
}

func (te *testEngine) mustRead(t testing.TB, bucket, key, version string) string {
	t.Helper()
	s, err := te.read(t, bucket, key, version)
	if err != nil {
		t.Fatalf("read %s/%s@%s: %v", bucket, key, version, err)
	}
	return s
}

func wantErr(t testing.TB, got, want error) {
	t.Helper()
	if !errors.Is(got, want) {
		t.Fatalf("error = %v, want %v", got, want)
	}
}

// listFiles returns the regular files under dir, recursively.
func listFiles(t testing.TB, fs vfs.FS, dir string) []string {
	t.Helper()
	names, err := fs.List(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		p := fs.PathJoin(dir, n)
		fi, err := fs.Stat(p)
		if err != nil {
			t.Fatalf("stat %s: %v", p, err)
		}
		if fi.IsDir() {
			out = append(out, listFiles(t, fs, p)...)
		} else {
			out = append(out, p)
		}
	}
	return out
}

func countFiles(t testing.TB, fs vfs.FS, dir string) int { return len(listFiles(t, fs, dir)) }

type time0 = time.Time

var fixedTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func (*objectRecord) etagOf(b []byte) string {
	sum := md5.Sum(b)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
