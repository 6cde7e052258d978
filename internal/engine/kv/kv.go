// Package kv is nubo's ordered key-value engine, used for metadata:
// object indexes, catalogs, stream descriptions. It wraps Pebble, whose
// group commit makes a synced write cheap when many happen at once.
// Keys are byte strings ordered bytewise; each service takes a prefix.
package kv

import (
	"bytes"
	"errors"
	"io"

	"github.com/cockroachdb/pebble/v2"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// ErrNotFound is returned by Get when a key is absent.
var ErrNotFound = errors.New("kv: not found")

// Store is an ordered, durable key-value store.
type Store struct {
	db *pebble.DB
}

// Open opens (creating if needed) a store in dir on fs.
func Open(fs vfs.FS, dir string) (*Store, error) {
	if err := fs.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	opts := &pebble.Options{FS: fs, Logger: quietLogger{}}
	db, err := pebble.Open(dir, opts)
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// Close flushes and closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Get returns a copy of the value stored at key, or ErrNotFound.
func (s *Store) Get(key []byte) ([]byte, error) {
	v, closer, err := s.db.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(v)
	closer.Close()
	return out, nil
}

// Set durably stores value at key (fsynced before it returns).
func (s *Store) Set(key, value []byte) error { return s.db.Set(key, value, pebble.Sync) }

// Delete durably removes key.
func (s *Store) Delete(key []byte) error { return s.db.Delete(key, pebble.Sync) }

// Batch is a set of writes applied atomically.
type Batch struct{ b *pebble.Batch }

// NewBatch starts an atomic batch.
func (s *Store) NewBatch() *Batch { return &Batch{b: s.db.NewBatch()} }

// Set adds a write to the batch.
func (b *Batch) Set(key, value []byte) { b.b.Set(key, value, nil) }

// Delete adds a deletion to the batch.
func (b *Batch) Delete(key []byte) { b.b.Delete(key, nil) }

// Commit applies the batch durably and atomically.
func (b *Batch) Commit() error {
	defer b.b.Close()
	return b.b.Commit(pebble.Sync)
}

// Discard drops an uncommitted batch.
func (b *Batch) Discard() { b.b.Close() }

// Iter walks keys in [start, end) in order; fn returning false stops.
// Key and value slices are only valid during the call.
func (s *Store) Iter(start, end []byte, fn func(key, value []byte) bool) error {
	return s.walk(start, end, false, fn)
}

// IterReverse walks keys in [start, end) from the last; fn returning false stops.
func (s *Store) IterReverse(start, end []byte, fn func(key, value []byte) bool) error {
	return s.walk(start, end, true, fn)
}

// walk is Iter and IterReverse: one loop, with the direction chosen by
// which pair of iterator moves it uses.
func (s *Store) walk(start, end []byte, reverse bool, fn func(key, value []byte) bool) error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: start, UpperBound: end})
	if err != nil {
		return err
	}
	defer it.Close()
	first, next := it.First, it.Next
	if reverse {
		first, next = it.Last, it.Prev
	}
	for ok := first(); ok; ok = next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return err
		}
		if !fn(it.Key(), v) {
			break
		}
	}
	return it.Error()
}

// PrefixEnd returns the smallest key greater than every key with prefix p.
func PrefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic("kv: fatal: " + format)
}

var _ io.Closer = (*Store)(nil)
