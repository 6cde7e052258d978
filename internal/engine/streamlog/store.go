package streamlog

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// Store holds every log under Options.Dir, one directory per log.
type Store struct {
	opts     Options
	fs       vfs.FS
	interval int64
	files    *fileCache
	tail     *tailCache
	index    *indexCache
	lock     io.Closer
	ready    chan struct{} // always closed: what Wait returns when nothing needs waiting for

	// closeMu is held shared by every operation that touches files and
	// exclusively by Close, so Close waits for in-flight work to finish.
	closeMu sync.RWMutex
	closed  atomic.Bool

	mu     sync.Mutex // guards logs and nextID; taken before any Log.mu
	logs   map[string]*Log
	nextID uint64
}

// Stats describes a Store's resource use.
type Stats struct {
	Logs            int   // logs known
	OpenFiles       int   // segment files held open by the file cache
	CacheBytes      int64 // bytes of recent records cached in memory
	IndexCacheBytes int64 // bytes of sealed-segment indexes cached in memory
}

const (
	lockFile    = ".lock" // names starting with "." are never logs: escapeName escapes "."
	trashPrefix = ".trash-"
)

// Open opens the store under opts.Dir, creating it if needed, and recovers
// every log: the last segment of each is validated frame by frame and
// anything after the last whole, intact Append is ignored.
func Open(opts Options) (*Store, error) {
	opts.EnsureDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	s := &Store{
		opts:     opts,
		fs:       opts.FS,
		interval: indexInterval(opts.SegmentBytes),
		files:    newFileCache(opts.FS, opts.MaxOpenFiles),
		tail:     &tailCache{max: opts.MaxCacheBytes - opts.MaxCacheBytes/8},
		index:    newIndexCache(opts.MaxCacheBytes / 8),
		ready:    make(chan struct{}),
		logs:     make(map[string]*Log),
	}
	if err := mkdirAllSync(s.fs, opts.Dir); err != nil {
		return nil, fmt.Errorf("streamlog: create %s: %w", opts.Dir, err)
	}
	lock, err := s.fs.Lock(s.fs.PathJoin(opts.Dir, lockFile))
	if err != nil {
		return nil, fmt.Errorf("streamlog: lock %s: %w", opts.Dir, err)
	}
	s.lock = lock
	close(s.ready)
	if err := s.recoverAll(); err != nil {
		lock.Close()
		return nil, err
	}
	return s, nil
}

// recoverAll opens every log directory, several at a time: recovery reads
// each log's last segment in full.
func (s *Store) recoverAll() error {
	names, err := s.fs.List(s.opts.Dir)
	if err != nil {
		return fmt.Errorf("streamlog: list %s: %w", s.opts.Dir, err)
	}
	var todo []string
	for _, n := range names {
		switch {
		case n == lockFile:
		case strings.HasPrefix(n, trashPrefix):
			// A DeleteLog interrupted by a crash: finish it.
			if err := s.fs.RemoveAll(s.fs.PathJoin(s.opts.Dir, n)); err != nil {
				s.opts.Logger.Warn("streamlog: removing deleted log", "dir", n, "err", err)
			}
		default:
			if _, ok := unescapeName(n); ok {
				todo = append(todo, n)
			}
		}
	}
	sort.Strings(todo)
	logs := make([]*Log, len(todo))
	errs := make([]error, len(todo))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, dirName := range todo {
		name, _ := unescapeName(dirName)
		s.nextID++
		l := s.newLog(name, s.nextID)
		logs[i] = l
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = l.recover()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, l := range logs {
		s.logs[l.name] = l
	}
	return nil
}

// Close waits for in-flight operations and closes every file. Later calls
// on the store or its logs return ErrClosed; Wait channels are closed.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed.Swap(true) {
		return nil
	}
	s.mu.Lock()
	for _, l := range s.logs {
		l.mu.Lock()
		l.wakeLocked()
		l.mu.Unlock()
	}
	s.mu.Unlock()
	s.files.closeAll()
	return s.lock.Close()
}

