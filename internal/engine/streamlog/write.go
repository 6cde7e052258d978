package streamlog

import (
	"fmt"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// writeGroup encodes reqs into one buffer, writes it at the end of the
// active segment with one WriteAt, fsyncs, and only then publishes the
// records to readers and to Wait. On error no record of the group is
// published, and the segment is abandoned: the next write starts a new one,
// so bytes of a failed write can never sit between acknowledged records.
func (l *Log) writeGroup(reqs []*request, total int) {
	g, err := l.ensureSegment(int64(total))
	if err != nil {
		failAll(reqs, err)
		return
	}
	buf := make([]byte, total)
	ts := max(l.s.opts.Now().UnixMilli(), l.lastTS)
	offset, off := l.next, 0
	pos := g.size
	var lastEntry int64 = -1
	if n := len(g.entries); n > 0 {
		lastEntry = g.entries[n-1].pos
	}
	var entries []indexEntry
	for _, r := range reqs {
		r.first, r.ts = offset, ts
		for i := range r.recs {
			if p := pos + int64(off); lastEntry < 0 || p/l.s.interval != lastEntry/l.s.interval {
				entries = append(entries, indexEntry{offset: offset, pos: p, ts: ts})
				lastEntry = p
			}
			var flags byte
			if i == len(r.recs)-1 {
				flags = flagEndOfAppend
			}
			off += encodeFrame(buf[off:], &r.recs[i], offset, ts, flags)
			offset++
		}
	}
	if err := l.writeSync(g.base, buf, pos); err != nil {
		l.s.opts.Logger.Error("streamlog: append failed", "log", l.name, "err", err)
		failAll(reqs, fmt.Errorf("streamlog: append to %q: %w", l.name, err))
		l.abandon(g.base, pos)
		return
	}
	// Cache first, publish second: a reader that sees the new end finds
	// the records in memory.
	l.s.tail.add(&l.tail, &chunk{first: reqs[0].first, next: offset, base: g.base, pos: pos, data: buf})
	l.mu.Lock()
	if g.empty() {
		g.firstTS = ts
	}
	g.next, g.size, g.lastTS = offset, pos+int64(total), ts
	g.entries = append(g.entries, entries...)
	l.next, l.lastTS = offset, ts
	l.wakeLocked()
	l.mu.Unlock()
}

// abandon is called after a failed write at pos of the active segment. The
// bytes may have reached the file even though the Append failed; so that
// they cannot reappear as records after a restart, the log moves on to a
// new segment now (the failed bytes then lie past the old segment's
// recorded end), or, if even that fails, the failed frame's length is
// zeroed in place. Should both fail, the next write rolls first; only a
// restart before then can find the failed records at the log's tail, as
// with any write whose outcome the disk did not report.
func (l *Log) abandon(base uint64, pos int64) {
	l.mu.Lock()
	l.poisoned = true
	l.mu.Unlock()
	if _, err := l.roll(); err == nil {
		return
	}
	h, err := l.s.files.acquire(fileKey{log: l.id, base: base, writable: true}, l.segPath(base))
	if err != nil {
		return
	}
	defer l.s.files.release(h)
	var zero [framePrefix]byte
	if _, err := h.f.WriteAt(zero[:], pos); err == nil {
		h.f.SyncData()
	}
}

func failAll(reqs []*request, err error) {
	for _, r := range reqs {
		r.err = err
	}
}

// writeSync writes buf at pos of the segment with the given base and fsyncs.
func (l *Log) writeSync(base uint64, buf []byte, pos int64) error {
	h, err := l.s.files.acquire(fileKey{log: l.id, base: base, writable: true}, l.segPath(base))
	if err != nil {
		return err
	}
	defer l.s.files.release(h)
	l.preallocate(h.f, pos+int64(len(buf)))
	// WriteAt, unlike Write, never modifies buf, which the tail cache keeps.
	if _, err := h.f.WriteAt(buf, pos); err != nil {
		return err
	}
	return h.f.SyncData()
}

// preallocStep is how far ahead of the written end a segment's disk space
// is reserved. Reserving space in steps (fallocate, keeping the file size)
// saves the filesystem allocating blocks on every write, about a fifth of
// the CPU an Append costs on ext4, while idle logs waste little disk.
const preallocStep = 4 << 20

// preallocate reserves space up to at least end in the active segment.
// Failure is harmless (the write allocates instead), so it is ignored.
func (l *Log) preallocate(f vfs.File, end int64) {
	if end <= l.prealloc {
		return
	}
	upTo := min(max(end, l.prealloc+preallocStep), max(end, l.s.opts.SegmentBytes))
	if f.Preallocate(l.prealloc, upTo-l.prealloc) == nil {
		l.prealloc = upTo
	}
}

// ensureSegment returns the segment the next group of total bytes goes to,
// rolling to a new one when there is none, the active one is full, or it
// must not be written again (poisoned).
func (l *Log) ensureSegment(total int64) (*segment, error) {
	l.mu.Lock()
	g, poisoned := l.activeLocked(), l.poisoned
	l.mu.Unlock()
	if g != nil && !poisoned && (g.size == 0 || g.size+total <= l.s.opts.SegmentBytes) {
		return g, nil
	}
	return l.roll()
}

// roll seals the active segment (writing its index file) and starts a new,
// empty one at the log's next offset. Only the leader calls it. An empty
// active segment at that offset is reused after truncation: its name is
// what records the log's next offset on disk, so it is never removed first.
func (l *Log) roll() (*segment, error) {
	l.mu.Lock()
	old, base := l.activeLocked(), l.next
	l.mu.Unlock()
	fs := l.s.fs
	reuse := old != nil && old.base == base
	var sum segmentSummary
	hasIndex := false
	if old != nil && !reuse {
		sum, hasIndex = l.writeIndex(old, old.entries)
	}
	l.s.files.drop(l.id, base)
	f, err := fs.Create(l.segPath(base), vfs.WriteCategory)
	if err != nil {
		return nil, fmt.Errorf("create segment: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("create segment: %w", err)
	}
	// Appends to the new file are acknowledged once the file is synced,
	// which does not make its directory entry durable: sync the directory.
	if err := vfs.SyncDir(fs, l.dir); err != nil {
		return nil, fmt.Errorf("create segment: %w", err)
	}
	g := &segment{base: base, next: base}
	l.mu.Lock()
	segs := make([]*segment, 0, len(l.segs)+1)
	segs = append(segs, l.segs...)
	if reuse {
		segs = segs[:len(segs)-1]
	}
	l.segs = append(segs, g)
	if len(l.segs) == 1 {
		l.first = base
	}
	l.poisoned = false
	l.prealloc = 0
	if old != nil && !reuse {
		l.s.index.put(segKey{l.id, old.base}, old.entries)
		old.entries, old.sum, old.hasIndex = nil, sum, hasIndex
	}
	l.mu.Unlock()
	return g, nil
}
