package streamlog

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// TestGroupCommit holds the first Append inside its fsync until others have
// queued behind it, then checks that all of those share a single write and
// a single fsync.
func TestGroupCommit(t *testing.T) {
	var writes, syncs atomic.Int32
	var gate sync.Once
	block := make(chan struct{})
	blocked := make(chan struct{})
	fs := errorfs.Wrap(vfs.NewMem(), errorfs.InjectorFunc(func(op errorfs.Op) error {
		if !strings.HasSuffix(op.Path, ".seg") {
			return nil
		}
		switch op.Kind {
		case errorfs.OpFileWriteAt:
			writes.Add(1)
		case errorfs.OpFileSyncData:
			syncs.Add(1)
			gate.Do(func() { close(blocked); <-block })
		}
		return nil
	}))
	s := openStore(t, fs, func(o *Options) { o.SegmentBytes = 1 << 20 })
	defer s.Close()
	l := mustLog(t, s, "a")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); appendN(t, l, 0, 1) }()
	<-blocked
	const followers = 20
	for i := 0; i < followers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := l.Append(context.Background(), []Record{testRecord(0), testRecord(1)}); err != nil {
				t.Error(err)
			}
		}()
	}
	for queued := 0; queued < followers; runtime.Gosched() {
		l.mu.Lock()
		queued = len(l.queue)
		l.mu.Unlock()
	}
	close(block)
	wg.Wait()
	if w, s := writes.Load(), syncs.Load(); w != 2 || s != 2 {
		t.Fatalf("%d writes and %d fsyncs for 1+%d Appends, want 2 and 2", w, s, followers)
	}
	if _, next := l.Bounds(); next != 1+2*followers {
		t.Fatalf("next = %d", next)
	}
}

func TestAppendAll(t *testing.T) {
	s := openStore(t, vfs.NewMem(), nil)
	defer s.Close()
	a, b := mustLog(t, s, "a"), mustLog(t, s, "b")
	appendN(t, b, 0, 2)
	if err := b.Seal(); err != nil {
		t.Fatal(err)
	}
	batches := []Batch{
		{Log: a, Records: []Record{testRecord(0), testRecord(1)}},
		{Log: mustLog(t, s, "c"), Records: []Record{testRecord(0)}},
		{Log: b, Records: []Record{testRecord(2)}},
		{Log: a, Records: []Record{testRecord(2)}},
	}
	AppendAll(context.Background(), batches)
	for i, want := range []error{nil, nil, ErrSealed, nil} {
		if !errors.Is(batches[i].Err, want) {
			t.Fatalf("batch %d: err %v, want %v", i, batches[i].Err, want)
		}
	}
	if batches[1].First != 0 || batches[0].First+batches[3].First != 2 {
		t.Fatalf("offsets %d, %d, %d", batches[0].First, batches[1].First, batches[3].First)
	}
	if _, next := a.Bounds(); next != 3 {
		t.Fatalf("log a has %d records", next)
	}
}
