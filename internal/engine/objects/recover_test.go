package objects

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nubo-dev/nubo/internal/vfs"
)

func writeRaw(t *testing.T, fs vfs.FS, path, data string) {
	t.Helper()
	if err := fs.MkdirAll(fs.PathDir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := fs.Create(path, vfs.WriteCategory)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(data))
	f.Close()
}

func TestRecoveryRemovesOrphans(t *testing.T) {
	fs := vfs.NewMem()
	te := openTestEngine(t, fs)
	te.mkBucket(t, "b", "")
	keep := te.put(t, "b", "keep", "kept")
	ctx := context.Background()
	up, _ := te.CreateMultipartUpload(ctx, "b", "mp", PutInput{}, "")
	part, _ := te.UploadPart(ctx, "b", "mp", up.UploadID, 1, strings.NewReader("part"), PartInput{Size: -1})
	// Leftovers of a crash: a temp file, a renamed but uncommitted file, a
	// stray file, and the directory of a bucket that was deleted.
	orphans := []string{
		"/data/objects/b/0/0/" + strings.Repeat("0", 32) + ".tmp",
		"/data/objects/b/f/f/" + strings.Repeat("f", 32),
		"/data/objects/b/stray",
		"/data/objects/gone/1/2/" + strings.Repeat("1", 32),
	}
	for _, o := range orphans {
		writeRaw(t, fs, o, "junk")
	}
	te.kv.Close() // no engine Close: an unclean shutdown
	te = openTestEngine(t, fs)
	defer te.close()
	files := listFiles(t, fs, "/data/objects")
	slices.Sort(files)
	parts, _, _ := te.ListParts(ctx, "b", "mp", up.UploadID, 0, 10)
	if len(parts) != 1 || parts[0].ETag != part.ETag {
		t.Fatalf("parts after recovery = %+v", parts)
	}
	if len(files) != 2 || !slices.Contains(files, keep.Path) {
		t.Fatalf("files after recovery = %v", files)
	}
	if got := te.mustRead(t, "b", "keep", ""); got != "kept" {
		t.Fatalf("read = %q", got)
	}
	if _, err := fs.Stat("/data/objects/gone"); err == nil {
		t.Fatal("deleted bucket's directory survived")
	}
}

func TestCleanCloseSkipsScan(t *testing.T) {
	fs := vfs.NewMem()
	te := openTestEngine(t, fs)
	te.mkBucket(t, "b", "")
	te.close()
	// A file appearing while the engine is closed is not looked at after
	// a clean shutdown (nothing of nubo's can be orphaned then)...
	writeRaw(t, fs, "/data/objects/b/f/f/"+strings.Repeat("f", 32), "junk")
	te = openTestEngine(t, fs)
	if n := countFiles(t, fs, "/data/objects"); n != 1 {
		t.Fatalf("%d files", n)
	}
	// ...but the next unclean shutdown scans again.
	te.kv.Close()
	te = openTestEngine(t, fs)
	defer te.close()
	if n := countFiles(t, fs, "/data/objects"); n != 0 {
		t.Fatalf("%d files after unclean restart", n)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	fs := vfs.NewMem()
	te := openTestEngine(t, fs)
	te.mkBucket(t, "b", VersioningEnabled)
	v1 := te.put(t, "b", "k", "one")
	v2 := te.put(t, "b", "k", "two")
	te.close()
	te = openTestEngine(t, fs)
	defer te.close()
	if got := te.mustRead(t, "b", "k", v1.VersionID); got != "one" {
		t.Fatal(got)
	}
	if got := te.mustRead(t, "b", "k", ""); got != "two" {
		t.Fatal(got)
	}
	b, err := te.GetBucket(context.Background(), "b")
	if err != nil || b.Versioning != VersioningEnabled {
		t.Fatalf("bucket = %+v, %v", b, err)
	}
	// New versions still sort after the old ones.
	v3 := te.put(t, "b", "k", "three")
	vs, _ := te.ListObjectVersions(context.Background(), "b", ListVersionsInput{MaxKeys: 10})
	if len(vs.Versions) != 3 || vs.Versions[0].VersionID != v3.VersionID || vs.Versions[2].VersionID != v1.VersionID || v2.VersionID != vs.Versions[1].VersionID {
		t.Fatalf("versions = %+v", vs.Versions)
	}
	if err := te.Engine.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = te.PutObject(context.Background(), "b", "k", strings.NewReader("x"), PutInput{Size: -1})
	wantErr(t, err, ErrClosed)
}

func TestConcurrentSameKey(t *testing.T) {
	ctx := context.Background()
	for _, versioning := range []string{"", VersioningEnabled} {
		t.Run("versioning="+versioning, func(t *testing.T) {
			te := newTestEngine(t)
			te.mkBucket(t, "b", versioning)
			var wg sync.WaitGroup
			const writers, each = 8, 10
			var mu sync.Mutex
			var order []string // bodies in commit order, as the engine acknowledged them
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						body := fmt.Sprintf("w%d-%d", w, i)
						if _, err := te.PutObject(ctx, "b", "k", strings.NewReader(body), PutInput{Size: -1}); err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						order = append(order, body)
						mu.Unlock()
					}
				}()
			}
			// Readers never block and always see a whole version.
			stop := make(chan struct{})
			var rwg sync.WaitGroup
			rwg.Add(1)
			go func() {
				defer rwg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					got, err := te.read(t, "b", "k", "")
					if err == nil && !strings.HasPrefix(got, "w") {
						t.Errorf("read %q", got)
					}
				}
			}()
			wg.Wait()
			close(stop)
			rwg.Wait()
			vs, _ := te.ListObjectVersions(ctx, "b", ListVersionsInput{MaxKeys: 1000})
			want := 1
			if versioning != "" {
				want = writers * each
			}
			if len(vs.Versions) != want {
				t.Fatalf("%d versions, want %d", len(vs.Versions), want)
			}
			if n := countFiles(t, te.fs, "/data/objects"); n != want {
				t.Fatalf("%d files, want %d", n, want)
			}
			// The latest is one of the writes, and the newest version first.
			latest := te.mustRead(t, "b", "k", "")
			if !slices.Contains(order, latest) || vs.Versions[0].ETag != md5ETag(latest) {
				t.Fatalf("latest %q", latest)
			}
		})
	}
}

