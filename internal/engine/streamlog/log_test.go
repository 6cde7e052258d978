package streamlog

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/nubo-dev/nubo/internal/vfs"
)

func TestAppendReadBounds(t *testing.T) {
	clk := newClock()
	s := openStore(t, vfs.NewMem(), func(o *Options) { o.Now = clk.Now })
	defer s.Close()
	l := mustLog(t, s, "stream/shard-0")
	if f, n := l.Bounds(); f != 0 || n != 0 {
		t.Fatalf("empty bounds = %d, %d", f, n)
	}
	first, ts := appendN(t, l, 0, 3)
	if first != 0 || ts != clk.Now().UnixMilli() {
		t.Fatalf("first append = %d, %d", first, ts)
	}
	clk.advance(-1000) // a clock going backwards must not make timestamps decrease
	first, ts2 := appendN(t, l, 3, 2)
	if first != 3 || ts2 != ts {
		t.Fatalf("second append = %d, %d (ts %d)", first, ts2, ts)
	}
	if f, n := l.Bounds(); f != 0 || n != 5 {
		t.Fatalf("bounds = %d, %d", f, n)
	}
	recs := readAll(t, l)
	checkRecords(t, recs, 0)
	if recs[0].Meta != nil || recs[0].Timestamp != ts {
		t.Fatalf("record 0 = %+v", recs[0])
	}
	if recs, err := l.Read(context.Background(), 5, 10, 0); err != nil || len(recs) != 0 {
		t.Fatalf("Read at next = %v, %v", recs, err)
	}
	meta := Record{Key: []byte("k"), Value: []byte("v"), Meta: []byte("hash=123")}
	if _, _, err := l.Append(context.Background(), []Record{meta}); err != nil {
		t.Fatal(err)
	}
	recs, err := l.Read(context.Background(), 5, 1, 0)
	if err != nil || len(recs) != 1 || string(recs[0].Meta) != "hash=123" || string(recs[0].Value) != "v" {
		t.Fatalf("meta record = %+v, %v", recs, err)
	}
}

