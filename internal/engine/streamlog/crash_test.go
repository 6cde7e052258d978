package streamlog

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs/errorfs"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// ack is one acknowledged Append in a crash test.
type ack struct {
	log   string
	first uint64
	n     int
}

// crashValue identifies record j of n of a writer's seq-th Append, padded
// so that frames straddle the 4 KiB blocks CrashClone keeps or drops.
func crashValue(writer, seq, j, n int) []byte {
	v := fmt.Sprintf("%d/%d/%d/%d;", writer, seq, j, n)
	return []byte(v + strings.Repeat("x", 50+(writer*31+seq*17+j*7)%900))
}

// crashPoint is a simulated power loss: the filesystem as it might be
// after it, and the Appends acknowledged before it.
type crashPoint struct {
	fs    *vfs.MemFS
	acked []ack
}

func TestCrashConcurrentAppenders(t *testing.T) {
	tests := []struct {
		name     string
		unsynced int
		seeds    int
	}{
		{"synced data only", 0, 3},
		{"half of unsynced data kept", 50, 6},
		{"all unsynced data kept (kill -9)", 100, 2},
	}
	for _, tc := range tests {
		logger, count := newCountingLogger()
		for seed := 1; seed <= tc.seeds; seed++ {
			t.Run(fmt.Sprintf("%s/seed=%d", tc.name, seed), func(t *testing.T) {
				runCrashTest(t, tc.unsynced, uint64(seed), logger)
			})
		}
		// Keeping some unsynced blocks must have produced torn tails.
		if n := count(msgTornTail); tc.unsynced > 0 && tc.unsynced < 100 && n == 0 {
			t.Errorf("%s: no torn tail was recovered", tc.name)
		} else {
			t.Logf("%s: %d torn tails dropped", tc.name, n)
		}
	}
}

// syncPauser stops one segment fsync on request, so that a crash can be
// taken while a group commit's bytes are written but not yet synced.
type syncPauser struct {
	want   atomic.Bool
	paused chan struct{}
	resume chan struct{}
}

func newSyncPauser() *syncPauser {
	return &syncPauser{paused: make(chan struct{}), resume: make(chan struct{})}
}

func (p *syncPauser) MaybeError(op errorfs.Op) error {
	if op.Kind == errorfs.OpFileSyncData && strings.HasSuffix(op.Path, ".seg") && p.want.CompareAndSwap(true, false) {
		p.paused <- struct{}{}
		<-p.resume
	}
	return nil
}

func (p *syncPauser) String() string { return "syncPauser" }

func runCrashTest(t *testing.T, unsynced int, seed uint64, logger *slog.Logger) {
	fs := vfs.NewCrashableMem()
	pauser := newSyncPauser()
	s := openStore(t, errorfs.Wrap(fs, pauser), func(o *Options) { o.SegmentBytes = 32 << 10 })
	logs := []string{"s/0", "s/1"}
	for _, n := range logs {
		mustLog(t, s, n)
	}
	var mu sync.Mutex
	var acked []ack
	ackCh := make(chan struct{}, 1024)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			for seq := 0; ; seq++ {
				select {
				case <-stop:
					return
				default:
				}
				name := logs[rng.IntN(len(logs))]
				n := 1 + rng.IntN(12)
				recs := make([]Record, n)
				for j := range recs {
					recs[j] = Record{Key: []byte(name), Value: crashValue(w, seq, j, n)}
				}
				first, _, err := mustLog(t, s, name).Append(context.Background(), recs)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, ack{name, first, n})
				mu.Unlock()
				select {
				case ackCh <- struct{}{}:
				default:
				}
			}
		}()
	}
	rng := rand.New(rand.NewPCG(seed, 99))
	var points []crashPoint
	for k := 0; k < 6; k++ {
		for i := rng.IntN(40); i >= 0; i-- {
			<-ackCh
		}
		mu.Lock()
		snap := append([]ack(nil), acked...)
		mu.Unlock()
		cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: unsynced}
		if unsynced > 0 {
			cfg.RNG = rand.New(rand.NewPCG(seed, uint64(k)))
		}
		if k%2 == 0 {
			// Crash in the middle of a group commit: written, not synced.
			pauser.want.Store(true)
			<-pauser.paused
			points = append(points, crashPoint{fs: fs.CrashClone(cfg), acked: snap})
			pauser.resume <- struct{}{}
		} else {
			points = append(points, crashPoint{fs: fs.CrashClone(cfg), acked: snap})
		}
	}
	close(stop)
	wg.Wait()
	truth := map[string][]Record{}
	for _, n := range logs {
		truth[n] = readAll(t, mustLog(t, s, n))
	}
	s.Close()
	for i, p := range points {
		checkCrashPoint(t, i, p, truth, unsynced, seed, logger)
	}
}

// checkCrashPoint opens the store on a crashed filesystem and checks each
// log is a prefix of what the log finally held, ends at an Append boundary,
// and holds every Append acknowledged before the crash. It then appends,
// crashes again and checks the new records follow on.
func checkCrashPoint(t *testing.T, i int, p crashPoint, truth map[string][]Record, unsynced int, seed uint64, logger *slog.Logger) {
	t.Helper()
	s := openStore(t, p.fs, func(o *Options) { o.SegmentBytes = 32 << 10; o.Logger = logger })
	need := map[string]uint64{}
	for _, a := range p.acked {
		need[a.log] = max(need[a.log], a.first+uint64(a.n))
	}
	for name, want := range truth {
		l := mustLog(t, s, name)
		got := readAll(t, l)
		if uint64(len(got)) < need[name] {
			t.Fatalf("crash %d, log %s: %d records survived, %d were acknowledged", i, name, len(got), need[name])
		}
		for j, r := range got {
			if r.Offset != uint64(j) || j >= len(want) || !bytes.Equal(r.Value, want[j].Value) {
				t.Fatalf("crash %d, log %s: record %d (offset %d) = %.20q, not the acknowledged record", i, name, j, r.Offset, r.Value)
			}
		}
		if len(got) > 0 {
			var w, seq, j, n int
			fmt.Sscanf(string(got[len(got)-1].Value), "%d/%d/%d/%d;", &w, &seq, &j, &n)
			if j != n-1 {
				t.Fatalf("crash %d, log %s: ends inside an Append (record %d of %d)", i, name, j+1, n)
			}
		}
		// The recovered log keeps working, across another crash.
		first, _, err := l.Append(context.Background(), []Record{{Value: []byte("after")}})
		if err != nil || first != uint64(len(got)) {
			t.Fatalf("crash %d, log %s: Append after recovery = %d, %v", i, name, first, err)
		}
	}
	cfg := vfs.CrashCloneCfg{UnsyncedDataPercent: unsynced}
	if unsynced > 0 {
		cfg.RNG = rand.New(rand.NewPCG(seed, 1000+uint64(i)))
	}
	again := p.fs.CrashClone(cfg)
	s.Close()
	s = openStore(t, again, func(o *Options) { o.SegmentBytes = 32 << 10; o.Logger = logger })
	defer s.Close()
	for name, want := range truth {
		got := readAll(t, mustLog(t, s, name))
		last := got[len(got)-1]
		if string(last.Value) != "after" {
			t.Fatalf("crash %d, log %s: acknowledged record lost in second crash", i, name)
		}
		for j, r := range got[:len(got)-1] {
			if !bytes.Equal(r.Value, want[j].Value) {
				t.Fatalf("crash %d, log %s: record %d changed in second crash", i, name, j)
			}
		}
	}
}
