package streamlog

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// framePos returns the file position of the frame of offset in a segment
// whose first record is base.
func framePos(t *testing.T, data []byte, base, offset uint64) int {
	t.Helper()
	pos := 0
	for o := base; o < offset; o++ {
		size, st := frameLen(data[pos:])
		if st != frameOK {
			t.Fatalf("bad frame at %d", pos)
		}
		pos += size
	}
	return pos
}

func readFile(t *testing.T, fs vfs.FS, path string) []byte {
	t.Helper()
	f, err := fs.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	b := make([]byte, st.Size())
	if _, err := f.ReadAt(b, 0); err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, fs vfs.FS, path string, data []byte) {
	t.Helper()
	f, err := fs.Create(path, vfs.WriteCategory)
	if err != nil {
		t.Fatal(err)
	}
	// Write may scramble its argument (MemFS does under -race): pass a copy.
	if _, err := f.Write(append([]byte(nil), data...)); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestCorruptLastSegment damages the last segment in several ways and
// checks recovery keeps the whole Appends before the damage, drops the rest,
// and never lets the dropped bytes reappear after new Appends.
func TestCorruptLastSegment(t *testing.T) {
	tests := []struct {
		name   string
		damage func(data []byte, pos14 int) []byte
		want   uint64 // records kept
	}{
		{"flipped byte in the middle", func(d []byte, p int) []byte { d[p+frameOverhead+2] ^= 0x40; return d }, 12},
		{"flipped length in the middle", func(d []byte, p int) []byte { d[p] ^= 0x01; return d }, 12},
		{"zeroed tail", func(d []byte, p int) []byte { clear(d[p:]); return d }, 12},
		{"torn last frame", func(d []byte, p int) []byte { return d[:len(d)-3] }, 27},
		{"torn last frame header", func(d []byte, p int) []byte { return d[:len(d)-len(d)+p+5] }, 12},
		{"garbage appended", func(d []byte, p int) []byte { return append(d, "garbage after the end"...) }, 30},
		{"first frame damaged", func(d []byte, p int) []byte { d[10] ^= 1; return d }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := vfs.NewMem()
			s := openStore(t, fs, func(o *Options) { o.SegmentBytes = 1 << 20 })
			l := mustLog(t, s, "a")
			for i := 0; i < 30; i += 3 {
				appendN(t, l, i, 3)
			}
			path := l.segPath(0)
			s.Close()
			data := readFile(t, fs, path)
			writeFile(t, fs, path, tc.damage(data, framePos(t, data, 0, 14)))

			s = openStore(t, fs, func(o *Options) { o.SegmentBytes = 1 << 20 })
			l = mustLog(t, s, "a")
			if _, next := l.Bounds(); next != tc.want {
				t.Fatalf("recovered %d records, want %d", next, tc.want)
			}
			checkRecords(t, readAll(t, l), 0)
			// New records take the dropped offsets; the dropped bytes must
			// never come back, even when the new records are identical.
			appendN(t, l, int(tc.want), 3)
			appendN(t, l, int(tc.want)+3, 3)
			s.Close()
			s = openStore(t, fs, func(o *Options) { o.SegmentBytes = 1 << 20 })
			defer s.Close()
			l = mustLog(t, s, "a")
			if _, next := l.Bounds(); next != tc.want+6 {
				t.Fatalf("after reopening: %d records, want %d", next, tc.want+6)
			}
			checkRecords(t, readAll(t, l), 0)
		})
	}
}

