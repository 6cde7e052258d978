package objects

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// S3's multipart limits.
const (
	maxPartNumber = 10000
	minPartSize   = 5 << 20
)

// CreateMultipartUpload starts an upload. checksumType is "" (the
// algorithm's default), ChecksumFullObject or ChecksumComposite; S3's
// rules on which algorithm allows which type give ErrInvalidChecksum.
func (e *Engine) CreateMultipartUpload(ctx context.Context, bucket, key string, in PutInput, checksumType string) (Upload, error) {
	if err := e.begin(); err != nil {
		return Upload{}, err
	}
	defer e.end()
	if err := validKey(key); err != nil {
		return Upload{}, err
	}
	bs, err := e.bucket(bucket)
	if err != nil {
		return Upload{}, err
	}
	typ, err := multipartChecksumType(in.ChecksumAlgorithm, checksumType)
	if err != nil {
		return Upload{}, err
	}
	now := e.now()
	id := newUploadID(uint64(now.UnixNano()))
	rec := uploadRecord{
		Initiated:         now.UnixMilli(),
		ContentType:       in.ContentType,
		ChecksumAlgorithm: in.ChecksumAlgorithm,
		ChecksumType:      typ,
	}
	rec.Metadata, rec.Headers, rec.Tags = cloneInputMaps(&in)
	val, err := encode(&rec)
	if err != nil {
		return Upload{}, err
	}
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return Upload{}, ErrNoSuchBucket
	}
	if err := e.kv.Set(uploadKey(bucket, key, id), val); err != nil {
		return Upload{}, err
	}
	return rec.public(bucket, key, id), nil
}

// loadUpload reads an upload record.
func (e *Engine) loadUpload(bucket, key, uploadIDStr string) (uploadID, uploadRecord, error) {
	var rec uploadRecord
	id, ok := parseUploadID(uploadIDStr)
	if !ok || validKey(key) != nil {
		return id, rec, ErrNoSuchUpload
	}
	v, err := e.kv.Get(uploadKey(bucket, key, id))
	if err == kv.ErrNotFound {
		return id, rec, ErrNoSuchUpload
	}
	if err != nil {
		return id, rec, err
	}
	return id, rec, decode(v, &rec)
}

// GetUpload returns an in-progress upload or ErrNoSuchUpload.
func (e *Engine) GetUpload(ctx context.Context, bucket, key, uploadID string) (Upload, error) {
	if _, err := e.bucket(bucket); err != nil {
		return Upload{}, err
	}
	id, rec, err := e.loadUpload(bucket, key, uploadID)
	if err != nil {
		return Upload{}, err
	}
	return rec.public(bucket, key, id), nil
}

// UploadPart stores a part durably. Parts may arrive in parallel and out of
// order; uploading a number again replaces it. The part's checksum uses
// the upload's algorithm; a different algorithm in in gives
// ErrInvalidChecksum. Body read errors are returned as PutObject's are.
func (e *Engine) UploadPart(ctx context.Context, bucket, key, uploadID string, number int, body io.Reader, in PartInput) (Part, error) {
	if err := e.begin(); err != nil {
		return Part{}, err
	}
	defer e.end()
	if number < 1 || number > maxPartNumber {
		return Part{}, ErrInvalidPartNumber
	}
	bs, err := e.bucket(bucket)
	if err != nil {
		return Part{}, err
	}
	id, up, err := e.loadUpload(bucket, key, uploadID)
	if err != nil {
		return Part{}, err
	}
	spec, err := partSpec(up.ChecksumAlgorithm, in)
	if err != nil {
		return Part{}, err
	}
	w, err := e.writeFile(ctx, bs, bucket, body, spec)
	if err != nil {
		return Part{}, err
	}
	rec := partRecord{
		Number:   number,
		Size:     w.size,
		ETag:     `"` + hex.EncodeToString(w.md5) + `"`,
		Modified: e.nowMillis(),
		File:     w.rel,
	}
	if up.ChecksumAlgorithm != "" {
		rec.Checksum = checksumRecord{Algorithm: up.ChecksumAlgorithm, Value: base64.StdEncoding.EncodeToString(w.sum)}
	}
	old, err := e.commitPart(bs, bucket, key, id, &rec)
	if err != nil {
		e.removeFile(w.rel)
		return Part{}, err
	}
	e.removeFile(old)
	return rec.public(), nil
}

// partSpec says what writeFile must check for a part. A part of an upload
// without an algorithm may still carry a checksum: it is verified, not kept.
func partSpec(uploadAlg string, in PartInput) (writeSpec, error) {
	alg := uploadAlg
	if in.ChecksumAlgorithm != "" {
		if alg != "" && in.ChecksumAlgorithm != alg {
			return writeSpec{}, fmt.Errorf("%w: checksum type mismatch occurred, expected checksum type: %s, actual checksum type: %s", ErrInvalidChecksum, alg, in.ChecksumAlgorithm)
		}
		alg = in.ChecksumAlgorithm
	}
	return putSpec(PutInput{
		ContentMD5:           in.ContentMD5,
		ChecksumAlgorithm:    alg,
		ExpectedChecksum:     in.ExpectedChecksum,
		ExpectedChecksumFunc: in.ExpectedChecksumFunc,
		Size:                 in.Size,
	})
}

