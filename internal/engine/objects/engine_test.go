package objects

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestBuckets(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b2", "")
	te.mkBucket(t, "b1", "")
	wantErr(t, te.CreateBucket(ctx, Bucket{Name: "b1"}), ErrBucketExists)
	for _, bad := range []string{"", ".x", "a/b", "a\\b", "a\x00b", strings.Repeat("a", 256)} {
		wantErr(t, te.CreateBucket(ctx, Bucket{Name: bad}), ErrInvalidBucketName)
	}
	bs, err := te.ListBuckets(ctx)
	if err != nil || len(bs) != 2 || bs[0].Name != "b1" || bs[1].Name != "b2" {
		t.Fatalf("ListBuckets = %+v, %v", bs, err)
	}
	if bs[0].Created.IsZero() {
		t.Fatal("Created not set")
	}
	err = te.UpdateBucket(ctx, "b1", func(b *Bucket) error {
		b.Versioning = VersioningEnabled
		b.Tags = map[string]string{"k": "v"}
		b.Config = map[string][]byte{"cors": []byte("<x/>")}
		b.Name = "renamed"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := te.GetBucket(ctx, "b1")
	if err != nil || b.Name != "b1" || b.Versioning != VersioningEnabled || b.Tags["k"] != "v" || string(b.Config["cors"]) != "<x/>" {
		t.Fatalf("GetBucket = %+v, %v", b, err)
	}
	// A failing update changes nothing.
	boom := errors.New("boom")
	wantErr(t, te.UpdateBucket(ctx, "b1", func(b *Bucket) error { b.Versioning = ""; return boom }), boom)
	if b, _ := te.GetBucket(ctx, "b1"); b.Versioning != VersioningEnabled {
		t.Fatal("failed update was applied")
	}
	wantErr(t, te.UpdateBucket(ctx, "nope", func(*Bucket) error { return nil }), ErrNoSuchBucket)
	_, err = te.GetBucket(ctx, "nope")
	wantErr(t, err, ErrNoSuchBucket)
	if ok, err := te.BucketExists(ctx, "b2"); !ok || err != nil {
		t.Fatalf("BucketExists(b2) = %v, %v", ok, err)
	}
	if ok, err := te.BucketExists(ctx, "nope"); ok || err != nil {
		t.Fatalf("BucketExists(nope) = %v, %v", ok, err)
	}

	te.put(t, "b2", "k", "x")
	wantErr(t, te.DeleteBucket(ctx, "b2"), ErrBucketNotEmpty)
	if _, err := te.DeleteObject(ctx, "b2", "k", ""); err != nil {
		t.Fatal(err)
	}
	// In-progress uploads do not keep a bucket alive.
	up, err := te.CreateMultipartUpload(ctx, "b2", "mp", PutInput{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := te.UploadPart(ctx, "b2", "mp", up.UploadID, 1, strings.NewReader("part"), PartInput{Size: -1}); err != nil {
		t.Fatal(err)
	}
	if err := te.DeleteBucket(ctx, "b2"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, te.DeleteBucket(ctx, "b2"), ErrNoSuchBucket)
	if _, err := te.fs.Stat("/data/objects/b2"); err == nil {
		t.Fatal("bucket directory left behind")
	}
	// A new bucket of the same name starts empty.
	te.mkBucket(t, "b2", "")
	uploads, _, _, _, _, err := te.ListMultipartUploads(ctx, "b2", ListUploadsInput{MaxUploads: 10})
	if err != nil || len(uploads) != 0 {
		t.Fatalf("uploads after re-create = %v, %v", uploads, err)
	}
	te.put(t, "b2", "k", "again")
	if got := te.mustRead(t, "b2", "k", ""); got != "again" {
		t.Fatalf("read = %q", got)
	}
}

func TestPutGetUnversioned(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	body := "hello world"
	sum := md5.Sum([]byte(body))
	in := PutInput{
		ContentType: "text/plain",
		Metadata:    map[string]string{"a": "1"},
		Headers:     map[string]string{"Cache-Control": "no-cache"},
		Tags:        map[string]string{"t": "v"},
		ContentMD5:  sum[:],
		Size:        int64(len(body)),
	}
	o, err := te.PutObject(ctx, "b", "dir/key with spaces ü", strings.NewReader(body), in)
	if err != nil {
		t.Fatal(err)
	}
	wantETag := `"` + hex.EncodeToString(sum[:]) + `"`
	if o.ETag != wantETag || o.Size != 11 || o.VersionID != NullVersion || !o.IsLatest || o.Path == "" {
		t.Fatalf("PutObject = %+v", o)
	}
	in.Metadata["a"] = "changed by caller"
	g, err := te.GetObject(ctx, "b", "dir/key with spaces ü", "")
	if err != nil {
		t.Fatal(err)
	}
	if g.ETag != wantETag || g.ContentType != "text/plain" || g.Metadata["a"] != "1" || g.Headers["Cache-Control"] != "no-cache" ||
		g.Tags["t"] != "v" || g.Size != 11 || !g.LastModified.Equal(o.LastModified) || g.Path != o.Path {
		t.Fatalf("GetObject = %+v", g)
	}
	if got := te.mustRead(t, "b", "dir/key with spaces ü", ""); got != body {
		t.Fatalf("read = %q", got)
	}
	// Overwrite replaces the null version and removes the old file.
	o2 := te.put(t, "b", "dir/key with spaces ü", "second")
	if o2.Path == o.Path {
		t.Fatal("overwrite reused the file")
	}
	if _, err := te.fs.Stat(o.Path); err == nil {
		t.Fatal("old file not removed")
	}
	if got := te.mustRead(t, "b", "dir/key with spaces ü", ""); got != "second" {
		t.Fatalf("read = %q", got)
	}
	vs, err := te.ListObjectVersions(ctx, "b", ListVersionsInput{MaxKeys: 100})
	if err != nil || len(vs.Versions) != 1 {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	// Delete in a bucket that never had versioning.
	res, err := te.DeleteObject(ctx, "b", "dir/key with spaces ü", "")
	if err != nil || res != (DeleteResult{}) {
		t.Fatalf("DeleteObject = %+v, %v", res, err)
	}
	_, err = te.GetObject(ctx, "b", "dir/key with spaces ü", "")
	wantErr(t, err, ErrNoSuchKey)
	if _, err := te.fs.Stat(o2.Path); err == nil {
		t.Fatal("deleted file not removed")
	}
	// Deleting again is not an error.
	if _, err := te.DeleteObject(ctx, "b", "dir/key with spaces ü", ""); err != nil {
		t.Fatal(err)
	}
}

func TestPutErrors(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	bad := md5.Sum([]byte("other"))
	cases := []struct {
		name string
		body string
		in   PutInput
		want error
	}{
		{"bad md5", "abc", PutInput{ContentMD5: bad[:], Size: -1}, ErrBadDigest},
		{"short body", "abc", PutInput{Size: 4}, ErrIncompleteBody},
		{"long body", "abcde", PutInput{Size: 4}, ErrIncompleteBody},
		{"checksum mismatch", "abc", PutInput{ChecksumAlgorithm: CRC32, ExpectedChecksum: "AAAAAA==", Size: -1}, ErrChecksumMismatch},
		{"checksum not base64", "abc", PutInput{ChecksumAlgorithm: CRC32, ExpectedChecksum: "!!", Size: -1}, ErrInvalidChecksum},
		{"checksum wrong length", "abc", PutInput{ChecksumAlgorithm: SHA256, ExpectedChecksum: "AAAAAA==", Size: -1}, ErrInvalidChecksum},
		{"unknown algorithm", "abc", PutInput{ChecksumAlgorithm: "MD4", Size: -1}, ErrInvalidChecksum},
		{"checksum without algorithm", "abc", PutInput{ExpectedChecksum: "AAAAAA==", Size: -1}, ErrInvalidChecksum},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := te.PutObject(ctx, "b", "k", strings.NewReader(c.body), c.in)
			wantErr(t, err, c.want)
		})
	}
	_, err := te.PutObject(ctx, "nope", "k", strings.NewReader("x"), PutInput{Size: -1})
	wantErr(t, err, ErrNoSuchBucket)
	_, err = te.PutObject(ctx, "b", "", strings.NewReader("x"), PutInput{Size: -1})
	wantErr(t, err, ErrInvalidKey)
	_, err = te.PutObject(ctx, "b", strings.Repeat("k", 1025), strings.NewReader("x"), PutInput{Size: -1})
	wantErr(t, err, ErrInvalidKey)
	// A failing body read leaves nothing.
	boom := errors.New("boom")
	_, err = te.PutObject(ctx, "b", "k", io.MultiReader(strings.NewReader("abc"), errReader{boom}), PutInput{Size: -1})
	wantErr(t, err, boom)
	// A precondition error is passed through.
	_, err = te.PutObject(ctx, "b", "k", strings.NewReader("x"), PutInput{Size: -1, Precondition: func(cur *Object) error {
		if cur != nil {
			t.Errorf("cur = %+v, want nil", cur)
		}
		return boom
	}})
	wantErr(t, err, boom)
	// Canceled context.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = te.PutObject(cctx, "b", "k", strings.NewReader("x"), PutInput{Size: -1})
	wantErr(t, err, context.Canceled)

	out, _ := te.ListObjects(ctx, "b", ListInput{MaxKeys: 10})
	if len(out.Objects) != 0 {
		t.Fatalf("failed puts listed: %+v", out.Objects)
	}
	if n := countFiles(t, te.fs, "/data/objects"); n != 0 {
		t.Fatalf("%d files left by failed puts", n)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestPrecondition(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	first := te.put(t, "b", "k", "one")
	var seen *Object
	_, err := te.PutObject(ctx, "b", "k", strings.NewReader("two"), PutInput{Size: -1, Precondition: func(cur *Object) error {
		seen = cur
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if seen == nil || seen.ETag != first.ETag {
		t.Fatalf("precondition saw %+v", seen)
	}
}

func TestReaderSeek(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	body := strings.Repeat("0123456789", 1000)
	te.put(t, "b", "k", body)
	_, r, err := te.GetObjectReader(ctx, "b", "k", "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Seek(9995, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	if string(b) != "56789" {
		t.Fatalf("tail = %q", b)
	}
	if _, err := r.Seek(-3, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(io.LimitReader(r, 2))
	if string(b) != "78" {
		t.Fatalf("range = %q", b)
	}
	if n, err := r.Seek(0, io.SeekCurrent); n != 9999 || err != nil {
		t.Fatalf("Seek current = %d, %v", n, err)
	}
	if _, err := r.Seek(-1, io.SeekStart); err == nil {
		t.Fatal("negative seek allowed")
	}
	// An open reader survives deletion of its version.
	if _, err := te.DeleteObject(ctx, "b", "k", ""); err != nil {
		t.Fatal(err)
	}
	r.Seek(0, io.SeekStart)
	b, _ = io.ReadAll(r)
	if !bytes.Equal(b, []byte(body)) {
		t.Fatal("open reader lost its bytes after delete")
	}
}

func TestUpdateObject(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", VersioningEnabled)
	v1 := te.put(t, "b", "k", "one")
	te.put(t, "b", "k", "two")
	err := te.UpdateObject(ctx, "b", "k", v1.VersionID, func(o *Object) error {
		o.Tags = map[string]string{"x": "y"}
		o.Size = 99 // ignored
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := te.GetObject(ctx, "b", "k", v1.VersionID)
	if g.Tags["x"] != "y" || g.Size != 3 || g.IsLatest {
		t.Fatalf("updated = %+v", g)
	}
	latest, _ := te.GetObject(ctx, "b", "k", "")
	if len(latest.Tags) != 0 {
		t.Fatal("update reached the latest version")
	}
	res, _ := te.DeleteObject(ctx, "b", "k", "")
	wantErr(t, te.UpdateObject(ctx, "b", "k", "", func(*Object) error { return nil }), ErrNoSuchKey)
	wantErr(t, te.UpdateObject(ctx, "b", "k", res.VersionID, func(*Object) error { return nil }), ErrMethodNotAllowed)
	wantErr(t, te.UpdateObject(ctx, "b", "nokey", "", func(*Object) error { return nil }), ErrNoSuchKey)
}
