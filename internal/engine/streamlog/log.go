package streamlog

import (
	"fmt"
	"sort"
	"sync"
)

// segment is one file of a log, holding the records [base, next) in its
// first size bytes. Fields are guarded by Log.mu; only the last segment of
// a log (the active one) changes.
type segment struct {
	base    uint64
	next    uint64
	size    int64
	firstTS int64
	lastTS  int64
	// entries is the sparse index of the active segment. A sealed segment's
	// index lives in its .idx file and, when recently used, the index cache.
	entries []indexEntry
	// sum is what the sealed segment's .idx file holds, when it has one.
	sum      segmentSummary
	hasIndex bool
}

func (g *segment) empty() bool { return g.next == g.base }

// hint remembers where a reader stopped, so the next sequential Read starts
// there without an index lookup.
type hint struct {
	offset uint64
	base   uint64
	pos    int64
}

const numHints = 8

// Log is one append-only log. Its methods are safe for concurrent use.
type Log struct {
	s    *Store
	name string
	id   uint64
	dir  string

	tail tailList // guarded by s.tail.mu

	mu       sync.Mutex
	segs     []*segment // by base; replaced, never modified in place
	first    uint64     // first retained offset
	next     uint64     // next offset to assign; everything below is durable
	lastTS   int64
	sealed   bool
	deleted  bool
	poisoned bool // the active segment may hold junk after size: roll first
	notify   chan struct{}
	waiting  bool // someone holds notify
	hints    [numHints]hint
	hintPos  int
	queue    []*request
	leading  bool  // a leader is committing the queue
	prealloc int64 // bytes of the active segment reserved on disk; leader only
}

func (s *Store) newLog(name string, id uint64) *Log {
	return &Log{
		s:      s,
		name:   name,
		id:     id,
		dir:    s.fs.PathJoin(s.opts.Dir, escapeName(name)),
		notify: make(chan struct{}),
	}
}

// Name returns the log's name.
func (l *Log) Name() string { return l.name }

func (l *Log) segPath(base uint64) string {
	return l.s.fs.PathJoin(l.dir, fmt.Sprintf("%020d.seg", base))
}

func (l *Log) idxPath(base uint64) string {
	return l.s.fs.PathJoin(l.dir, fmt.Sprintf("%020d.idx", base))
}

func (l *Log) sealedPath() string { return l.s.fs.PathJoin(l.dir, "SEALED") }

// Bounds returns the first retained offset and the next offset to be
// assigned; the records in [first, next) are readable.
func (l *Log) Bounds() (first, next uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.first, l.next
}

// Wait returns a channel that is closed once the log's next offset is
// greater than after (a record at offset after or later exists). It is also
// closed when the log is sealed or deleted or the store closed, since no
// such record may ever come; callers re-check Bounds and Sealed.
func (l *Log) Wait(after uint64) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.next > after || l.sealed || l.deleted || l.s.closed.Load() {
		return l.s.ready
	}
	l.waiting = true
	return l.notify
}

// wakeLocked wakes every Wait caller.
func (l *Log) wakeLocked() {
	if l.waiting {
		close(l.notify)
		l.notify = make(chan struct{})
		l.waiting = false
	}
}

// Sealed reports whether the log is sealed.
func (l *Log) Sealed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sealed
}

// active returns the last segment, or nil for a log without segments.
func (l *Log) activeLocked() *segment {
	if len(l.segs) == 0 {
		return nil
	}
	return l.segs[len(l.segs)-1]
}

// findLocked returns the index in segs of the segment that holds offset.
func (l *Log) findLocked(offset uint64) int {
	return sort.Search(len(l.segs), func(i int) bool { return l.segs[i].base > offset }) - 1
}

// hintLocked returns the closest remembered position at or before offset in
// the segment with the given base.
func (l *Log) hintLocked(base, offset uint64) (indexEntry, bool) {
	var best indexEntry
	ok := false
	for _, h := range l.hints {
		if h.base == base && h.offset <= offset && h.offset >= base && (!ok || h.offset > best.offset) {
			best, ok = indexEntry{offset: h.offset, pos: h.pos}, true
		}
	}
	return best, ok
}

func (l *Log) addHintLocked(h hint) {
	for _, x := range l.hints {
		if x == h {
			return
		}
	}
	l.hints[l.hintPos] = h
	l.hintPos = (l.hintPos + 1) % numHints
}
