package objects

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// openBenchEngine opens an engine on the real disk in a temp dir.
func openBenchEngine(b *testing.B, versioning string) *Engine {
	b.Helper()
	dir := b.TempDir()
	store, err := kv.Open(vfs.Default, dir+"/meta")
	if err != nil {
		b.Fatal(err)
	}
	e, err := Open(Options{FS: vfs.Default, Root: dir + "/objects", KV: store, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		e.Close()
		store.Close()
	})
	if err := e.CreateBucket(context.Background(), Bucket{Name: "bench", Versioning: versioning}); err != nil {
		b.Fatal(err)
	}
	return e
}

func benchPut(b *testing.B, size int, parallel bool) {
	e := openBenchEngine(b, "")
	body := partBody(1, size)
	ctx := context.Background()
	var n atomic.Int64
	put := func() {
		key := fmt.Sprintf("key/%08d", n.Add(1))
		if _, err := e.PutObject(ctx, "bench", key, bytes.NewReader(body), PutInput{Size: int64(size), ChecksumAlgorithm: CRC32}); err != nil {
			b.Error(err)
		}
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				put()
			}
		})
		return
	}
	for range b.N {
		put()
	}
}

// BenchmarkPut4KiB: one writer, each PUT durable before the next.
func BenchmarkPut4KiB(b *testing.B) { benchPut(b, 4<<10, false) }

// BenchmarkPutParallel4KiB: concurrent writers (set -cpu to choose how
// many goroutines per core; SetParallelism adds more), sharing fsyncs.
func BenchmarkPutParallel4KiB(b *testing.B) {
	b.SetParallelism(4)
	benchPut(b, 4<<10, true)
}

// BenchmarkPut64MiB: large objects streamed through the pooled buffer.
func BenchmarkPut64MiB(b *testing.B) { benchPut(b, 64<<20, false) }

func BenchmarkGet4KiB(b *testing.B) {
	e := openBenchEngine(b, "")
	ctx := context.Background()
	body := partBody(1, 4<<10)
	const keys = 1000
	for i := range keys {
		if _, err := e.PutObject(ctx, "bench", fmt.Sprintf("key/%08d", i), bytes.NewReader(body), PutInput{Size: int64(len(body))}); err != nil {
			b.Fatal(err)
		}
	}
	var n atomic.Int64
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		buf := make([]byte, 8<<10)
		for pb.Next() {
			key := fmt.Sprintf("key/%08d", n.Add(1)%keys)
			_, r, err := e.GetObjectReader(ctx, "bench", key, "")
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := io.CopyBuffer(io.Discard, r, buf); err != nil {
				b.Error(err)
			}
			r.Close()
		}
	})
}
