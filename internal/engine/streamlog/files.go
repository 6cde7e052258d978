package streamlog

import (
	"container/list"
	"sync"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// fileKey names one open segment file: the log's id, the segment's base
// offset and whether the handle may write. The active segment can have a
// writing handle (used by the committer) and a reading one at the same time.
type fileKey struct {
	log      uint64
	base     uint64
	writable bool
}

// handle is a reference-counted open file in the fileCache.
type handle struct {
	key     fileKey
	f       vfs.File
	refs    int
	elem    *list.Element // in fileCache.lru while cached
	dropped bool          // no longer cached; close at the last release
}

// fileCache bounds the number of open segment files across all logs: files
// are opened on demand and the least recently used idle ones are closed.
// Files in use are never closed, so the bound can be exceeded briefly by the
// number of concurrent readers and committers.
type fileCache struct {
	fs  vfs.FS
	max int

	mu  sync.Mutex
	m   map[fileKey]*handle
	lru list.List // front: most recently used
}

func newFileCache(fs vfs.FS, max int) *fileCache {
	return &fileCache{fs: fs, max: max, m: make(map[fileKey]*handle)}
}

// acquire returns an open handle for path; the caller must release it.
// Opening happens under the lock: opens are rare next to cache hits.
func (c *fileCache) acquire(key fileKey, path string) (*handle, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.m[key]; ok {
		h.refs++
		c.lru.MoveToFront(h.elem)
		return h, nil
	}
	var f vfs.File
	var err error
	if key.writable {
		f, err = c.fs.OpenReadWrite(path, vfs.WriteCategory)
	} else {
		f, err = c.fs.Open(path)
	}
	if err != nil {
		return nil, err
	}
	h := &handle{key: key, f: f, refs: 1}
	h.elem = c.lru.PushFront(h)
	c.m[key] = h
	c.evictLocked()
	return h, nil
}

// release gives back a handle from acquire.
func (c *fileCache) release(h *handle) {
	c.mu.Lock()
	h.refs--
	closeIt := h.refs == 0 && h.dropped
	if !closeIt {
		c.evictLocked()
	}
	c.mu.Unlock()
	if closeIt {
		h.f.Close()
	}
}

// evictLocked closes idle files beyond the bound, least recently used first.
func (c *fileCache) evictLocked() {
	for e := c.lru.Back(); e != nil && len(c.m) > c.max; {
		h := e.Value.(*handle)
		prev := e.Prev()
		if h.refs == 0 {
			c.removeLocked(h)
			h.f.Close()
		}
		e = prev
	}
}

func (c *fileCache) removeLocked(h *handle) {
	c.lru.Remove(h.elem)
	delete(c.m, h.key)
	h.dropped = true
}

// drop closes the handles of a segment (both kinds), e.g. before its file is
// removed; handles in use are closed by their last release.
func (c *fileCache) drop(logID, base uint64) {
	c.mu.Lock()
	var toClose []vfs.File
	for _, w := range []bool{false, true} {
		if h, ok := c.m[fileKey{logID, base, w}]; ok {
			c.removeLocked(h)
			if h.refs == 0 {
				toClose = append(toClose, h.f)
			}
		}
	}
	c.mu.Unlock()
	for _, f := range toClose {
		f.Close()
	}
}

// dropLog closes every handle of a log.
func (c *fileCache) dropLog(logID uint64) {
	c.mu.Lock()
	var toClose []vfs.File
	for k, h := range c.m {
		if k.log == logID {
			c.removeLocked(h)
			if h.refs == 0 {
				toClose = append(toClose, h.f)
			}
		}
	}
	c.mu.Unlock()
	for _, f := range toClose {
		f.Close()
	}
}

// open reports how many files are open (cached or in use).
func (c *fileCache) open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// closeAll closes every idle handle; used by Store.Close after all work stopped.
func (c *fileCache) closeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range c.m {
		c.removeLocked(h)
		if h.refs == 0 {
			h.f.Close()
		}
	}
}
