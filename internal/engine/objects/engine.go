package objects

import (
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"path"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// Options configures an Engine.
type Options struct {
	// FS is the filesystem for object bytes; it should be the one the KV
	// store lives on, so a simulated crash covers both.
	FS vfs.FS
	// Root is the directory holding object files (e.g. <data>/objects).
	Root string
	// KV is the metadata store.
	KV     *kv.Store
	Logger *slog.Logger
	// Now is the clock (time.Now if nil).
	Now func() time.Time
}

// EnsureDefaults fills in unset optional fields.
func (o *Options) EnsureDefaults() {
	if o.FS == nil {
		o.FS = vfs.Default
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Validate reports missing required fields.
func (o *Options) Validate() error {
	if o.Root == "" {
		return errors.New("objects: Options.Root is required")
	}
	if o.KV == nil {
		return errors.New("objects: Options.KV is required")
	}
	return nil
}

// keyLockStripes is the number of mutexes object keys hash onto. Writes to
// one key serialize at commit; writes to keys on different stripes run in
// parallel (and their synced KV commits share Pebble's group commit).
const keyLockStripes = 512

// uploadLockStripes is the number of RWMutexes upload IDs hash onto.
const uploadLockStripes = 64

// Engine is the local-disk object engine. It also implements Store.
//
// Lock order: a bucket's mu, a key stripe, an upload stripe, a part
// stripe. Reads take neither: they
// see the KV store's latest committed state.
type Engine struct {
	fs   vfs.FS
	root string
	kv   *kv.Store
	log  *slog.Logger
	now  func() time.Time
	sums checksums

	// bufs holds copy buffers (*[]byte of copyBufSize), so a stream of
	// PUTs does not allocate a megabyte each.
	bufs     sync.Pool
	keySeed  maphash.Seed
	keyLocks [keyLockStripes]sync.Mutex
	// uploadLocks are held for writing by Complete and Abort and for
	// reading by UploadPart; partLocks serialize commits of one part
	// number, so parts of one upload still commit in parallel.
	uploadLocks [uploadLockStripes]sync.RWMutex
	partLocks   [keyLockStripes]sync.Mutex

	mu      sync.RWMutex
	buckets map[string]*bucketState // guarded by mu

	inflight atomic.Int64
	closed   atomic.Bool
}

// bucketState is the in-memory state of one bucket incarnation.
type bucketState struct {
	// mu is held for writing while the bucket record changes or the bucket
	// is deleted, and for reading by every object commit, so a commit sees
	// a stable versioning state and never lands in a deleted bucket.
	mu      sync.RWMutex
	rec     bucketRecord // guarded by mu
	deleted bool         // guarded by mu
	// dirs maps a directory to the *dirOnce that created it durably.
	dirs sync.Map
}

var _ Store = (*Engine)(nil)

// Open opens the engine, creating Root if needed. After an unclean
// shutdown it removes temp files and object files no metadata points to.
func Open(opts Options) (*Engine, error) {
	opts.EnsureDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	e := &Engine{
		fs:      opts.FS,
		root:    path.Clean(opts.Root),
		kv:      opts.KV,
		log:     opts.Logger,
		now:     opts.Now,
		sums:    newChecksums(),
		keySeed: maphash.MakeSeed(),
		buckets: map[string]*bucketState{},
	}
	e.bufs.New = func() any { b := make([]byte, copyBufSize); return &b }
	if err := e.makeRoot(); err != nil {
		return nil, err
	}
	if err := e.loadBuckets(); err != nil {
		return nil, err
	}
	if err := e.recover(); err != nil {
		return nil, err
	}
	return e, nil
}

// Close marks the engine closed. If no write is in flight it records a
// clean shutdown, which lets the next Open skip the orphan scan. It does
// not close the KV store.
func (e *Engine) Close() error {
	if e.closed.Swap(true) {
		return nil
	}
	if e.inflight.Load() != 0 {
		return nil
	}
	return e.kv.Set([]byte(keyClean), []byte{1})
}

// begin registers an operation; end must follow.
func (e *Engine) begin() error {
	e.inflight.Add(1)
	if e.closed.Load() {
		e.inflight.Add(-1)
		return ErrClosed
	}
	return nil
}

func (e *Engine) end() { e.inflight.Add(-1) }

// abs is the absolute path of a file named relative to the root.
func (e *Engine) abs(rel string) string { return e.root + "/" + rel }

// makeRoot creates the root directory durably.
func (e *Engine) makeRoot() error {
	if _, err := e.fs.Stat(e.root); err == nil {
		return nil
	}
	if err := e.fs.MkdirAll(e.root, 0o755); err != nil {
		return fmt.Errorf("objects: creating %s: %w", e.root, err)
	}
	// Make each new directory entry durable, from the root up.
	for dir := e.root; ; {
		parent := e.fs.PathDir(dir)
		if parent == dir {
			return nil
		}
		if err := syncDir(e.fs, parent); err != nil {
			return fmt.Errorf("objects: syncing %s: %w", parent, err)
		}
		dir = parent
	}
}

// loadBuckets reads every bucket record into memory.
func (e *Engine) loadBuckets() error {
	start := []byte(pfxBucket)
	var derr error
	err := e.kv.Iter(start, kv.PrefixEnd(start), func(k, v []byte) bool {
		var r bucketRecord
		if derr = decode(v, &r); derr != nil {
			return false
		}
		e.buckets[r.Name] = &bucketState{rec: r}
		return true
	})
	if err == nil {
		err = derr
	}
	return err
}

// bucket returns the live state of a bucket.
func (e *Engine) bucket(name string) (*bucketState, error) {
	e.mu.RLock()
	bs := e.buckets[name]
	e.mu.RUnlock()
	if bs == nil {
		return nil, ErrNoSuchBucket
	}
	return bs, nil
}

// bucketNames returns the bucket names in order.
func (e *Engine) bucketNames() []string {
	e.mu.RLock()
	names := make([]string, 0, len(e.buckets))
	for n := range e.buckets {
		names = append(names, n)
	}
	e.mu.RUnlock()
	sort.Strings(names)
	return names
}

// lockKey locks the stripe of bucket/key and returns its unlock.
func (e *Engine) lockKey(bucket, key string) func() {
	m := &e.keyLocks[e.keyStripe(bucket, key)]
	m.Lock()
	return m.Unlock
}

// keyStripe is the index of bucket/key's lock in keyLocks. A caller
// locking several stripes takes them in ascending order, once each.
func (e *Engine) keyStripe(bucket, key string) int {
	var h maphash.Hash
	h.SetSeed(e.keySeed)
	h.WriteString(bucket)
	h.WriteByte(0)
	h.WriteString(key)
	return int(h.Sum64() % keyLockStripes)
}

// lockUpload locks the stripe of a multipart upload, exclusively or
// shared, and returns its unlock.
func (e *Engine) lockUpload(id uploadID, exclusive bool) func() {
	m := &e.uploadLocks[uploadStripe(e, id)]
	if exclusive {
		m.Lock()
		return m.Unlock
	}
	m.RLock()
	return m.RUnlock
}

func uploadStripe(e *Engine, id uploadID) uint64 {
	return maphash.Bytes(e.keySeed, id[:]) % uploadLockStripes
}

// lockPart locks the stripe of one part number of an upload.
func (e *Engine) lockPart(id uploadID, number int) func() {
	var h maphash.Hash
	h.SetSeed(e.keySeed)
	h.Write(id[:])
	h.WriteByte(byte(number))
	h.WriteByte(byte(number >> 8))
	m := &e.partLocks[h.Sum64()%keyLockStripes]
	m.Lock()
	return m.Unlock
}

// nowMillis is the clock truncated to S3's millisecond precision.
func (e *Engine) nowMillis() int64 { return e.now().UnixMilli() }

// validKey checks what the engine needs of a key: S3 allows any UTF-8 up
// to 1024 bytes; the engine stores any bytes, so only the length matters.
func validKey(key string) error {
	if key == "" || len(key) > 1024 {
		return ErrInvalidKey
	}
	return nil
}
