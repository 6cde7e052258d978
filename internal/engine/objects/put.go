package objects

import (
	"context"
	"io"
)

// PutObject streams body into a new version of bucket/key (constant
// memory), computing its MD5 and the requested checksum in the same pass,
// makes the bytes durable, then commits the metadata (the point of
// visibility). Versioning follows the bucket's state. It returns the new
// version. A body read error aborts the write, leaves nothing behind and
// is returned as it is, so errors.As still finds the caller's error type
// (the edge's SigV4 errors, for example).
func (e *Engine) PutObject(ctx context.Context, bucket, key string, body io.Reader, in PutInput) (Object, error) {
	if err := e.begin(); err != nil {
		return Object{}, err
	}
	defer e.end()
	if err := validKey(key); err != nil {
		return Object{}, err
	}
	bs, err := e.bucket(bucket)
	if err != nil {
		return Object{}, err
	}
	spec, err := putSpec(in)
	if err != nil {
		return Object{}, err
	}
	w, err := e.writeFile(ctx, bs, bucket, body, spec)
	if err != nil {
		return Object{}, err
	}
	rec := e.putRecord(&in, w)
	o, err := e.commitVersion(bs, bucket, key, &rec, in.Precondition, commitHooks{})
	if err != nil {
		e.removeFile(w.rel)
		return Object{}, err
	}
	return o, nil
}

// putSpec checks a PutInput's checksum fields and says what writeFile
// must verify.
func putSpec(in PutInput) (writeSpec, error) {
	spec := writeSpec{size: in.Size, contentMD5: in.ContentMD5, checksumAlg: in.ChecksumAlgorithm, expectedFunc: in.ExpectedChecksumFunc}
	if in.Size < -1 {
		spec.size = -1
	}
	if in.ExpectedChecksum != "" {
		if in.ChecksumAlgorithm == "" {
			return spec, ErrInvalidChecksum
		}
		raw, err := decodeChecksum(in.ChecksumAlgorithm, in.ExpectedChecksum)
		if err != nil {
			return spec, err
		}
		spec.expected = raw
	} else if in.ChecksumAlgorithm != "" && checksumSize(in.ChecksumAlgorithm) == 0 {
		return spec, ErrInvalidChecksum
	}
	return spec, nil
}
