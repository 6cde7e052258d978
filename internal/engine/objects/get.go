package objects

import (
	"context"
	"errors"
	"io"
	"maps"
	"os"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// GetObject returns a version's metadata; versionID "" means the latest.
// If the latest is a delete marker it returns the marker and ErrNoSuchKey;
// if the requested version is a delete marker, the marker and
// ErrMethodNotAllowed (S3 answers 405 with x-amz-delete-marker: true).
// Other errors: ErrNoSuchBucket, ErrNoSuchKey, ErrNoSuchVersion,
// ErrInvalidVersionID.
func (e *Engine) GetObject(ctx context.Context, bucket, key, versionID string) (Object, error) {
	if _, err := e.bucket(bucket); err != nil {
		return Object{}, err
	}
	if err := validKey(key); err != nil {
		return Object{}, ErrNoSuchKey
	}
	ent, latest, err := e.findVersion(bucket, key, versionID)
	if err != nil {
		return Object{}, err
	}
	o := ent.rec.object(e, bucket, key, latest)
	if o.DeleteMarker {
		if versionID == "" {
			return o, ErrNoSuchKey
		}
		return o, ErrMethodNotAllowed
	}
	return o, nil
}

// OpenObject opens the bytes of a version returned by GetObject. Ranges are
// read with Seek (or ReadAt on the result). If the version was removed
// meanwhile it returns ErrNoSuchKey; GetObjectReader retries that case.
func (e *Engine) OpenObject(o Object) (ReadSeekCloser, error) {
	if o.DeleteMarker || o.Path == "" {
		return nil, ErrMethodNotAllowed
	}
	f, err := e.fs.Open(o.Path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, ErrNoSuchKey
		}
		return nil, err
	}
	return &fileReader{f: f, size: o.Size}, nil
}

// GetObjectReader is GetObject followed by OpenObject, retried when a
// concurrent overwrite or delete removes the file in between. The Object
// is GetObject's (with Parts and Checksum). Once open, the bytes stay
// readable even if the version is deleted meanwhile.
func (e *Engine) GetObjectReader(ctx context.Context, bucket, key, versionID string) (Object, ReadSeekCloser, error) {
	for attempt := 0; ; attempt++ {
		o, err := e.GetObject(ctx, bucket, key, versionID)
		if err != nil {
			return o, nil, err
		}
		r, err := e.OpenObject(o)
		if err == nil {
			return o, r, nil
		}
		if !errors.Is(err, ErrNoSuchKey) || attempt == 3 {
			return o, nil, err
		}
	}
}

// UpdateObject atomically modifies a version's metadata: fn may change
// Tags, Metadata, Headers and ContentType; other changes are ignored.
// versionID "" means the latest. A delete marker gives ErrMethodNotAllowed
// (or ErrNoSuchKey when it is the latest and no version was named).
func (e *Engine) UpdateObject(ctx context.Context, bucket, key, versionID string, fn func(*Object) error) error {
	if err := e.begin(); err != nil {
		return err
	}
	defer e.end()
	bs, err := e.bucket(bucket)
	if err != nil {
		return err
	}
	if err := validKey(key); err != nil {
		return ErrNoSuchKey
	}
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return ErrNoSuchBucket
	}
	unlock := e.lockKey(bucket, key)
	defer unlock()
	ent, latest, err := e.findVersion(bucket, key, versionID)
	if err != nil {
		return err
	}
	if ent.rec.DeleteMarker {
		if versionID == "" {
			return ErrNoSuchKey
		}
		return ErrMethodNotAllowed
	}
	o := ent.rec.object(e, bucket, key, latest)
	if err := fn(&o); err != nil {
		return err
	}
	rec := ent.rec
	rec.Tags, rec.Metadata, rec.Headers = maps.Clone(o.Tags), maps.Clone(o.Metadata), maps.Clone(o.Headers)
	rec.ContentType = o.ContentType
	val, err := encode(&rec)
	if err != nil {
		return err
	}
	b := e.kv.NewBatch()
	b.Set(versionKey(bucket, key, ent.seq), val)
	return b.Commit()
}

// fileReader reads an object file with positional reads, so it carries
// its own offset and never shares one with another reader.
type fileReader struct {
	f    vfs.File
	off  int64
	size int64
}

func (r *fileReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	if rem := r.size - r.off; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := r.f.ReadAt(p, r.off)
	r.off += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (r *fileReader) ReadAt(p []byte, off int64) (int, error) {
	if off >= r.size {
		return 0, io.EOF
	}
	short := false
	if rem := r.size - off; int64(len(p)) > rem {
		p, short = p[:rem], true
	}
	n, err := r.f.ReadAt(p, off)
	if err == nil && short {
		err = io.EOF
	}
	return n, err
}

func (r *fileReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("objects: invalid whence")
	}
	if offset < 0 {
		return 0, errors.New("objects: negative position")
	}
	r.off = offset
	return offset, nil
}

func (r *fileReader) Close() error { return r.f.Close() }

// Size is the length of the object.
func (r *fileReader) Size() int64 { return r.size }
