package objects

import (
	"context"
	"maps"
	"strings"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// validBucketName checks what the engine needs of a bucket name: it
// becomes a directory under the root. S3's stricter naming rules are the
// S3 service's business.
func validBucketName(name string) error {
	if name == "" || len(name) > 255 || name[0] == '.' || strings.ContainsAny(name, "/\\\x00") {
		return ErrInvalidBucketName
	}
	return nil
}

// CreateBucket creates a bucket; ErrBucketExists if it exists.
func (e *Engine) CreateBucket(ctx context.Context, b Bucket) error {
	if err := e.begin(); err != nil {
		return err
	}
	defer e.end()
	if err := validBucketName(b.Name); err != nil {
		return err
	}
	created := b.Created.UnixMilli()
	if b.Created.IsZero() {
		created = e.nowMillis()
	}
	rec := bucketRecord{
		Name:       b.Name,
		Region:     b.Region,
		Created:    created,
		Versioning: b.Versioning,
		Tags:       maps.Clone(b.Tags),
		Config:     cloneConfig(b.Config),
	}
	val, err := encode(&rec)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.buckets[b.Name] != nil {
		return ErrBucketExists
	}
	if err := e.kv.Set([]byte(pfxBucket+b.Name), val); err != nil {
		return err
	}
	e.buckets[b.Name] = &bucketState{rec: rec}
	return nil
}

// DeleteBucket deletes a bucket that holds no version and no delete
// marker (else ErrBucketNotEmpty); ErrNoSuchBucket if absent. As in S3,
// in-progress multipart uploads do not keep a bucket alive: they are
// aborted with it.
func (e *Engine) DeleteBucket(ctx context.Context, name string) error {
	if err := e.begin(); err != nil {
		return err
	}
	defer e.end()
	bs, err := e.bucket(name)
	if err != nil {
		return err
	}
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.deleted {
		return ErrNoSuchBucket
	}
	start := bucketPrefix(pfxVersion, name)
	empty := true
	if err := e.kv.Iter(start, kv.PrefixEnd(start), func(k, v []byte) bool {
		empty = false
		return false
	}); err != nil {
		return err
	}
	if !empty {
		return ErrBucketNotEmpty
	}
	b := e.kv.NewBatch()
	b.Delete([]byte(pfxBucket + name))
	if err := e.deleteUploadsInto(b, name); err != nil {
		b.Discard()
		return err
	}
	if err := b.Commit(); err != nil {
		return err
	}
	bs.deleted = true
	e.mu.Lock()
	delete(e.buckets, name)
	e.mu.Unlock()
	// Files of aborted parts go with the directory; a crash before this
	// leaves them to the next recovery scan.
	if err := e.fs.RemoveAll(e.abs(name)); err != nil {
		e.log.Warn("objects: removing bucket directory", "bucket", name, "err", err)
	}
	return nil
}

// deleteUploadsInto adds the deletion of every upload of a bucket and its
// parts to b.
func (e *Engine) deleteUploadsInto(b *kv.Batch, bucket string) error {
	start := bucketPrefix(pfxUpload, bucket)
	var ids []uploadID
	err := e.kv.Iter(start, kv.PrefixEnd(start), func(k, v []byte) bool {
		b.Delete(append([]byte(nil), k...))
		var id uploadID
		copy(id[:], k[len(k)-len(id):])
		ids = append(ids, id)
		return true
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		p := partPrefix(id)
		if err := e.kv.Iter(p, kv.PrefixEnd(p), func(k, v []byte) bool {
			b.Delete(append([]byte(nil), k...))
			return true
		}); err != nil {
			return err
		}
	}
	return nil
}

// GetBucket returns a bucket or ErrNoSuchBucket.
func (e *Engine) GetBucket(ctx context.Context, name string) (Bucket, error) {
	bs, err := e.bucket(name)
	if err != nil {
		return Bucket{}, err
	}
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return Bucket{}, ErrNoSuchBucket
	}
	return bs.rec.public(), nil
}

// ListBuckets returns all buckets sorted by name.
func (e *Engine) ListBuckets(ctx context.Context) ([]Bucket, error) {
	var out []Bucket
	for _, name := range e.bucketNames() {
		if b, err := e.GetBucket(ctx, name); err == nil {
			out = append(out, b)
		}
	}
	return out, nil
}

// UpdateBucket atomically reads, modifies (fn) and durably writes a
// bucket; an error from fn aborts and is returned. The name and creation
// time cannot change. Object writes wait while it runs, so a versioning
// change takes effect between two commits, never within one.
func (e *Engine) UpdateBucket(ctx context.Context, name string, fn func(*Bucket) error) error {
	if err := e.begin(); err != nil {
		return err
	}
	defer e.end()
	bs, err := e.bucket(name)
	if err != nil {
		return err
	}
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.deleted {
		return ErrNoSuchBucket
	}
	b := bs.rec.public()
	if err := fn(&b); err != nil {
		return err
	}
	rec := bucketRecord{
		Name:       bs.rec.Name,
		Region:     b.Region,
		Created:    bs.rec.Created,
		Versioning: b.Versioning,
		Tags:       maps.Clone(b.Tags),
		Config:     cloneConfig(b.Config),
	}
	val, err := encode(&rec)
	if err != nil {
		return err
	}
	if err := e.kv.Set([]byte(pfxBucket+name), val); err != nil {
		return err
	}
	bs.rec = rec
	return nil
}

// BucketExists implements Store.
func (e *Engine) BucketExists(ctx context.Context, bucket string) (bool, error) {
	_, err := e.GetBucket(ctx, bucket)
	if err == ErrNoSuchBucket {
		return false, nil
	}
	return err == nil, err
}
