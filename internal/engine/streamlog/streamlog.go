package streamlog

import (
	"errors"
	"log/slog"
	"time"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// Errors returned by Store and Log methods.
var (
	// ErrSealed is returned by Append on a sealed (closed) log.
	ErrSealed = errors.New("streamlog: log is sealed")
	// ErrClosed is returned after the Store was closed or the log deleted.
	ErrClosed = errors.New("streamlog: closed")
	// ErrNotFound is returned for a log or offset that does not exist.
	ErrNotFound = errors.New("streamlog: not found")
	// ErrCorrupt is returned by reads of records whose bytes on disk fail
	// their checksum (damage after they were acknowledged).
	ErrCorrupt = errors.New("streamlog: corrupt record")
)

// Record is one entry of a log.
type Record struct {
	// Offset is assigned by Append: dense and strictly increasing per log, from 0.
	Offset uint64
	// Timestamp is the arrival time in Unix milliseconds, assigned by Append
	// and non-decreasing per log.
	Timestamp int64
	// Key is, for example, the partition key.
	Key []byte
	// Value is the payload.
	Value []byte
	// Meta holds optional small extra bytes (e.g. an explicit hash key).
	Meta []byte
}

// Options configures a Store.
type Options struct {
	// FS is the filesystem every file is written through (default vfs.Default).
	FS vfs.FS
	// Dir is the root directory of all logs (e.g. <data>/streams).
	Dir string
	// SegmentBytes is the size at which a new segment is started (default 64 MiB).
	SegmentBytes int64
	// MaxOpenFiles bounds the open segment files across all logs (default 256).
	MaxOpenFiles int
	// MaxCacheBytes bounds the in-memory caches across all logs (default
	// 64 MiB): seven eighths for recently appended records, one eighth for
	// the indexes of sealed segments.
	MaxCacheBytes int64
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// Logger receives recovery and background errors (default slog.Default()).
	Logger *slog.Logger
}

// Defaults used by EnsureDefaults.
const (
	DefaultSegmentBytes  = 64 << 20
	DefaultMaxOpenFiles  = 256
	DefaultMaxCacheBytes = 64 << 20
)

// EnsureDefaults fills unset fields.
func (o *Options) EnsureDefaults() {
	if o.FS == nil {
		o.FS = vfs.Default
	}
	if o.SegmentBytes <= 0 {
		o.SegmentBytes = DefaultSegmentBytes
	}
	if o.MaxOpenFiles <= 0 {
		o.MaxOpenFiles = DefaultMaxOpenFiles
	}
	if o.MaxCacheBytes <= 0 {
		o.MaxCacheBytes = DefaultMaxCacheBytes
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Validate checks the options.
func (o *Options) Validate() error {
	if o.Dir == "" {
		return errors.New("streamlog: Options.Dir is required")
	}
	return nil
}