func TestSegmentRollAndReopen(t *testing.T) {
	fs := vfs.NewMem()
	s := openStore(t, fs, nil)
	l := mustLog(t, s, "a")
	for i := 0; i < 400; i += 4 {
		appendN(t, l, i, 4)
	}
	checkRecords(t, readAll(t, l), 0)
	names, _ := fs.List(l.dir)
	segs, idxs := 0, 0
	for _, n := range names {
		segs += b2i(strings.HasSuffix(n, ".seg"))
		idxs += b2i(strings.HasSuffix(n, ".idx"))
	}
	if segs < 5 || idxs != segs-1 {
		t.Fatalf("%d segments and %d index files: %v", segs, idxs, names)
	}
	// Segments never grow past SegmentBytes when a group fits.
	for _, n := range names {
		st, _ := fs.Stat(fs.PathJoin(l.dir, n))
		if strings.HasSuffix(n, ".seg") && st.Size() > 4<<10 {
			t.Fatalf("segment %s is %d bytes", n, st.Size())
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Append(context.Background(), []Record{testRecord(0)}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Append after Close = %v", err)
	}
	s = openStore(t, fs, nil)
	defer s.Close()
	l = mustLog(t, s, "a")
	if f, n := l.Bounds(); f != 0 || n != 400 {
		t.Fatalf("reopened bounds = %d, %d", f, n)
	}
	appendN(t, l, 400, 10)
	checkRecords(t, readAll(t, l), 0)
	// Random access into sealed segments, through their index files.
	for _, off := range []uint64{0, 1, 57, 123, 250, 399, 405} {
		recs, err := l.Read(context.Background(), off, 1, 0)
		if err != nil || len(recs) != 1 {
			t.Fatalf("Read(%d) = %v, %v", off, recs, err)
		}
		checkRecords(t, recs, off)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestReadLimits(t *testing.T) {
	s := openStore(t, vfs.NewMem(), func(o *Options) { o.SegmentBytes = 1 << 20 })
	defer s.Close()
	l := mustLog(t, s, "a")
	recs := make([]Record, 10)
	for i := range recs {
		recs[i] = Record{Key: []byte("k"), Value: make([]byte, 99)} // 100 bytes each
	}
	recs[5].Value = make([]byte, 999) // 1000 bytes
	if _, _, err := l.Append(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                 string
		from                 uint64
		maxRecords, maxBytes int
		want                 int
	}{
		{"unlimited", 0, 0, 0, 10},
		{"max records", 0, 3, 0, 3},
		{"max bytes exact", 0, 0, 300, 3},
		{"max bytes between", 0, 0, 350, 3},
		{"big record stops", 3, 0, 500, 2},
		{"first record always", 5, 0, 10, 1},
		{"both", 6, 2, 1000, 2},
		{"tail", 9, 100, 0, 1},
		{"past end", 10, 100, 0, 0},
		{"far past end", 1000, 100, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := l.Read(context.Background(), tc.from, tc.maxRecords, tc.maxBytes)
			if err != nil || len(got) != tc.want {
				t.Fatalf("got %d records, %v; want %d", len(got), err, tc.want)
			}
			for i, r := range got {
				if r.Offset != tc.from+uint64(i) {
					t.Fatalf("record %d has offset %d", i, r.Offset)
				}
			}
		})
	}
}

func TestSeekTimeAndTimestampOf(t *testing.T) {
	fs := vfs.NewMem()
	clk := newClock()
	s := openStore(t, fs, func(o *Options) { o.Now = clk.Now })
	l := mustLog(t, s, "a")
	var stamps []int64 // timestamp of each append of 3 records
	for i := 0; i < 300; i += 3 {
		_, ts := appendN(t, l, i, 3)
		stamps = append(stamps, ts)
		clk.advance(10)
	}
	check := func(l *Log) {
		t.Helper()
		for i, ts := range stamps {
			for _, q := range []int64{ts, ts - 5} {
				got, err := l.SeekTime(q)
				if err != nil || got != uint64(3*i) {
					t.Fatalf("SeekTime(%d) = %d, %v; want %d", q, got, err, 3*i)
				}
			}
			got, err := l.TimestampOf(uint64(3*i + 2))
			if err != nil || got != ts {
				t.Fatalf("TimestampOf(%d) = %d, %v; want %d", 3*i+2, got, err, ts)
			}
		}
		if got, _ := l.SeekTime(0); got != 0 {
			t.Fatalf("SeekTime(0) = %d", got)
		}
		if got, _ := l.SeekTime(stamps[len(stamps)-1] + 1); got != 300 {
			t.Fatalf("SeekTime(after last) = %d", got)
		}
		if _, err := l.TimestampOf(300); !errors.Is(err, ErrNotFound) {
			t.Fatalf("TimestampOf(next) = %v", err)
		}
	}
	check(l)
	s.Close()
	s = openStore(t, fs, func(o *Options) { o.Now = clk.Now; o.MaxCacheBytes = 1 })
	defer s.Close()
	check(mustLog(t, s, "a"))
}

func TestWait(t *testing.T) {
	s := openStore(t, vfs.NewMem(), nil)
	l := mustLog(t, s, "a")
	appendN(t, l, 0, 2)
	select {
	case <-l.Wait(1):
	default:
		t.Fatal("Wait(1) with next 2 is not ready")
	}
	ch := l.Wait(2)
	select {
	case <-ch:
		t.Fatal("Wait(2) with next 2 is ready")
	default:
	}
	appendN(t, l, 2, 1)
	<-ch // an Append wakes waiters; a missing wake-up hangs the test
	ch = l.Wait(3)
	if err := l.Seal(); err != nil {
		t.Fatal(err)
	}
	<-ch
	l2 := mustLog(t, s, "b")
	ch = l2.Wait(0)
	s.Close()
	<-ch
}

func TestSeal(t *testing.T) {
	fs := vfs.NewMem()
	s := openStore(t, fs, nil)
	l := mustLog(t, s, "a")
	appendN(t, l, 0, 5)
	if l.Sealed() {
		t.Fatal("new log is sealed")
	}
	if err := l.Seal(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Append(context.Background(), []Record{testRecord(5)}); !errors.Is(err, ErrSealed) {
		t.Fatalf("Append on sealed log = %v", err)
	}
	s.Close()
	s = openStore(t, fs, nil)
	defer s.Close()
	l = mustLog(t, s, "a")
	if !l.Sealed() {
		t.Fatal("seal did not survive reopening")
	}
	checkRecords(t, readAll(t, l), 0)
	if _, _, err := l.Append(context.Background(), []Record{testRecord(5)}); !errors.Is(err, ErrSealed) {
		t.Fatalf("Append on reopened sealed log = %v", err)
	}
}

func TestTrimBefore(t *testing.T) {
	fs := vfs.NewMem()
	clk := newClock()
	s := openStore(t, fs, func(o *Options) { o.Now = clk.Now })
	l := mustLog(t, s, "a")
	var stamps []int64
	for i := 0; i < 200; i += 4 {
		_, ts := appendN(t, l, i, 4)
		stamps = append(stamps, ts)
		clk.advance(1000)
	}
	segsBefore := len(l.segs)
	// Records up to offset 99 are older than this; segments are dropped
	// only whole, so first lands on a segment boundary at or below 100.
	if err := l.TrimBefore(stamps[25]); err != nil {
		t.Fatal(err)
	}
	first, next := l.Bounds()
	if first == 0 || first > 100 || next != 200 || len(l.segs) >= segsBefore {
		t.Fatalf("after trim: bounds %d, %d; %d of %d segments", first, next, len(l.segs), segsBefore)
	}
	if l.segs[0].base != first {
		t.Fatalf("first %d is not a segment base %d", first, l.segs[0].base)
	}
	recs, err := l.Read(context.Background(), 0, 1, 0)
	if err != nil || len(recs) != 1 || recs[0].Offset != first {
		t.Fatalf("Read(0) after trim = %+v, %v", recs, err)
	}
	checkRecords(t, readAll(t, l), first)
	if got, _ := l.SeekTime(0); got != first {
		t.Fatalf("SeekTime(0) = %d, want %d", got, first)
	}
	// Expiring everything rolls the active segment; offsets go on.
	if err := l.TrimBefore(clk.Now().UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if first, next := l.Bounds(); first != 200 || next != 200 {
		t.Fatalf("after full trim: bounds %d, %d", first, next)
	}
	names, _ := fs.List(l.dir)
	if len(names) != 1 {
		t.Fatalf("files after full trim: %v", names)
	}
	s.Close()
	s = openStore(t, fs, nil)
	defer s.Close()
	l = mustLog(t, s, "a")
	if first, next := l.Bounds(); first != 200 || next != 200 {
		t.Fatalf("reopened after full trim: bounds %d, %d", first, next)
	}
	appendN(t, l, 200, 3)
	checkRecords(t, readAll(t, l), 200)
}

func TestDeleteLogAndNames(t *testing.T) {
	fs := vfs.NewMem()
	s := openStore(t, fs, nil)
	names := []string{"s1/shardId-000000000000", "s1/shardId-000000000001", "s2/x", "odd name/ünï.", ".", ".."}
	for i, n := range names {
		appendN(t, mustLog(t, s, n), 0, i+1)
	}
	got, _ := s.Logs("s1/")
	if strings.Join(got, ",") != "s1/shardId-000000000000,s1/shardId-000000000001" {
		t.Fatalf("Logs(s1/) = %v", got)
	}
	old := mustLog(t, s, "s1/shardId-000000000000")
	if err := s.DeleteLog("s1/shardId-000000000000"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteLog("s1/shardId-000000000000"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second DeleteLog = %v", err)
	}
	if _, _, err := old.Append(context.Background(), []Record{testRecord(0)}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Append on deleted log = %v", err)
	}
	if _, err := old.Read(context.Background(), 0, 1, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Read on deleted log = %v", err)
	}
	if _, err := fs.Stat(old.dir); err == nil {
		t.Fatal("deleted log's directory still exists")
	}
	s.Close()
	s = openStore(t, fs, nil)
	defer s.Close()
	got, _ = s.Logs("")
	if len(got) != len(names)-1 {
		t.Fatalf("Logs after reopen = %q", got)
	}
	for i, n := range names[1:] {
		checkRecords(t, readAll(t, mustLog(t, s, n)), 0)
		if _, next := mustLog(t, s, n).Bounds(); next != uint64(i+2) {
			t.Fatalf("log %q has %d records", n, next)
		}
	}
	if _, next := mustLog(t, s, names[0]).Bounds(); next != 0 {
		t.Fatal("recreated log is not empty")
	}
	if _, err := s.Log(""); err == nil {
		t.Fatal("empty name accepted")
	}
}

func TestEscapeName(t *testing.T) {
	for _, n := range []string{"a", "s/shard", ".", "..", "%41", "a b\x00c", "ÿ", "LOCK", ".trash-1"} {
		e := escapeName(n)
		if strings.ContainsAny(e, "/.") {
			t.Fatalf("escapeName(%q) = %q", n, e)
		}
		if got, ok := unescapeName(e); !ok || got != n {
			t.Fatalf("unescapeName(%q) = %q, %v", e, got, ok)
		}
	}
	for _, bad := range []string{"", "%", "%4", "%zz", "%41", "a.b", "%2f"} {
		if _, ok := unescapeName(bad); ok {
			t.Fatalf("unescapeName(%q) accepted", bad)
		}
	}
}
