package streamlog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// Read returns records with Offset >= from, in order: at most maxRecords,
// and no more than maxBytes of Key+Value+Meta except that the first record
// is always returned whatever its size. maxRecords or maxBytes <= 0 means no
// limit. Offsets below the first retained one are skipped; an empty result
// means nothing at or after from is available yet. The returned slices must
// not be modified: they may be shared with the engine's cache.
func (l *Log) Read(ctx context.Context, from uint64, maxRecords int, maxBytes int) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.s.closeMu.RLock()
	defer l.s.closeMu.RUnlock()
	if l.s.closed.Load() {
		return nil, ErrClosed
	}
	return l.read(from, maxRecords, maxBytes)
}

// readState collects a Read's records within its limits.
type readState struct {
	out        []Record
	bytes      int
	maxRecords int
	maxBytes   int
	full       bool
}

// add appends the record in f unless a limit forbids it.
func (st *readState) add(f *frame) bool {
	n := len(f.key) + len(f.meta) + len(f.value)
	if len(st.out) >= st.maxRecords || (len(st.out) > 0 && st.bytes+n > st.maxBytes) {
		st.full = true
		return false
	}
	st.out = append(st.out, f.record())
	st.bytes += n
	if len(st.out) >= st.maxRecords || st.bytes >= st.maxBytes {
		st.full = true
	}
	return true
}

// pieceSize is how many bytes to read from a file at a time: about what the
// remaining limits allow, between 4 KiB and 1 MiB.
func (st *readState) pieceSize() int {
	recs := min(st.maxRecords-len(st.out), 1<<20)
	want := min(st.maxBytes-st.bytes, 1<<20) + recs*frameOverhead
	return min(max(want, 4<<10), 1<<20)
}

func (l *Log) read(from uint64, maxRecords, maxBytes int) ([]Record, error) {
	if maxRecords <= 0 {
		maxRecords = math.MaxInt
	}
	if maxBytes <= 0 {
		maxBytes = math.MaxInt
	}
	st := readState{maxRecords: maxRecords, maxBytes: maxBytes}
	for !st.full {
		l.mu.Lock()
		if l.deleted {
			l.mu.Unlock()
			return nil, ErrNotFound
		}
		first, next := l.first, l.next
		l.mu.Unlock()
		from = max(from, first)
		if from >= next {
			break
		}
		if st.out == nil {
			st.out = make([]Record, 0, min(uint64(maxRecords), next-from, 1024))
		}
		var to uint64
		if chunks := l.s.tail.find(&l.tail, from); chunks != nil {
			to = readChunks(chunks, from, next, &st)
		} else {
			var err error
			if to, err = l.readSegment(from, next, &st); err != nil {
				if len(st.out) > 0 {
					break
				}
				if l.trimmedPast(from) {
					// Retention removed the segment while it was being
					// read: go on from the new first offset.
					continue
				}
				return nil, err
			}
		}
		if to == from {
			break
		}
		from = to
	}
	return st.out, nil
}

// trimmedPast reports whether offset is no longer retained.
func (l *Log) trimmedPast(offset uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return offset < l.first
}

// readChunks reads records from cached chunks, up to offset next, and
// returns the offset after the last record taken.
func readChunks(chunks []*chunk, from, next uint64, st *readState) uint64 {
	var f frame
	for _, c := range chunks {
		b, off := c.data, c.first
		for len(b) > 0 && off < next {
			size, _ := frameLen(b)
			if off >= from {
				decodeFrame(b, false, &f)
				if !st.add(&f) {
					return off
				}
			}
			b = b[size:]
			off++
		}
		if off >= next {
			return off
		}
		from = max(from, off)
	}
	return from
}

// readSegment reads records from the segment holding from, up to offset
// next, and returns the offset after the last record taken.
func (l *Log) readSegment(from, next uint64, st *readState) (uint64, error) {
	l.mu.Lock()
	i := l.findLocked(from)
	if i < 0 {
		l.mu.Unlock()
		return from, nil
	}
	g := l.segs[i]
	active := i == len(l.segs)-1
	base, gNext, gSize, sum, hasIndex := g.base, g.next, g.size, g.sum, g.hasIndex
	if from >= gNext {
		l.mu.Unlock()
		return from, fmt.Errorf("%w: log %q: offsets %d to %d unreadable", ErrCorrupt, l.name, from, l.segs[min(i+1, len(l.segs)-1)].base)
	}
	start, ok := l.hintLocked(base, from)
	if !ok {
		start = indexEntry{offset: base}
	}
	if active && start.offset != from {
		if e, ok := seekOffset(g.entries, from); ok && e.offset > start.offset {
			start = e
		}
	}
	l.mu.Unlock()
	if !active && start.offset != from {
		if e, ok := seekOffset(l.sealedIndex(base, gNext, gSize, sum, hasIndex), from); ok && e.offset > start.offset {
			start = e
		}
	}
	piece := st.pieceSize()
	if start.offset != from {
		piece += int(l.s.interval)
	}
	off, pos, err := l.walk(base, start, min(gNext, next), gSize, piece, func(f *frame) bool {
		return f.offset < from || st.add(f)
	})
	l.mu.Lock()
	l.addHintLocked(hint{offset: off, base: base, pos: pos})
	l.mu.Unlock()
	return off, err
}

