package streamlog

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// clock is a settable time source for Options.Now.
type clock struct{ ms atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ms.Store(1_700_000_000_000)
	return c
}

func (c *clock) Now() time.Time         { return time.UnixMilli(c.ms.Load()) }
func (c *clock) advance(ms int64) int64 { return c.ms.Add(ms) }

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// openStore opens a store on fs with small test-friendly defaults.
func openStore(t testing.TB, fs vfs.FS, mod func(*Options)) *Store {
	t.Helper()
	opts := Options{FS: fs, Dir: "/data/streams", SegmentBytes: 4 << 10, MaxOpenFiles: 8,
		MaxCacheBytes: 1 << 20, Logger: quietLogger}
	if mod != nil {
		mod(&opts)
	}
	s, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func mustLog(t testing.TB, s *Store, name string) *Log {
	t.Helper()
	l, err := s.Log(name)
	if err != nil {
		t.Fatalf("Log(%q): %v", name, err)
	}
	return l
}

// testRecord is record i of a test: its value names i and has some length.
func testRecord(i int) Record {
	return Record{
		Key:   []byte(fmt.Sprintf("key-%d", i)),
		Value: bytes.Repeat([]byte(fmt.Sprintf("value-%d;", i)), 1+i%7),
	}
}

func appendN(t testing.TB, l *Log, from, n int) (uint64, int64) {
	t.Helper()
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = testRecord(from + i)
	}
	first, ts, err := l.Append(context.Background(), recs)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	return first, ts
}

// readAll reads every retained record of l, in small pieces.
func readAll(t testing.TB, l *Log) []Record {
	t.Helper()
	var out []Record
	first, next := l.Bounds()
	for from := first; from < next; {
		recs, err := l.Read(context.Background(), from, 37, 0)
		if err != nil {
			t.Fatalf("Read(%d): %v", from, err)
		}
		if len(recs) == 0 {
			t.Fatalf("Read(%d) returned nothing before next %d", from, next)
		}
		out = append(out, recs...)
		from = recs[len(recs)-1].Offset + 1
	}
	return out
}

// checkRecords checks that recs are testRecord(offset) for dense offsets from first.
func checkRecords(t testing.TB, recs []Record, first uint64) {
	t.Helper()
	for i, r := range recs {
		want := testRecord(int(first) + i)
		if r.Offset != first+uint64(i) || !bytes.Equal(r.Key, want.Key) || !bytes.Equal(r.Value, want.Value) {
			t.Fatalf("record %d: got offset %d key %q, want offset %d key %q", i, r.Offset, r.Key, first+uint64(i), want.Key)
		}
	}
}

// countingHandler counts log records by message, to check which recovery
// paths a test exercised.
type countingHandler struct {
	mu     *sync.Mutex
	counts map[string]int
}

func newCountingLogger() (*slog.Logger, func(msg string) int) {
	h := countingHandler{mu: &sync.Mutex{}, counts: map[string]int{}}
	return slog.New(h), func(msg string) int {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.counts[msg]
	}
}

func (h countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h countingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h countingHandler) WithGroup(string) slog.Handler            { return h }
func (h countingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.counts[r.Message]++
	h.mu.Unlock()
	return nil
}