func md5ETag(s string) string {
	return (&objectRecord{}).etagOf([]byte(s))
}

func TestConcurrentCompleteAndParts(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	up, _ := te.CreateMultipartUpload(ctx, "b", "k", PutInput{}, "")
	body := partBody(1, 5*mib)
	p1, _ := te.UploadPart(ctx, "b", "k", up.UploadID, 1, bytes.NewReader(body), PartInput{Size: -1})
	p2, _ := te.UploadPart(ctx, "b", "k", up.UploadID, 2, strings.NewReader("tail"), PartInput{Size: -1})
	list := []CompletedPart{{Number: 1, ETag: p1.ETag}, {Number: 2, ETag: p2.ETag}}
	var wg sync.WaitGroup
	results := make([]Object, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := te.CompleteMultipartUpload(ctx, "b", "k", up.UploadID, list, nil)
			if err != nil {
				t.Error(err)
			}
			results[i] = o
		}()
	}
	wg.Wait()
	for _, o := range results {
		if o.ETag != results[0].ETag || o.Path != results[0].Path {
			t.Fatalf("completions disagree: %+v vs %+v", o, results[0])
		}
	}
	if got := te.mustRead(t, "b", "k", ""); got != string(body)+"tail" {
		t.Fatal("content differs")
	}
	if n := countFiles(t, te.fs, "/data/objects"); n != 1 {
		t.Fatalf("%d files", n)
	}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	var s Store = te.Engine
	if ok, _ := s.BucketExists(ctx, "b"); ok {
		t.Fatal("exists before create")
	}
	te.mkBucket(t, "b", "")
	info, err := s.Put(ctx, "b", "dir/a.csv", strings.NewReader("x,y\n"), PutOptions{ContentType: "text/csv"})
	if err != nil || info.Size != 4 || info.Path == "" || info.ContentType != "text/csv" || info.Key != "dir/a.csv" {
		t.Fatalf("Put = %+v, %v", info, err)
	}
	for i := range 1500 {
		s.Put(ctx, "b", fmt.Sprintf("many/%04d", i), strings.NewReader("m"), PutOptions{})
	}
	st, err := s.Stat(ctx, "b", "dir/a.csv")
	if err != nil || st.ETag != info.ETag {
		t.Fatalf("Stat = %+v, %v", st, err)
	}
	r, oi, err := s.Open(ctx, "b", "dir/a.csv")
	if err != nil || oi.Size != 4 {
		t.Fatal(err)
	}
	b := new(bytes.Buffer)
	b.ReadFrom(r)
	r.Close()
	if b.String() != "x,y\n" {
		t.Fatalf("Open read %q", b)
	}
	n := 0
	if err := s.List(ctx, "b", "many/", func(Info) bool { n++; return true }); err != nil || n != 1500 {
		t.Fatalf("List = %d, %v", n, err)
	}
	n = 0
	s.List(ctx, "b", "", func(Info) bool { n++; return n < 3 })
	if n != 3 {
		t.Fatalf("List did not stop: %d", n)
	}
	if err := s.Delete(ctx, "b", "dir/a.csv"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "b", "dir/a.csv"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Stat(ctx, "b", "dir/a.csv")
	wantErr(t, err, ErrNoSuchKey)
	_, _, err = s.Open(ctx, "nope", "x")
	wantErr(t, err, ErrNoSuchBucket)
}
