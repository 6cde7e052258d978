package objects

import (
	"context"
	"io"
	"time"
)

// Store is the object engine as other engines and services see it (Athena
// results, Glue crawlers, Firehose delivery): whole-object reads and writes.
// The S3 service uses the richer API of the concrete engine.
type Store interface {
	// Put stores an object durably from r; it becomes visible only once complete.
	Put(ctx context.Context, bucket, key string, r io.Reader, opts PutOptions) (Info, error)
	// PutMany stores several objects of one bucket durably and makes them
	// visible together: all of them, or on error none. Keys must be
	// distinct; the results are in the order given.
	PutMany(ctx context.Context, bucket string, entries []PutEntry) ([]Info, error)
	// PreparePutMany starts a PutMany of n objects before their bodies
	// exist, so that what can be done ahead (creating files, making their
	// names durable) is off the path of the PutMany that follows. The
	// PendingPutMany's PutMany finishes it; Abort, a no-op after PutMany,
	// gives it up. One of them must be called.
	PreparePutMany(ctx context.Context, bucket string, n int) (PendingPutMany, error)
	// Stat returns the current version of an object.
	Stat(ctx context.Context, bucket, key string) (Info, error)
	// Open returns the bytes of the current version of an object.
	Open(ctx context.Context, bucket, key string) (io.ReadCloser, Info, error)
	// List walks the current objects whose keys start with prefix, in key order;
	// fn returning false stops the walk.
	List(ctx context.Context, bucket, prefix string, fn func(Info) bool) error
	// Delete removes the current version of an object; an absent key is not an error.
	Delete(ctx context.Context, bucket, key string) error
	// BucketExists reports whether a bucket exists.
	BucketExists(ctx context.Context, bucket string) (bool, error)
}

// Info describes one stored object version.
type Info struct {
	Bucket       string
	Key          string
	Size         int64
	ETag         string // quoted, as S3 returns it
	LastModified time.Time
	ContentType  string
	// Path is the local file that holds the bytes, for engines that read
	// objects in place (DuckDB); empty when the backend is remote.
	Path string
}

// PendingPutMany is a PutMany begun by Store.PreparePutMany.
type PendingPutMany interface {
	// PutMany stores exactly as many objects as were prepared, as
	// Store.PutMany does.
	PutMany(ctx context.Context, entries []PutEntry) ([]Info, error)
	Abort()
}

// PutEntry is one object of a PutMany.
type PutEntry struct {
	Key     string
	Body    io.Reader
	Options PutOptions
}

// PutOptions carries optional attributes of a Put.
type PutOptions struct {
	ContentType string
	Metadata    map[string]string
}
