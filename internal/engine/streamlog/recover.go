package streamlog

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	nvfs "github.com/nubo-dev/nubo/internal/vfs"
)

// recover rebuilds the log's state from its directory. Sealed segments are
// summarised from their index files (a fixed-size read each) or, when that
// is missing or damaged, by scanning them. The last segment is always
// scanned, and ends at the last whole Append whose frames are all intact.
func (l *Log) recover() error {
	fs := l.s.fs
	names, err := fs.List(l.dir)
	if err != nil {
		return fmt.Errorf("streamlog: open log %q: %w", l.name, err)
	}
	var bases []uint64
	idx := map[uint64]bool{}
	for _, n := range names {
		switch {
		case n == "SEALED":
			l.sealed = true
		case strings.HasSuffix(n, ".tmp"):
			// A WriteFileAtomic interrupted by a crash.
			fs.Remove(fs.PathJoin(l.dir, n))
		case strings.HasSuffix(n, ".seg"):
			if b, err := strconv.ParseUint(strings.TrimSuffix(n, ".seg"), 10, 64); err == nil {
				bases = append(bases, b)
			}
		case strings.HasSuffix(n, ".idx"):
			if b, err := strconv.ParseUint(strings.TrimSuffix(n, ".idx"), 10, 64); err == nil {
				idx[b] = true
			}
		}
	}
	slices.Sort(bases)
	for i, base := range bases {
		limit := uint64(math.MaxUint64)
		if i+1 < len(bases) {
			limit = bases[i+1]
		}
		g, err := l.recoverSegment(base, limit, i == len(bases)-1, idx[base])
		if err != nil {
			return fmt.Errorf("streamlog: open log %q: %w", l.name, err)
		}
		delete(idx, base)
		if g.empty() && len(l.segs) > 0 {
			// Keep time ranges non-decreasing across segments for SeekTime.
			prev := l.segs[len(l.segs)-1]
			g.firstTS, g.lastTS = prev.lastTS, prev.lastTS
		}
		l.segs = append(l.segs, g)
	}
	for b := range idx {
		// The segment was removed by retention but its index was not.
		fs.Remove(l.idxPath(b))
	}
	if len(l.segs) > 0 {
		l.first = l.segs[0].base
		l.next = l.segs[len(l.segs)-1].next
		for _, g := range l.segs {
			if !g.empty() {
				l.lastTS = g.lastTS
			}
		}
	}
	return nil
}

const msgTornTail = "streamlog: dropped torn or corrupt tail"

// recoverSegment summarises one segment. limit is the next segment's base.
func (l *Log) recoverSegment(base, limit uint64, last, hasIdx bool) (*segment, error) {
	fs := l.s.fs
	path := l.segPath(base)
	if !last && hasIdx {
		if g, ok := l.fromIndex(base, limit); ok {
			return g, nil
		}
	}
	f, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	res, err := scanSegment(f, st.Size(), base, limit, last, l.s.interval)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", path, err)
	}
	g := &segment{base: base, next: res.next, size: res.size, firstTS: res.firstTS, lastTS: res.lastTS}
	if last {
		g.entries = res.entries
		if !res.clean {
			// Never write after bytes that were not acknowledged: the next
			// Append starts a new segment at the recovered end.
			l.poisoned = true
			l.s.opts.Logger.Warn(msgTornTail, "log", l.name,
				"segment", base, "kept_bytes", res.size, "file_bytes", st.Size(), "next", res.next)
		}
		return g, nil
	}
	if res.next < limit {
		l.s.opts.Logger.Error("streamlog: segment damaged, records unreadable", "log", l.name,
			"segment", base, "from", res.next, "to", limit)
	}
	g.sum, g.hasIndex = l.writeIndex(g, res.entries)
	return g, nil
}

// fromIndex builds a sealed segment from its index file header.
func (l *Log) fromIndex(base, limit uint64) (*segment, bool) {
	sum, err := readIndexHeader(l.s.fs, l.idxPath(base))
	if err != nil || sum.base != base || sum.next > limit {
		return nil, false
	}
	st, err := l.s.fs.Stat(l.segPath(base))
	if err != nil || st.Size() < sum.size {
		return nil, false
	}
	return &segment{base: base, next: sum.next, size: sum.size, firstTS: sum.firstTS,
		lastTS: sum.lastTS, sum: sum, hasIndex: true}, true
}

// writeIndex writes a sealed segment's index file and returns its summary.
// Failing is not fatal (the segment is scanned instead), so it only logs.
func (l *Log) writeIndex(g *segment, entries []indexEntry) (segmentSummary, bool) {
	sum := segmentSummary{base: g.base, next: g.next, size: g.size, firstTS: g.firstTS, lastTS: g.lastTS}
	buf := encodeIndex(sum, entries)
	sum, _ = decodeIndexHeader(buf)
	if err := nvfs.WriteFileAtomic(l.s.fs, l.idxPath(g.base), buf); err != nil {
		l.s.opts.Logger.Warn("streamlog: writing segment index", "log", l.name, "segment", g.base, "err", err)
		return segmentSummary{}, false
	}
	return sum, true
}

// removeIfExists removes a file, ignoring its absence.
func removeIfExists(fs nvfs.FS, path string) error {
	if err := fs.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
