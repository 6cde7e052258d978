package streamlog

import (
	"context"
	"sort"
	"strings"
	"sync"
)

// Store holds every log under Options.Dir.
type Store struct {
	opts   Options
	mu     sync.Mutex
	logs   map[string]*Log
	closed bool
}

// Open opens (or creates) the store.
func Open(opts Options) (*Store, error) {
	opts.EnsureDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	return &Store{opts: opts, logs: map[string]*Log{}}, nil
}

// Close closes the store; later calls on it or its logs return ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// Log opens or creates the log named name.
func (s *Store) Log(name string) (*Log, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if l, ok := s.logs[name]; ok {
		return l, nil
	}
	l := &Log{s: s, name: name, notify: make(chan struct{})}
	s.logs[name] = l
	return l, nil
}

// DeleteLog removes the log and its files.
func (s *Store) DeleteLog(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.logs[name]
	if !ok {
		return ErrNotFound
	}
	delete(s.logs, name)
	l.mu.Lock()
	l.deleted = true
	l.mu.Unlock()
	return nil
}

// Logs lists the names of the logs starting with prefix, sorted.
func (s *Store) Logs(prefix string) ([]string, error) {
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

// Log is one append-only log.
type Log struct {
	s       *Store
	name    string
	mu      sync.Mutex
	recs    []Record
	first   uint64
	sealed  bool
	deleted bool
	notify  chan struct{}
}

// Append adds records durably and returns the offset of the first and the
// timestamp assigned to all of them.
func (l *Log) Append(ctx context.Context, recs []Record) (first uint64, ts int64, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.deleted || l.s.closed {
		return 0, 0, ErrClosed
	}
	if l.sealed {
		return 0, 0, ErrSealed
	}
	ts = l.s.opts.Now().UnixMilli()
	if n := len(l.recs); n > 0 && l.recs[n-1].Timestamp > ts {
		ts = l.recs[n-1].Timestamp
	}
	first = l.first + uint64(len(l.recs))
	for i, r := range recs {
		l.recs = append(l.recs, Record{Offset: first + uint64(i), Timestamp: ts,
			Key: clone(r.Key), Value: clone(r.Value), Meta: clone(r.Meta)})
	}
	close(l.notify)
	l.notify = make(chan struct{})
	return first, ts, nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// Read returns records with Offset >= from, at most maxRecords and about
// maxBytes (at least one record if any is available), in order.
func (l *Log) Read(ctx context.Context, from uint64, maxRecords int, maxBytes int) ([]Record, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.deleted || l.s.closed {
		return nil, ErrClosed
	}
	if from < l.first {
		from = l.first
	}
	var out []Record
	size := 0
	for i := from - l.first; i < uint64(len(l.recs)); i++ {
		r := l.recs[i]
		n := len(r.Key) + len(r.Value) + len(r.Meta)
		if len(out) > 0 && ((maxRecords > 0 && len(out) >= maxRecords) || (maxBytes > 0 && size+n > maxBytes)) {
			break
		}
		out = append(out, r)
		size += n
	}
	return out, nil
}

// Bounds returns the first retained offset and the next offset to be assigned.
func (l *Log) Bounds() (first, next uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.first, l.first + uint64(len(l.recs))
}

// SeekTime returns the first offset whose Timestamp >= ts (next if none).
func (l *Log) SeekTime(ts int64) (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := sort.Search(len(l.recs), func(i int) bool { return l.recs[i].Timestamp >= ts })
	return l.first + uint64(i), nil
}

// TimestampOf returns the arrival time of the record at offset.
func (l *Log) TimestampOf(offset uint64) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if offset < l.first || offset >= l.first+uint64(len(l.recs)) {
		return 0, ErrNotFound
	}
	return l.recs[offset-l.first].Timestamp, nil
}

// Wait returns a channel closed once the log's next offset is greater than after.
func (l *Log) Wait(after uint64) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.first+uint64(len(l.recs)) > after {
		c := make(chan struct{})
		close(c)
		return c
	}
	return l.notify
}

// Seal marks the log closed for writes; Append then returns ErrSealed.
func (l *Log) Seal() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sealed = true
	return nil
}

// Sealed reports whether the log is sealed.
func (l *Log) Sealed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sealed
}

// TrimBefore drops records older than ts (retention).
func (l *Log) TrimBefore(ts int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := sort.Search(len(l.recs), func(i int) bool { return l.recs[i].Timestamp >= ts })
	l.recs = l.recs[i:]
	l.first += uint64(i)
	return nil
}