// walk calls fn for each frame of the segment with the given base, from
// start up to offset end or file position endPos, checking every checksum,
// until fn returns false. It returns the offset and position of the first
// frame not accepted by fn. Frames alias freshly read buffers, so fn may
// keep them.
func (l *Log) walk(base uint64, start indexEntry, end uint64, endPos int64, piece int, fn func(*frame) bool) (uint64, int64, error) {
	off, pos := start.offset, start.pos
	h, err := l.s.files.acquire(fileKey{log: l.id, base: base}, l.segPath(base))
	if err != nil {
		return off, pos, err
	}
	defer l.s.files.release(h)
	var f frame
	for off < end && pos < endPos {
		buf := make([]byte, min(int64(piece), endPos-pos))
		if n, err := h.f.ReadAt(buf, pos); n < len(buf) {
			if err == nil || errors.Is(err, io.EOF) {
				err = fmt.Errorf("%w: log %q segment %d is shorter than expected", ErrCorrupt, l.name, base)
			}
			return off, pos, err
		}
		p := 0
		for p < len(buf) && off < end {
			st := decodeFrame(buf[p:], true, &f)
			if st == frameShort {
				break
			}
			if st == frameCorrupt || f.offset != off {
				return off, pos + int64(p), fmt.Errorf("%w: log %q offset %d fails its checksum", ErrCorrupt, l.name, off)
			}
			if !fn(&f) {
				return off, pos + int64(p), nil
			}
			p += f.size
			off++
		}
		if p == 0 {
			// The frame is bigger than the piece: read it whole next time.
			size, st := frameLen(buf)
			if st != frameOK {
				return off, pos, fmt.Errorf("%w: log %q offset %d has a bad length", ErrCorrupt, l.name, off)
			}
			piece = size
		}
		pos += int64(p)
	}
	return off, pos, nil
}

// sealedIndex returns the sparse index of a sealed segment: from the cache,
// its index file, or by scanning the segment.
func (l *Log) sealedIndex(base, next uint64, size int64, sum segmentSummary, hasIndex bool) []indexEntry {
	k := segKey{log: l.id, base: base}
	if e, ok := l.s.index.get(k); ok {
		return e
	}
	if hasIndex {
		e, err := readIndex(l.s.fs, l.idxPath(base), sum)
		if err == nil {
			l.s.index.put(k, e)
			return e
		}
		l.s.opts.Logger.Warn("streamlog: reading segment index", "log", l.name, "segment", base, "err", err)
	}
	f, err := l.s.fs.Open(l.segPath(base))
	if err != nil {
		return nil
	}
	defer f.Close()
	res, err := scanSegment(f, size, base, next, false, l.s.interval)
	if err != nil {
		return nil
	}
	l.s.index.put(k, res.entries)
	return res.entries
}

// SeekTime returns the first retained offset whose Timestamp >= ts, or the
// next offset if there is none. It finds the segment by its time range and
// the position through the segment's sparse index, so it reads at most
// about one index interval of records.
func (l *Log) SeekTime(ts int64) (uint64, error) {
	l.s.closeMu.RLock()
	defer l.s.closeMu.RUnlock()
	if l.s.closed.Load() {
		return 0, ErrClosed
	}
	for {
		off, base, err := l.seekTime(ts)
		// Retention may remove the segment while it is searched: retry.
		if err == nil || errors.Is(err, ErrNotFound) || !l.trimmedPast(base) {
			return off, err
		}
	}
}

// seekTime is SeekTime; it also returns the base of the segment searched.
func (l *Log) seekTime(ts int64) (uint64, uint64, error) {
	l.mu.Lock()
	if l.deleted {
		l.mu.Unlock()
		return 0, 0, ErrNotFound
	}
	segs, next := l.segs, l.next
	n := len(segs)
	if n > 0 && segs[n-1].empty() {
		n--
	}
	i := sort.Search(n, func(i int) bool { return segs[i].lastTS >= ts })
	if i == n {
		l.mu.Unlock()
		return next, 0, nil
	}
	g := segs[i]
	if g.firstTS >= ts {
		l.mu.Unlock()
		return g.base, g.base, nil
	}
	active := i == len(segs)-1
	start := indexEntry{offset: g.base}
	if active {
		if e, ok := seekTime(g.entries, ts); ok {
			start = e
		}
	}
	base, gNext, gSize, sum, hasIndex := g.base, g.next, g.size, g.sum, g.hasIndex
	l.mu.Unlock()
	if !active {
		if e, ok := seekTime(l.sealedIndex(base, gNext, gSize, sum, hasIndex), ts); ok {
			start = e
		}
	}
	found := gNext
	_, _, err := l.walk(base, start, gNext, gSize, int(l.s.interval)+4<<10, func(f *frame) bool {
		if f.ts >= ts {
			found = f.offset
			return false
		}
		return true
	})
	return found, base, err
}

// TimestampOf returns the arrival time of the record at offset, or
// ErrNotFound when offset is not retained.
func (l *Log) TimestampOf(offset uint64) (int64, error) {
	l.s.closeMu.RLock()
	defer l.s.closeMu.RUnlock()
	if l.s.closed.Load() {
		return 0, ErrClosed
	}
	first, next := l.Bounds()
	if offset < first || offset >= next {
		return 0, ErrNotFound
	}
	recs, err := l.read(offset, 1, 1)
	if err != nil {
		return 0, err
	}
	if len(recs) == 0 || recs[0].Offset != offset {
		return 0, ErrNotFound
	}
	return recs[0].Timestamp, nil
}
