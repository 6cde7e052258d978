package streamlog

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// cpuTime returns the CPU time (user+system) this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchStore(b *testing.B, mod func(*Options)) *Store {
	b.Helper()
	opts := Options{FS: vfs.Default, Dir: b.TempDir(), Logger: quietLogger}
	if mod != nil {
		mod(&opts)
	}
	s, err := Open(opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func benchBatch(n int) []Record {
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = Record{Key: []byte(fmt.Sprintf("partition-key-%d", i)), Value: make([]byte, 1024)}
	}
	return recs
}

// reportRates adds records/s and records per CPU-second (the unit of the
// Kinesis goal) to a benchmark.
func reportRates(b *testing.B, records int, wall, cpu time.Duration) {
	b.ReportMetric(float64(records)/wall.Seconds(), "records/s")
	if cpu > 0 {
		b.ReportMetric(float64(records)/cpu.Seconds(), "records/cpu-s")
	}
}

// BenchmarkAppend appends 1 KiB records in batches with concurrent
// appenders, on the real disk with fsync before every acknowledgement.
// One op is one Append call.
func BenchmarkAppend(b *testing.B) {
	for _, logs := range []int{1, 4} {
		for _, batch := range []int{1, 100, 500} {
			for _, appenders := range []int{1, 4, 16} {
				if appenders < logs {
					continue
				}
				name := fmt.Sprintf("logs=%d/batch=%d/appenders=%d", logs, batch, appenders)
				b.Run(name, func(b *testing.B) { benchAppend(b, logs, batch, appenders) })
			}
		}
	}
}

func benchAppend(b *testing.B, logs, batch, appenders int) {
	s := benchStore(b, nil)
	ls := make([]*Log, logs)
	for i := range ls {
		ls[i] = mustLog(b, s, fmt.Sprintf("stream/%d", i))
	}
	recs := benchBatch(batch)
	b.SetBytes(int64(batch * 1024))
	b.ResetTimer()
	cpu0, t0 := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for a := 0; a < appenders; a++ {
		n := b.N / appenders
		if a < b.N%appenders {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := ls[a%logs]
			for i := 0; i < n; i++ {
				if _, _, err := l.Append(context.Background(), recs); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	reportRates(b, b.N*batch, time.Since(t0), cpuTime()-cpu0)
}

// BenchmarkRead reads a log of 1 KiB records sequentially in GetRecords-
// sized calls (up to 10,000 records), from the file (cold: no cache) and
// from the tail cache (hot). One op is one record.
func BenchmarkRead(b *testing.B) {
	for _, tc := range []struct {
		name  string
		cache int64
	}{{"file", 1}, {"cache", 256 << 20}} {
		b.Run(tc.name, func(b *testing.B) {
			s := benchStore(b, func(o *Options) { o.MaxCacheBytes = tc.cache })
			l := mustLog(b, s, "a")
			const total = 100_000
			recs := benchBatch(500)
			for i := 0; i < total; i += len(recs) {
				if _, _, err := l.Append(context.Background(), recs); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(1024)
			b.ResetTimer()
			cpu0, t0 := cpuTime(), time.Now()
			from := uint64(0)
			for got := 0; got < b.N; {
				out, err := l.Read(context.Background(), from, min(10_000, b.N-got), 10<<20)
				if err != nil {
					b.Fatal(err)
				}
				got += len(out)
				from = out[len(out)-1].Offset + 1
				if from == total {
					from = 0
				}
			}
			b.StopTimer()
			reportRates(b, b.N, time.Since(t0), cpuTime()-cpu0)
		})
	}
}

// BenchmarkPutToGet measures the time from the start of an Append to a
// consumer (blocked in Wait) having read the records, with PutRecords-
// sized batches; it reports the p50 and p99. One op is one Append.
func BenchmarkPutToGet(b *testing.B) {
	s := benchStore(b, nil)
	l := mustLog(b, s, "a")
	recs := benchBatch(500)
	starts := make([]time.Time, b.N)
	lat := make([]time.Duration, 0, b.N)
	done := make(chan struct{})
	go func() {
		defer close(done)
		from := uint64(0)
		for int(from) < b.N*len(recs) {
			<-l.Wait(from)
			out, err := l.Read(context.Background(), from, 10_000, 10<<20)
			if err != nil {
				b.Error(err)
				return
			}
			now := time.Now()
			for _, r := range out {
				if r.Offset%uint64(len(recs)) == uint64(len(recs)-1) {
					lat = append(lat, now.Sub(starts[r.Offset/uint64(len(recs))]))
				}
			}
			from = out[len(out)-1].Offset + 1
		}
	}()
	b.SetBytes(int64(len(recs) * 1024))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		starts[i] = time.Now()
		if _, _, err := l.Append(context.Background(), recs); err != nil {
			b.Fatal(err)
		}
	}
	<-done
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkAppendAll models PutRecords: 500 records spread over 4 logs,
// appended with AppendAll by concurrent callers. One op is one call.
func BenchmarkAppendAll(b *testing.B) {
	for _, callers := range []int{1, 4} {
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			s := benchStore(b, nil)
			ls := make([]*Log, 4)
			for i := range ls {
				ls[i] = mustLog(b, s, fmt.Sprintf("stream/%d", i))
			}
			recs := benchBatch(125)
			b.SetBytes(500 * 1024)
			b.ResetTimer()
			cpu0, t0 := cpuTime(), time.Now()
			var wg sync.WaitGroup
			for c := 0; c < callers; c++ {
				n := b.N / callers
				if c < b.N%callers {
					n++
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					batches := make([]Batch, len(ls))
					for i := 0; i < n; i++ {
						for j := range batches {
							batches[j] = Batch{Log: ls[j], Records: recs}
						}
						AppendAll(context.Background(), batches)
						for _, bt := range batches {
							if bt.Err != nil {
								b.Error(bt.Err)
								return
							}
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			reportRates(b, b.N*500, time.Since(t0), cpuTime()-cpu0)
		})
	}
}
