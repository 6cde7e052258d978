package objects

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// pair is a PutObjects call of two small objects, like an Athena result
// and its metadata file.
func pair(prefix, body string) []ObjectPut {
	return []ObjectPut{
		{Key: prefix + ".csv", Body: strings.NewReader(body), In: PutInput{Size: -1, ContentType: "text/csv"}},
		{Key: prefix + ".csv.metadata", Body: strings.NewReader("meta " + body), In: PutInput{Size: -1}},
	}
}

// listCurrent lists the current keys of a bucket under prefix.
func listCurrent(t *testing.T, te *testEngine, bucket, prefix string) []string {
	t.Helper()
	out, err := te.ListObjects(context.Background(), bucket, ListInput{Prefix: prefix, MaxKeys: 100000})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Objects {
		keys = append(keys, o.Key)
	}
	return keys
}

func TestPutObjectsStoresAll(t *testing.T) {
	for _, versioning := range []string{"", VersioningEnabled} {
		t.Run("versioning="+versioning, func(t *testing.T) {
			te := newTestEngine(t)
			te.mkBucket(t, "b", versioning)
			ctx := context.Background()
			// Twice: the second replaces (or, versioned, stacks on) the first.
			for round, body := range []string{"one", "two"} {
				objs, err := te.PutObjects(ctx, "b", pair("q", body))
				if err != nil {
					t.Fatalf("PutObjects: %v", err)
				}
				if len(objs) != 2 || objs[0].Key != "q.csv" || objs[1].Key != "q.csv.metadata" {
					t.Fatalf("objects = %+v", objs)
				}
				if objs[0].ContentType != "text/csv" || objs[0].ETag != (*objectRecord)(nil).etagOf([]byte(body)) {
					t.Fatalf("object = %+v", objs[0])
				}
				if got := te.mustRead(t, "b", "q.csv", ""); got != body {
					t.Fatalf("q.csv = %q, want %q", got, body)
				}
				if got := te.mustRead(t, "b", "q.csv.metadata", ""); got != "meta "+body {
					t.Fatalf("q.csv.metadata = %q", got)
				}
				wantFiles := 2
				if versioning == VersioningEnabled {
					wantFiles = 2 * (round + 1)
					if objs[0].VersionID == NullVersion || objs[0].VersionID == objs[1].VersionID {
						t.Fatalf("version IDs %q %q", objs[0].VersionID, objs[1].VersionID)
					}
				} else if objs[0].VersionID != NullVersion {
					t.Fatalf("version ID %q, want null", objs[0].VersionID)
				}
				// Replaced null versions leave no files behind.
				if n := countFiles(t, te.fs, "/data/objects"); n != wantFiles {
					t.Fatalf("%d files, want %d", n, wantFiles)
				}
			}
		})
	}
}

// failingReader fails after its bytes.
type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestPutObjectsAllOrNothing(t *testing.T) {
	errBody := errors.New("client went away")
	exists := errors.New("precondition failed")
	tests := []struct {
		name string
		puts func() []ObjectPut
		want error
	}{
		{"body error", func() []ObjectPut {
			p := pair("q", "new")
			p[1].Body = io.MultiReader(strings.NewReader("partial"), failingReader{errBody})
			return p
		}, errBody},
		{"checksum mismatch", func() []ObjectPut {
			p := pair("q", "new")
			p[0].In.ChecksumAlgorithm, p[0].In.ExpectedChecksum = CRC32, "AAAAAA=="
			return p
		}, ErrChecksumMismatch},
		{"declared size", func() []ObjectPut {
			p := pair("q", "new")
			p[1].In.Size = 100
			return p
		}, ErrIncompleteBody},
		{"precondition", func() []ObjectPut {
			p := pair("q", "new")
			p[1].In.Precondition = func(o *Object) error {
				if o != nil {
					return exists
				}
				return nil
			}
			return p
		}, exists},
		{"duplicate key", func() []ObjectPut {
			p := pair("q", "new")
			p[1].Key = p[0].Key
			return p
		}, ErrInvalidKey},
		{"empty key", func() []ObjectPut {
			p := pair("q", "new")
			p[1].Key = ""
			return p
		}, ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEngine(t)
			te.mkBucket(t, "b", "")
			ctx := context.Background()
			te.put(t, "b", "q.csv.metadata", "old")
			_, err := te.PutObjects(ctx, "b", tt.puts())
			wantErr(t, err, tt.want)
			// Neither object changed: q.csv absent, the metadata still old,
			// and only the old file on disk.
			if keys := listCurrent(t, te, "b", "q"); len(keys) != 1 || keys[0] != "q.csv.metadata" {
				t.Fatalf("listed %v", keys)
			}
			if got := te.mustRead(t, "b", "q.csv.metadata", ""); got != "old" {
				t.Fatalf("metadata = %q", got)
			}
			if n := countFiles(t, te.fs, "/data/objects"); n != 1 {
				t.Fatalf("%d files left, want 1", n)
			}
		})
	}
}

