package streamlog

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/nubo-dev/nubo/internal/vfs"
)

func TestManyLogsFewOpenFiles(t *testing.T) {
	fs := vfs.NewMem()
	const maxOpen = 4
	s := openStore(t, fs, func(o *Options) { o.MaxOpenFiles = maxOpen; o.MaxCacheBytes = 1 })
	const logs = 40
	for round := 0; round < 10; round++ {
		for i := 0; i < logs; i++ {
			appendN(t, mustLog(t, s, fmt.Sprintf("stream/%d", i)), round*5, 5)
		}
	}
	if n := s.Stats().OpenFiles; n > maxOpen {
		t.Fatalf("%d files open, limit %d", n, maxOpen)
	}
	for i := 0; i < logs; i++ {
		checkRecords(t, readAll(t, mustLog(t, s, fmt.Sprintf("stream/%d", i))), 0)
	}
	if n := s.Stats().OpenFiles; n > maxOpen {
		t.Fatalf("%d files open after reads, limit %d", n, maxOpen)
	}
	s.Close()
	s = openStore(t, fs, func(o *Options) { o.MaxOpenFiles = maxOpen })
	defer s.Close()
	if st := s.Stats(); st.Logs != logs {
		t.Fatalf("reopened %d logs", st.Logs)
	}
	checkRecords(t, readAll(t, mustLog(t, s, "stream/7")), 0)
}

// TestBoundedMemory writes far more than the cache budget and reads it all
// back, sequentially and at random, checking the caches stay in budget.
func TestBoundedMemory(t *testing.T) {
	const budget = 64 << 10
	s := openStore(t, vfs.NewMem(), func(o *Options) {
		o.MaxCacheBytes = budget
		o.SegmentBytes = 32 << 10
	})
	defer s.Close()
	l := mustLog(t, s, "big")
	const n = 8000 // about 2 MiB of records: 32 times the budget
	for i := 0; i < n; i += 50 {
		appendN(t, l, i, 50)
		if st := s.Stats(); st.CacheBytes+st.IndexCacheBytes > budget {
			t.Fatalf("caches hold %d+%d bytes, budget %d", st.CacheBytes, st.IndexCacheBytes, budget)
		}
	}
	checkRecords(t, readAll(t, l), 0)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		off := rng.Uint64N(n)
		recs, err := l.Read(context.Background(), off, 3, 0)
		if err != nil || len(recs) == 0 {
			t.Fatalf("Read(%d) = %d records, %v", off, len(recs), err)
		}
		checkRecords(t, recs, off)
	}
	st := s.Stats()
	if st.CacheBytes+st.IndexCacheBytes > budget || st.CacheBytes == 0 {
		t.Fatalf("caches hold %d+%d bytes, budget %d", st.CacheBytes, st.IndexCacheBytes, budget)
	}
}

// TestConcurrentAppends checks group commit under concurrency: every
// Append gets a distinct contiguous range, the log holds exactly the
// appended records, and appends share fsyncs.
func TestConcurrentAppends(t *testing.T) {
	s := openStore(t, vfs.NewMem(), func(o *Options) { o.SegmentBytes = 64 << 10 })
	defer s.Close()
	l := mustLog(t, s, "a")
	const writers, appends = 8, 100
	type span struct{ first, n uint64 }
	spans := make([][]span, writers)
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < appends; i++ {
				n := 1 + (w+i)%5
				recs := make([]Record, n)
				for j := range recs {
					recs[j] = Record{Key: []byte{byte(w)}, Value: []byte(fmt.Sprintf("%d/%d/%d", w, i, j))}
				}
				first, _, err := l.Append(context.Background(), recs)
				if err != nil {
					t.Error(err)
					return
				}
				spans[w] = append(spans[w], span{first, uint64(n)})
			}
		}()
	}
	wg.Wait()
	all := readAll(t, l)
	seen := 0
	for w, ss := range spans {
		for i, sp := range ss {
			for j := uint64(0); j < sp.n; j++ {
				r := all[sp.first+j]
				if string(r.Value) != fmt.Sprintf("%d/%d/%d", w, i, j) {
					t.Fatalf("offset %d = %q, want %d/%d/%d", sp.first+j, r.Value, w, i, j)
				}
				seen++
			}
		}
	}
	if seen != len(all) {
		t.Fatalf("log holds %d records, %d appended", len(all), seen)
	}
}

// TestReadersFollowTail runs appenders and tail-following readers (Wait,
// then Read) together while segments roll and the cache evicts: every
// reader sees every record once, in order, as the log finally holds them.
func TestReadersFollowTail(t *testing.T) {
	s := openStore(t, vfs.NewMem(), func(o *Options) {
		o.SegmentBytes = 8 << 10
		o.MaxCacheBytes = 16 << 10
		o.MaxOpenFiles = 3
	})
	defer s.Close()
	l := mustLog(t, s, "a")
	const appenders, appends, readers = 4, 50, 3
	const total = appenders * appends * 3
	var wg sync.WaitGroup
	for a := 0; a < appenders; a++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < appends; i++ {
				recs := []Record{testRecord(i), testRecord(a), testRecord(i + a)}
				if _, _, err := l.Append(context.Background(), recs); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	seen := make([][]Record, readers)
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for from := uint64(0); from < total; {
				<-l.Wait(from)
				recs, err := l.Read(context.Background(), from, 1+r*7, 0)
				if err != nil {
					t.Error(err)
					return
				}
				for _, rec := range recs {
					if rec.Offset != from {
						t.Errorf("reader %d got offset %d, want %d", r, rec.Offset, from)
						return
					}
					from++
				}
				seen[r] = append(seen[r], recs...)
			}
		}()
	}
	wg.Wait()
	all := readAll(t, l)
	for r := range seen {
		if len(seen[r]) != len(all) {
			t.Fatalf("reader %d saw %d records of %d", r, len(seen[r]), len(all))
		}
		for i := range all {
			if string(seen[r][i].Value) != string(all[i].Value) || seen[r][i].Timestamp != all[i].Timestamp {
				t.Fatalf("reader %d: record %d differs", r, i)
			}
		}
	}
}

// TestTrimWhileBusy trims a log while it is appended to and read: reads
// never fail, never go backwards, and start at the first retained offset.
func TestTrimWhileBusy(t *testing.T) {
	clk := newClock()
	s := openStore(t, vfs.NewMem(), func(o *Options) {
		o.Now = clk.Now
		o.SegmentBytes = 4 << 10
		o.MaxCacheBytes = 8 << 10
	})
	defer s.Close()
	l := mustLog(t, s, "a")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			clk.advance(1)
			if _, _, err := l.Append(context.Background(), []Record{testRecord(i)}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			if err := l.TrimBefore(clk.Now().UnixMilli() - 20); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 300; i++ {
		first, _ := l.Bounds()
		recs, err := l.Read(context.Background(), 0, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) > 0 && recs[0].Offset < first {
			t.Fatalf("read offset %d below first %d", recs[0].Offset, first)
		}
		if _, err := l.SeekTime(clk.Now().UnixMilli() - 10); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}
