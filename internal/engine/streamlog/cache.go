package streamlog

import (
	"container/list"
	"sync"
)

// chunk is the bytes of one group commit, kept in memory so that consumers
// reading the tail of a log (the common case: put-to-get) never touch the
// file. The bytes are exactly what was written and are never modified, so
// Records returned from a chunk alias it safely.
type chunk struct {
	owner       *tailList
	first, next uint64 // offsets of the records in data
	base        uint64 // segment base offset
	pos         int64  // file position of data[0]
	data        []byte
	elem        *list.Element // in tailCache.fifo
}

// chunkOverhead approximates the memory a chunk takes besides its bytes.
const chunkOverhead = 128

// cost is what a chunk counts against the cache budget.
func (c *chunk) cost() int64 { return int64(len(c.data)) + chunkOverhead }

// tailList is one log's cached chunks: a contiguous run of offsets ending at
// the log's committed end. It is guarded by tailCache.mu.
type tailList struct {
	chunks []*chunk
}

// tailCache holds recent chunks of all logs within a byte budget, evicting
// the oldest chunk first (first in, first out across logs).
type tailCache struct {
	mu   sync.Mutex
	max  int64
	used int64
	fifo list.List
}

// add appends c to t's cached run, evicting old chunks over the budget.
func (tc *tailCache) add(t *tailList, c *chunk) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if n := len(t.chunks); n > 0 && t.chunks[n-1].next != c.first {
		tc.dropLocked(t)
	}
	if c.cost() > tc.max {
		tc.dropLocked(t)
		return
	}
	c.owner = t
	t.chunks = append(t.chunks, c)
	c.elem = tc.fifo.PushBack(c)
	tc.used += c.cost()
	for tc.used > tc.max {
		old := tc.fifo.Front().Value.(*chunk)
		tc.removeLocked(old)
	}
}

// removeLocked forgets one chunk; chunks leave a log's run from its front
// (oldest first), except when a whole run is dropped.
func (tc *tailCache) removeLocked(c *chunk) {
	tc.fifo.Remove(c.elem)
	tc.used -= c.cost()
	t := c.owner
	if len(t.chunks) > 0 && t.chunks[0] == c {
		t.chunks[0] = nil
		t.chunks = t.chunks[1:]
	} else {
		for i, x := range t.chunks {
			if x == c {
				t.chunks = append(t.chunks[:i:i], t.chunks[i+1:]...)
				break
			}
		}
	}
	if len(t.chunks) == 0 {
		t.chunks = nil
	}
}

// dropLocked forgets all of t's chunks.
func (tc *tailCache) dropLocked(t *tailList) {
	for _, c := range t.chunks {
		tc.fifo.Remove(c.elem)
		tc.used -= c.cost()
	}
	t.chunks = nil
}

// drop forgets all of t's chunks (the log was deleted or trimmed past them).
func (tc *tailCache) drop(t *tailList) {
	tc.mu.Lock()
	tc.dropLocked(t)
	tc.mu.Unlock()
}

// find returns the cached chunks of t holding offsets at or after from, or
// nil when from is not cached.
func (tc *tailCache) find(t *tailList, from uint64) []*chunk {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for i, c := range t.chunks {
		if from < c.first {
			return nil
		}
		if from < c.next {
			return append([]*chunk(nil), t.chunks[i:]...)
		}
	}
	return nil
}

// size reports the bytes held.
func (tc *tailCache) size() int64 {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return tc.used
}

// segKey names a segment of a log.
type segKey struct {
	log  uint64
	base uint64
}

type indexCacheEntry struct {
	key     segKey
	entries []indexEntry
}

// indexCache holds the sparse indexes of sealed segments that were recently
// used, within a byte budget, least recently used evicted first. Indexes of
// active segments live with their log and are bounded by maxIndexEntries.
type indexCache struct {
	mu   sync.Mutex
	max  int64
	used int64
	m    map[segKey]*list.Element
	lru  list.List
}

func newIndexCache(max int64) *indexCache {
	return &indexCache{max: max, m: make(map[segKey]*list.Element)}
}

func (ic *indexCache) get(k segKey) ([]indexEntry, bool) {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	e, ok := ic.m[k]
	if !ok {
		return nil, false
	}
	ic.lru.MoveToFront(e)
	return e.Value.(*indexCacheEntry).entries, true
}

func (ic *indexCache) put(k segKey, entries []indexEntry) {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	if e, ok := ic.m[k]; ok {
		ic.removeLocked(e)
	}
	size := int64(len(entries)) * indexEntrySize
	if size > ic.max {
		return
	}
	ic.m[k] = ic.lru.PushFront(&indexCacheEntry{key: k, entries: entries})
	ic.used += size
	for ic.used > ic.max {
		ic.removeLocked(ic.lru.Back())
	}
}

func (ic *indexCache) removeLocked(e *list.Element) {
	ent := e.Value.(*indexCacheEntry)
	ic.lru.Remove(e)
	delete(ic.m, ent.key)
	ic.used -= int64(len(ent.entries)) * indexEntrySize
}

// drop forgets one segment's index.
func (ic *indexCache) drop(k segKey) {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	if e, ok := ic.m[k]; ok {
		ic.removeLocked(e)
	}
}

// dropLog forgets every index of a log.
func (ic *indexCache) dropLog(logID uint64) {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	for k, e := range ic.m {
		if k.log == logID {
			ic.removeLocked(e)
		}
	}
}

func (ic *indexCache) size() int64 {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	return ic.used
}

// dropBelow forgets t's chunks that end at or before offset first.
func (tc *tailCache) dropBelow(t *tailList, first uint64) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for len(t.chunks) > 0 && t.chunks[0].next <= first {
		tc.removeLocked(t.chunks[0])
	}
}