func TestPutObjectsNoBucket(t *testing.T) {
	te := newTestEngine(t)
	_, err := te.PutObjects(context.Background(), "missing", pair("q", "x"))
	wantErr(t, err, ErrNoSuchBucket)
}

// TestPutObjectsCrash takes crash clones while pairs are being written:
// in every clone each pair is listed whole or not at all, and every pair
// acknowledged before the clone is there.
func TestPutObjectsCrash(t *testing.T) {
	fs := vfs.NewCrashableMem()
	te := openTestEngine(t, fs)
	te.mkBucket(t, "r", "")
	ctx := context.Background()
	const pairs = 60
	var acked atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	var werr error
	var done atomic.Bool
	go func() {
		defer wg.Done()
		defer done.Store(true)
		for i := 0; i < pairs; i++ {
			if _, err := te.PutObjects(ctx, "r", pair(fmt.Sprintf("p%03d", i), strings.Repeat("x", i*100))); err != nil {
				werr = err
				return
			}
			acked.Add(1)
		}
	}()
	type clone struct {
		fs    vfs.FS
		acked int64
	}
	var clones []clone
	// A clone at each eighth of the way, taken while the next pair is
	// (most likely) in flight.
	for k := int64(1); k <= 8; k++ {
		for acked.Load() < k*pairs/8-1 && !done.Load() {
			runtime.Gosched()
		}
		n := acked.Load()
		cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: 50, RNG: rand.New(rand.NewPCG(uint64(k), 4))}
		clones = append(clones, clone{fs.CrashClone(cfg), n})
	}
	wg.Wait()
	te.close()
	if werr != nil {
		t.Fatal(werr)
	}
	for _, c := range clones {
		checkPairClone(t, c.fs, c.acked, pairs)
	}
}

func checkPairClone(t *testing.T, fs vfs.FS, acked int64, pairs int) {
	t.Helper()
	te := openTestEngine(t, fs)
	defer te.close()
	listed := map[string]bool{}
	for _, k := range listCurrent(t, te, "r", "") {
		listed[k] = true
	}
	for i := 0; i < pairs; i++ {
		p := fmt.Sprintf("p%03d", i)
		csv, meta := listed[p+".csv"], listed[p+".csv.metadata"]
		if csv != meta {
			t.Fatalf("pair %s half visible after crash: csv %v, metadata %v", p, csv, meta)
		}
		if int64(i) < acked && !csv {
			t.Fatalf("acknowledged pair %s lost (acked %d)", p, acked)
		}
		if csv {
			body := strings.Repeat("x", i*100)
			if got := te.mustRead(t, "r", p+".csv", ""); got != body {
				t.Fatalf("%s.csv: %d bytes, want %d", p, len(got), len(body))
			}
			if got := te.mustRead(t, "r", p+".csv.metadata", ""); got != "meta "+body {
				t.Fatalf("%s.csv.metadata wrong", p)
			}
		}
	}
	// Recovery leaves no file that no version points to.
	if n := countFiles(t, te.fs, "/data/objects"); n != len(listed) {
		t.Fatalf("%d files after recovery, want %d", n, len(listed))
	}
}