// commitPart records a part if its upload still exists, returning the file
// of the part it replaces.
func (e *Engine) commitPart(bs *bucketState, bucket, key string, id uploadID, rec *partRecord) (string, error) {
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return "", ErrNoSuchBucket
	}
	defer e.lockUpload(id, false)()
	defer e.lockPart(id, rec.Number)()
	if _, err := e.kv.Get(uploadKey(bucket, key, id)); err != nil {
		if err == kv.ErrNotFound {
			return "", ErrNoSuchUpload
		}
		return "", err
	}
	pk := partKey(id, rec.Number)
	var old partRecord
	if v, err := e.kv.Get(pk); err == nil {
		if err := decode(v, &old); err != nil {
			return "", err
		}
	} else if err != kv.ErrNotFound {
		return "", err
	}
	val, err := encode(rec)
	if err != nil {
		return "", err
	}
	if err := e.kv.Set(pk, val); err != nil {
		return "", err
	}
	return old.File, nil
}

// uploadParts reads every part of an upload, by number.
func (e *Engine) uploadParts(id uploadID) (map[int]partRecord, error) {
	parts := map[int]partRecord{}
	p := partPrefix(id)
	var derr error
	err := e.kv.Iter(p, kv.PrefixEnd(p), func(k, v []byte) bool {
		var r partRecord
		if derr = decode(v, &r); derr != nil {
			return false
		}
		parts[r.Number] = r
		return true
	})
	if err == nil {
		err = derr
	}
	return parts, err
}

// AbortMultipartUpload removes an upload and its parts (ErrNoSuchUpload if
// it is not in progress).
func (e *Engine) AbortMultipartUpload(ctx context.Context, bucket, key, uploadID string) error {
	if err := e.begin(); err != nil {
		return err
	}
	defer e.end()
	bs, err := e.bucket(bucket)
	if err != nil {
		return err
	}
	id, _, err := e.loadUpload(bucket, key, uploadID)
	if err != nil {
		return err
	}
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return ErrNoSuchBucket
	}
	defer e.lockKey(bucket, key)()
	defer e.lockUpload(id, true)()
	if _, _, err := e.loadUpload(bucket, key, uploadID); err != nil {
		return err
	}
	parts, err := e.uploadParts(id)
	if err != nil {
		return err
	}
	b := e.kv.NewBatch()
	b.Delete(uploadKey(bucket, key, id))
	for n := range parts {
		b.Delete(partKey(id, n))
	}
	if err := b.Commit(); err != nil {
		return err
	}
	for _, p := range parts {
		e.removeFile(p.File)
	}
	return nil
}

// ListParts returns up to max parts numbered above marker, in order, and
// whether more follow.
func (e *Engine) ListParts(ctx context.Context, bucket, key, uploadID string, marker, max int) ([]Part, bool, error) {
	if _, err := e.bucket(bucket); err != nil {
		return nil, false, err
	}
	id, _, err := e.loadUpload(bucket, key, uploadID)
	if err != nil {
		return nil, false, err
	}
	if marker < 0 {
		marker = 0
	}
	if marker >= maxPartNumber || max <= 0 {
		return nil, false, nil
	}
	var out []Part
	truncated := false
	var derr error
	err = e.kv.Iter(partKey(id, marker+1), kv.PrefixEnd(partPrefix(id)), func(k, v []byte) bool {
		if len(out) == max {
			truncated = true
			return false
		}
		var r partRecord
		if derr = decode(v, &r); derr != nil {
			return false
		}
		out = append(out, r.public())
		return true
	})
	if err == nil {
		err = derr
	}
	return out, truncated, err
}

// ListMultipartUploads lists in-progress uploads by key, then initiation
// time. KeyMarker alone resumes after that key; with UploadIDMarker it
// resumes after that upload of KeyMarker. Common prefixes count toward
// MaxUploads.
func (e *Engine) ListMultipartUploads(ctx context.Context, bucket string, in ListUploadsInput) (uploads []Upload, commonPrefixes []string, truncated bool, nextKey, nextUploadID string, err error) {
	if _, err := e.bucket(bucket); err != nil {
		return nil, nil, false, "", "", err
	}
	if in.MaxUploads <= 0 {
		return nil, nil, false, "", "", nil
	}
	lo, hi := listRange(pfxUpload, bucket, in.Prefix, in.KeyMarker)
	if in.KeyMarker != "" && in.UploadIDMarker != "" {
		if id, ok := parseUploadID(in.UploadIDMarker); ok {
			lo2, _ := listRange(pfxUpload, bucket, in.Prefix, "")
			lo = maxBytes(lo2, append(uploadKey(bucket, in.KeyMarker, id), 0))
		}
	}
	skip := len(bucketPrefix(pfxUpload, bucket))
	count := 0
	var derr error
	err = e.scanKeys(lo, hi, skip, func(key string, suffix, val []byte) ([]byte, bool) {
		cp := commonPrefix(key, in.Prefix, in.Delimiter)
		if cp != "" && cp <= in.KeyMarker {
			return kv.PrefixEnd(keyRangePrefix(pfxUpload, bucket, cp)), false
		}
		if count == in.MaxUploads {
			truncated = true
			return nil, true
		}
		count++
		if cp != "" {
			commonPrefixes = append(commonPrefixes, cp)
			nextKey, nextUploadID = cp, ""
			return kv.PrefixEnd(keyRangePrefix(pfxUpload, bucket, cp)), false
		}
		var id uploadID
		if len(suffix) != len(id) {
			return nil, false
		}
		copy(id[:], suffix)
		var rec uploadRecord
		if derr = decode(val, &rec); derr != nil {
			return nil, true
		}
		u := rec.public(bucket, key, id)
		uploads = append(uploads, u)
		nextKey, nextUploadID = key, u.UploadID
		return nil, false
	})
	if err == nil {
		err = derr
	}
	return uploads, commonPrefixes, truncated, nextKey, nextUploadID, err
}

// errStaleParts says a part changed while an upload was being assembled.
var errStaleParts = errors.New("objects: parts changed during completion")
