package objects

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

func TestOptionsValidate(t *testing.T) {
	store, _ := kv.Open(vfs.NewMem(), "/m")
	defer store.Close()
	cases := []struct {
		opts Options
		ok   bool
	}{
		{Options{}, false},
		{Options{Root: "/r"}, false},
		{Options{KV: store}, false},
		{Options{Root: "/r", KV: store}, true},
	}
	for _, c := range cases {
		c.opts.EnsureDefaults()
		if err := c.opts.Validate(); (err == nil) != c.ok {
			t.Errorf("Validate(%+v) = %v", c.opts, err)
		}
	}
}

func TestReaderAt(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	te.put(t, "b", "k", "0123456789")
	_, r, err := te.GetObjectReader(ctx, "b", "k", "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ra := r.(io.ReaderAt)
	buf := make([]byte, 4)
	if n, err := ra.ReadAt(buf, 3); n != 4 || err != nil || string(buf) != "3456" {
		t.Fatalf("ReadAt = %d, %v, %q", n, err, buf)
	}
	if n, err := ra.ReadAt(buf, 8); n != 2 || err != io.EOF || string(buf[:2]) != "89" {
		t.Fatalf("ReadAt at end = %d, %v", n, err)
	}
	if _, err := ra.ReadAt(buf, 10); err != io.EOF {
		t.Fatalf("ReadAt past end = %v", err)
	}
	if s := r.(interface{ Size() int64 }).Size(); s != 10 {
		t.Fatalf("Size = %d", s)
	}
	// A section of the object, as UploadPartCopy reads a range.
	b, _ := io.ReadAll(io.NewSectionReader(ra, 2, 5))
	if string(b) != "23456" {
		t.Fatalf("section = %q", b)
	}
}

func TestGetUploadAndCompletedExpiry(t *testing.T) {
	ctx := context.Background()
	fs := vfs.NewMem()
	te := openTestEngine(t, fs)
	te.mkBucket(t, "b", "")
	up, err := te.CreateMultipartUpload(ctx, "b", "k", PutInput{ContentType: "text/x", Metadata: map[string]string{"a": "b"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := te.GetUpload(ctx, "b", "k", up.UploadID)
	if err != nil || got.UploadID != up.UploadID || got.Input.ContentType != "text/x" || got.Input.Metadata["a"] != "b" {
		t.Fatalf("GetUpload = %+v, %v", got, err)
	}
	for _, c := range []struct{ bucket, key, id string }{{"b", "other", up.UploadID}, {"b", "k", "bogus"}, {"b", "", up.UploadID}} {
		_, err := te.GetUpload(ctx, c.bucket, c.key, c.id)
		wantErr(t, err, ErrNoSuchUpload)
	}
	_, err = te.GetUpload(ctx, "nope", "k", up.UploadID)
	wantErr(t, err, ErrNoSuchBucket)
	p, _ := te.UploadPart(ctx, "b", "k", up.UploadID, 1, strings.NewReader("x"), PartInput{Size: -1})
	list := []CompletedPart{{Number: 1, ETag: p.ETag}}
	if _, err := te.CompleteMultipartUpload(ctx, "b", "k", up.UploadID, list, nil); err != nil {
		t.Fatal(err)
	}
	// A day later, a retry is no longer recognised.
	te.close()
	store, _ := kv.Open(fs, "/data/meta")
	defer store.Close()
	later := func() time.Time { return time.Now().Add(completedTTL + time.Hour) }
	e, err := Open(Options{FS: fs, Root: "/data/objects", KV: store, Now: later})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	_, err = e.CompleteMultipartUpload(ctx, "b", "k", up.UploadID, list, nil)
	wantErr(t, err, ErrNoSuchUpload)
}
