package objects

import (
	"context"
	"crypto/md5"
	"io"
	"log/slog"
	"runtime"
	"testing"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// patternReader yields n bytes of a repeating pattern without holding them.
type patternReader struct{ left int64 }

func (r *patternReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	for i := range p {
		p[i] = byte(int64(i) + r.left)
	}
	r.left -= int64(len(p))
	return len(p), nil
}

// TestStreamingMemoryIsFlat puts and gets an object far larger than the
// memory the engine may use for it, on the real disk, and checks how
// much was allocated: the bytes stream through pooled buffers.
func TestStreamingMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 256 MiB to disk")
	}
	const size = 256 << 20
	const budget = 16 << 20 // allocations allowed for one PUT or GET
	dir := t.TempDir()
	store, err := kv.Open(vfs.Default, dir+"/meta")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	e, err := Open(Options{FS: vfs.Default, Root: dir + "/objects", KV: store, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	e.CreateBucket(ctx, Bucket{Name: "b"})

	allocated := func(f func()) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	var o Object
	a := allocated(func() {
		o, err = e.PutObject(ctx, "b", "big", &patternReader{left: size}, PutInput{Size: size, ChecksumAlgorithm: SHA256})
	})
	t.Logf("PUT of %d MiB allocated %d KiB", size>>20, a>>10)
	if err != nil || a > budget {
		t.Fatalf("PUT of %d MiB allocated %d MiB, err %v", size>>20, a>>20, err)
	}
	want := md5.New()
	io.Copy(want, &patternReader{left: size})
	got := md5.New()
	a = allocated(func() {
		var r ReadSeekCloser
		if r, err = e.OpenObject(o); err == nil {
			_, err = io.CopyBuffer(got, r, make([]byte, 64<<10))
			r.Close()
		}
	})
	t.Logf("GET of %d MiB allocated %d KiB", size>>20, a>>10)
	if err != nil || a > budget {
		t.Fatalf("GET of %d MiB allocated %d MiB, err %v", size>>20, a>>20, err)
	}
	if string(got.Sum(nil)) != string(want.Sum(nil)) {
		t.Fatal("read back differs")
	}
}