// TestCorruptSealedSegment damages a segment that is not the last one:
// reads of the damaged records fail with ErrCorrupt, everything else stays
// readable, with or without the segment's index file.
func TestCorruptSealedSegment(t *testing.T) {
	for _, dropIndex := range []bool{false, true} {
		fs := vfs.NewMem()
		s := openStore(t, fs, nil)
		l := mustLog(t, s, "a")
		for i := 0; i < 200; i += 4 {
			appendN(t, l, i, 4)
		}
		g := l.segs[1]
		base, next := g.base, g.next
		s.Close()
		data := readFile(t, fs, l.segPath(base))
		bad := base + (next-base)/2
		data[framePos(t, data, base, bad)+frameOverhead+1] ^= 0xff
		writeFile(t, fs, l.segPath(base), data)
		if dropIndex {
			fs.Remove(l.idxPath(base))
		}

		s = openStore(t, fs, func(o *Options) { o.MaxCacheBytes = 1 })
		l = mustLog(t, s, "a")
		if f, n := l.Bounds(); f != 0 || n != 200 {
			t.Fatalf("bounds %d, %d", f, n)
		}
		recs, err := l.Read(context.Background(), base, 0, 0)
		if err != nil || uint64(len(recs)) != bad-base {
			t.Fatalf("dropIndex=%v: Read up to damage = %d records, %v; want %d", dropIndex, len(recs), err, bad-base)
		}
		checkRecords(t, recs, base)
		if _, err := l.Read(context.Background(), bad, 0, 0); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("dropIndex=%v: Read of damaged record = %v", dropIndex, err)
		}
		recs, err = l.Read(context.Background(), next, 0, 0)
		if err != nil || len(recs) == 0 {
			t.Fatalf("Read after damaged segment = %v", err)
		}
		checkRecords(t, recs, next)
		s.Close()
	}
}

// TestDiskFull injects ENOSPC: Appends fail while the disk is full, nothing
// acknowledged is lost, nothing that failed appears, and the log works again
// once space is back — also when the failed write reached the file but its
// fsync did not succeed.
func TestDiskFull(t *testing.T) {
	tests := []struct {
		name string
		fail func(op errorfs.Op) bool
	}{
		{"every write fails", func(op errorfs.Op) bool { return op.Kind.ReadOrWrite() == errorfs.OpIsWrite }},
		{"fsync fails after the write", func(op errorfs.Op) bool { return op.Kind == errorfs.OpFileSyncData }},
		{"new segment cannot be created", func(op errorfs.Op) bool { return op.Kind == errorfs.OpCreate }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := vfs.NewCrashableMem()
			var full atomic.Bool
			fs := errorfs.Wrap(mem, errorfs.InjectorFunc(func(op errorfs.Op) error {
				if full.Load() && tc.fail(op) {
					return syscall.ENOSPC
				}
				return nil
			}))
			s := openStore(t, fs, func(o *Options) { o.SegmentBytes = 1 << 10 })
			l := mustLog(t, s, "a")
			var want []string
			n := 0
			for round := 0; round < 6; round++ {
				full.Store(round%2 == 1)
				for i := 0; i < 10; i++ {
					v := []byte(strings.Repeat("v", 100) + string(rune('a'+round)) + string(rune('0'+i)))
					first, _, err := l.Append(context.Background(), []Record{{Value: v}, {Value: v}})
					switch {
					case full.Load() && err == nil && tc.name != "new segment cannot be created":
						t.Fatal("Append succeeded on a full disk")
					case full.Load() && err != nil && !errors.Is(err, syscall.ENOSPC):
						t.Fatalf("Append error %v is not ENOSPC", err)
					case !full.Load() && err != nil:
						t.Fatalf("Append after the disk emptied: %v", err)
					case err == nil:
						if first != uint64(n) {
							t.Fatalf("Append got offset %d, want %d", first, n)
						}
						want = append(want, string(v), string(v))
						n += 2
					}
				}
			}
			check := func(l *Log) {
				t.Helper()
				got := readAll(t, l)
				if len(got) != len(want) {
					t.Fatalf("log holds %d records, %d acknowledged", len(got), len(want))
				}
				for i, r := range got {
					if string(r.Value) != want[i] {
						t.Fatalf("record %d = %q, want %q", i, r.Value[100:], want[i][100:])
					}
				}
			}
			t.Log("in process")
			check(l)
			crashed := mem.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 0})
			s.Close()
			s = openStore(t, mem, func(o *Options) { o.SegmentBytes = 1 << 10 })
			t.Log("reopen")
			check(mustLog(t, s, "a"))
			s.Close()
			s = openStore(t, crashed, func(o *Options) { o.SegmentBytes = 1 << 10 })
			t.Log("reopen")
			check(mustLog(t, s, "a"))
			s.Close()
		})
	}
}