// Log opens the log named name, creating it (empty, next offset 0) if it
// does not exist. It is safe for concurrent use and returns the same *Log
// for the same name until the log is deleted.
func (s *Store) Log(name string) (*Log, error) {
	if name == "" {
		return nil, errors.New("streamlog: empty log name")
	}
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed.Load() {
		return nil, ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.logs[name]; ok {
		return l, nil
	}
	s.nextID++
	l := s.newLog(name, s.nextID)
	if err := s.fs.MkdirAll(l.dir, 0o755); err != nil {
		return nil, fmt.Errorf("streamlog: create log %q: %w", name, err)
	}
	// The directory entry must be durable before any Append to the log is
	// acknowledged; syncing it once here keeps that off the append path.
	if err := vfs.SyncDir(s.fs, s.opts.Dir); err != nil {
		return nil, fmt.Errorf("streamlog: create log %q: %w", name, err)
	}
	s.logs[name] = l
	return l, nil
}

// DeleteLog removes the log and its files. Appends and reads on the deleted
// *Log return ErrNotFound; Log(name) afterwards creates a new, empty log.
func (s *Store) DeleteLog(name string) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed.Load() {
		return ErrClosed
	}
	s.mu.Lock()
	l, ok := s.logs[name]
	if !ok {
		s.mu.Unlock()
		return ErrNotFound
	}
	delete(s.logs, name)
	// The control request runs after every Append queued before it, so no
	// write is in flight once it returns.
	err := l.controlLocked(func() error {
		l.mu.Lock()
		l.deleted = true
		l.wakeLocked()
		l.mu.Unlock()
		return nil
	})
	if err != nil {
		s.mu.Unlock()
		return err
	}
	s.files.dropLog(l.id)
	s.index.dropLog(l.id)
	s.tail.drop(&l.tail)
	// Renaming first makes the deletion atomic: a crash leaves either the
	// whole log or a trash directory that Open removes.
	trash := s.fs.PathJoin(s.opts.Dir, fmt.Sprintf("%s%d-%d", trashPrefix, l.id, time.Now().UnixNano()))
	err = s.fs.Rename(l.dir, trash)
	if err == nil {
		err = vfs.SyncDir(s.fs, s.opts.Dir)
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("streamlog: delete log %q: %w", name, err)
	}
	if err := s.fs.RemoveAll(trash); err != nil {
		s.opts.Logger.Warn("streamlog: removing deleted log", "log", name, "err", err)
	}
	return nil
}

// Logs returns the names of the logs that start with prefix, sorted.
func (s *Store) Logs(prefix string) ([]string, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for n := range s.logs {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Stats reports the store's resource use.
func (s *Store) Stats() Stats {
	s.mu.Lock()
	n := len(s.logs)
	s.mu.Unlock()
	return Stats{
		Logs:            n,
		OpenFiles:       s.files.open(),
		CacheBytes:      s.tail.size(),
		IndexCacheBytes: s.index.size(),
	}
}

// mkdirAllSync creates dir and any missing parents, syncing the parent of
// each directory it creates so that the whole path survives a power loss.
func mkdirAllSync(fs vfs.FS, dir string) error {
	if _, err := fs.Stat(dir); err == nil {
		return nil
	}
	parent := fs.PathDir(dir)
	if parent != dir {
		if err := mkdirAllSync(fs, parent); err != nil {
			return err
		}
	}
	if err := fs.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return vfs.SyncDir(fs, parent)
}

// escapeName turns a log name into one directory name: bytes other than
// letters, digits, '-' and '_' become %XX, so names may hold '/' and can
// never be "." or "..", nor collide with the store's own files.
func escapeName(name string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// unescapeName reverses escapeName; it rejects names escapeName never makes.
func unescapeName(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", false
		}
		b.WriteByte(hi<<4 | lo)
		i += 2
	}
	name := b.String()
	return name, name != "" && escapeName(name) == s
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
