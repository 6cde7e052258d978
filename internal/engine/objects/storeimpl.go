package objects

import (
	"context"
	"errors"
	"io"
)

// The Store methods serve other engines and services (Athena results, Glue
// crawlers, Firehose delivery): latest versions only, whole objects.

// Put implements Store.
func (e *Engine) Put(ctx context.Context, bucket, key string, r io.Reader, opts PutOptions) (Info, error) {
	o, err := e.PutObject(ctx, bucket, key, r, PutInput{ContentType: opts.ContentType, Metadata: opts.Metadata, Size: -1})
	if err != nil {
		return Info{}, err
	}
	return info(o), nil
}

// PutMany implements Store with PutObjects: one durable commit for all.
func (e *Engine) PutMany(ctx context.Context, bucket string, entries []PutEntry) ([]Info, error) {
	return infos(e.PutObjects(ctx, bucket, objectPuts(entries)))
}

// PreparePutMany implements Store with PreparePut.
func (e *Engine) PreparePutMany(ctx context.Context, bucket string, n int) (PendingPutMany, error) {
	p, err := e.PreparePut(ctx, bucket, n)
	if err != nil {
		return nil, err
	}
	return pendingMany{p}, nil
}

type pendingMany struct{ p *PendingPut }

func (m pendingMany) PutMany(ctx context.Context, entries []PutEntry) ([]Info, error) {
	return infos(m.p.Commit(ctx, objectPuts(entries)))
}

func (m pendingMany) Abort() { m.p.Abort() }

func objectPuts(entries []PutEntry) []ObjectPut {
	puts := make([]ObjectPut, len(entries))
	for i, en := range entries {
		puts[i] = ObjectPut{Key: en.Key, Body: en.Body, In: PutInput{ContentType: en.Options.ContentType, Metadata: en.Options.Metadata, Size: -1}}
	}
	return puts
}

func infos(objs []Object, err error) ([]Info, error) {
	if err != nil {
		return nil, err
	}
	out := make([]Info, len(objs))
	for i, o := range objs {
		out[i] = info(o)
	}
	return out, nil
}

// Stat implements Store.
func (e *Engine) Stat(ctx context.Context, bucket, key string) (Info, error) {
	o, err := e.GetObject(ctx, bucket, key, "")
	if err != nil {
		return Info{}, err
	}
	return info(o), nil
}

// Open implements Store.
func (e *Engine) Open(ctx context.Context, bucket, key string) (io.ReadCloser, Info, error) {
	o, r, err := e.GetObjectReader(ctx, bucket, key, "")
	if err != nil {
		return nil, Info{}, err
	}
	return r, info(o), nil
}

// List implements Store, a page of ListObjects at a time.
func (e *Engine) List(ctx context.Context, bucket, prefix string, fn func(Info) bool) error {
	in := ListInput{Prefix: prefix, MaxKeys: 1000}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		out, err := e.ListObjects(ctx, bucket, in)
		if err != nil {
			return err
		}
		for _, o := range out.Objects {
			if !fn(info(o)) {
				return nil
			}
		}
		if !out.IsTruncated {
			return nil
		}
		in.Marker = out.NextMarker
	}
}

// Delete implements Store: it deletes the current version as a
// DeleteObject without a version ID does.
func (e *Engine) Delete(ctx context.Context, bucket, key string) error {
	_, err := e.DeleteObject(ctx, bucket, key, "")
	if errors.Is(err, ErrNoSuchKey) {
		return nil
	}
	return err
}

func info(o Object) Info {
	return Info{
		Bucket:       o.Bucket,
		Key:          o.Key,
		Size:         o.Size,
		ETag:         o.ETag,
		LastModified: o.LastModified,
		ContentType:  o.ContentType,
		Path:         o.Path,
	}
}