// BenchmarkResultPair writes an Athena-like result pair (a 2 KiB CSV and a
// 200-byte metadata file) on the real disk, alternately as two concurrent
// PutObject calls (as Athena did) and as one PutObjects, so both see the
// same background load; it reports each one's mean latency.
func BenchmarkResultPair(b *testing.B) {
	csv, meta := partBody(1, 2<<10), partBody(2, 200)
	ctx := context.Background()
	e := openBenchEngine(b, "")
	var two, one time.Duration
	n := 0
	for b.Loop() {
		n++
		start := time.Now()
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.PutObject(ctx, "bench", fmt.Sprintf("a%d.csv.metadata", n), bytes.NewReader(meta), PutInput{Size: -1}); err != nil {
				b.Error(err)
			}
		}()
		if _, err := e.PutObject(ctx, "bench", fmt.Sprintf("a%d.csv", n), bytes.NewReader(csv), PutInput{Size: -1}); err != nil {
			b.Error(err)
		}
		wg.Wait()
		mid := time.Now()
		two += mid.Sub(start)
		puts := []ObjectPut{
			{Key: fmt.Sprintf("b%d.csv", n), Body: bytes.NewReader(csv), In: PutInput{Size: -1}},
			{Key: fmt.Sprintf("b%d.csv.metadata", n), Body: bytes.NewReader(meta), In: PutInput{Size: -1}},
		}
		if _, err := e.PutObjects(ctx, "bench", puts); err != nil {
			b.Error(err)
		}
		one += time.Since(mid)
	}
	b.ReportMetric(float64(two.Microseconds())/float64(n)/1000, "ms/two-puts")
	b.ReportMetric(float64(one.Microseconds())/float64(n)/1000, "ms/put-objects")
}

// TestPreparePut covers the two halves of a PutObjects: a committed
// prepared put stores the objects, an aborted one or a commit that fails
// leaves no file, and a crash while one is pending leaves none after
// recovery either.
func TestPreparePut(t *testing.T) {
	ctx := context.Background()
	t.Run("commit", func(t *testing.T) {
		te := newTestEngine(t)
		te.mkBucket(t, "b", "")
		p, err := te.PreparePut(ctx, "b", 2)
		if err != nil {
			t.Fatal(err)
		}
		if n := countFiles(t, te.fs, "/data/objects"); n != 2 {
			t.Fatalf("%d files prepared, want 2", n)
		}
		if keys := listCurrent(t, te, "b", ""); len(keys) != 0 {
			t.Fatalf("prepared files listed: %v", keys)
		}
		if _, err := p.Commit(ctx, pair("q", "rows")); err != nil {
			t.Fatal(err)
		}
		p.Abort() // a no-op after Commit
		if got := te.mustRead(t, "b", "q.csv", ""); got != "rows" {
			t.Fatalf("q.csv = %q", got)
		}
		if got := te.mustRead(t, "b", "q.csv.metadata", ""); got != "meta rows" {
			t.Fatalf("q.csv.metadata = %q", got)
		}
	})
	for name, finish := range map[string]func(p *PendingPut) error{
		"abort": func(p *PendingPut) error { p.Abort(); return nil },
		"wrong count": func(p *PendingPut) error {
			_, err := p.Commit(ctx, pair("q", "x")[:1])
			return err
		},
		"body error": func(p *PendingPut) error {
			puts := pair("q", "x")
			puts[0].Body = failingReader{errors.New("gone")}
			_, err := p.Commit(ctx, puts)
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			te := newTestEngine(t)
			te.mkBucket(t, "b", "")
			p, err := te.PreparePut(ctx, "b", 2)
			if err != nil {
				t.Fatal(err)
			}
			err = finish(p)
			if name != "abort" && err == nil {
				t.Fatal("commit succeeded")
			}
			if n := countFiles(t, te.fs, "/data/objects"); n != 0 {
				t.Fatalf("%d files left", n)
			}
			if keys := listCurrent(t, te, "b", ""); len(keys) != 0 {
				t.Fatalf("listed %v", keys)
			}
		})
	}
	t.Run("no bucket", func(t *testing.T) {
		te := newTestEngine(t)
		_, err := te.PreparePut(ctx, "missing", 2)
		wantErr(t, err, ErrNoSuchBucket)
	})
	t.Run("crash while pending", func(t *testing.T) {
		fs := vfs.NewCrashableMem()
		te := openTestEngine(t, fs)
		te.mkBucket(t, "b", "")
		if _, err := te.PreparePut(ctx, "b", 2); err != nil {
			t.Fatal(err)
		}
		// Closing with a put pending is not a clean shutdown: the next
		// open sweeps the prepared files.
		te.close()
		clone := fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 100, RNG: rand.New(rand.NewPCG(1, 2))})
		te2 := openTestEngine(t, clone)
		defer te2.close()
		if n := countFiles(t, clone, "/data/objects"); n != 0 {
			t.Fatalf("%d files left after recovery", n)
		}
	})
}
