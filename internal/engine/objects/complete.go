package objects

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// CompleteMultipartUpload is CompleteMultipartUploadWith with only parts
// and a precondition.
func (e *Engine) CompleteMultipartUpload(ctx context.Context, bucket, key, uploadID string, parts []CompletedPart, pre func(cur *Object) error) (Object, error) {
	return e.CompleteMultipartUploadWith(ctx, bucket, key, uploadID, CompleteInput{Parts: parts, Precondition: pre, ObjectSize: -1})
}

// CompleteMultipartUploadWith assembles the listed parts into one object
// file and commits it as a new version; the upload and its unused parts
// go in the same commit. The object's ETag is the MD5 of the parts' MD5s
// followed by "-N"; its checksum, if the upload has an algorithm, is the
// composite checksum of the parts' checksums ("...-N") or their combined
// full-object CRC. Errors: ErrNoSuchUpload, ErrInvalidPart (unknown part,
// ETag or checksum mismatch, empty list), ErrInvalidPartOrder,
// ErrEntityTooSmall (a part but the last under 5 MiB),
// ErrChecksumMismatch, ErrObjectSizeMismatch, ErrInvalidChecksum (type
// mismatch). Retrying a completed upload with the same parts returns the
// same object.
//
// Assembly streams the part files into a new file (a single part's file
// is used as is) before any lock is taken; the commit then checks, under
// the key's and the upload's locks, that no part changed meanwhile.
func (e *Engine) CompleteMultipartUploadWith(ctx context.Context, bucket, key, uploadID string, in CompleteInput) (Object, error) {
	if err := e.begin(); err != nil {
		return Object{}, err
	}
	defer e.end()
	bs, err := e.bucket(bucket)
	if err != nil {
		return Object{}, err
	}
	for attempt := 0; ; attempt++ {
		o, err := e.completeOnce(ctx, bs, bucket, key, uploadID, in)
		if !errors.Is(err, errStaleParts) {
			return o, err
		}
		if attempt == 2 {
			return Object{}, fmt.Errorf("%w: parts were replaced while the upload was being completed", ErrInvalidPart)
		}
	}
}

// assembly is what phase one of a completion produced.
type assembly struct {
	rec   objectRecord
	used  []partRecord // the listed parts, in order
	owned bool         // rec.File was made for this completion
}

func (e *Engine) completeOnce(ctx context.Context, bs *bucketState, bucket, key, uploadIDStr string, in CompleteInput) (Object, error) {
	id, up, err := e.loadUpload(bucket, key, uploadIDStr)
	if errors.Is(err, ErrNoSuchUpload) {
		return e.completedBefore(bucket, key, uploadIDStr, in.Parts)
	}
	if err != nil {
		return Object{}, err
	}
	a, err := e.assemble(ctx, bs, bucket, id, &up, in)
	if err != nil {
		if _, _, lerr := e.loadUpload(bucket, key, uploadIDStr); errors.Is(lerr, ErrNoSuchUpload) {
			// Completed or aborted while we read its parts: look again.
			return Object{}, errStaleParts
		}
		return Object{}, err
	}
	var all map[int]partRecord
	var unlockUpload func()
	hooks := commitHooks{
		verify: func() error {
			unlockUpload = e.lockUpload(id, true)
			if _, _, err := e.loadUpload(bucket, key, uploadIDStr); err != nil {
				return errStaleParts // completed or aborted meanwhile: look again
			}
			var err error
			if all, err = e.uploadParts(id); err != nil {
				return err
			}
			for _, p := range a.used {
				if all[p.Number].File != p.File {
					return errStaleParts
				}
			}
			return nil
		},
		extra: func(b *kv.Batch, rec *objectRecord, seq uint64) error {
			b.Delete(uploadKey(bucket, key, id))
			for n := range all {
				b.Delete(partKey(id, n))
			}
			done := completedRecord{
				Bucket: bucket, Key: key, VersionID: rec.VersionID, Seq: seq,
				PartsDigest: partsDigest(in.Parts), Completed: e.nowMillis(),
			}
			val, err := encode(&done)
			b.Set(completedKey(id), val)
			return err
		},
	}
	o, err := e.commitVersion(bs, bucket, key, &a.rec, in.Precondition, hooks)
	if unlockUpload != nil {
		unlockUpload()
	}
	if err != nil {
		if a.owned {
			e.removeFile(a.rec.File)
		}
		return Object{}, err
	}
	for _, p := range all {
		if p.File != a.rec.File {
			e.removeFile(p.File)
		}
	}
	return o, nil
}

// assemble checks the completed part list against the uploaded parts,
// computes the ETag and checksum, and produces the object's file.
func (e *Engine) assemble(ctx context.Context, bs *bucketState, bucket string, id uploadID, up *uploadRecord, in CompleteInput) (assembly, error) {
	var a assembly
	if in.ChecksumType != "" && in.ChecksumType != up.ChecksumType {
		return a, fmt.Errorf("%w: the upload was created using the %s checksum mode, the complete request used %s", ErrInvalidChecksum, orNone(up.ChecksumType), in.ChecksumType)
	}
	used, err := e.checkCompletedParts(id, in.Parts)
	if err != nil {
		return a, err
	}
	a.used = used
	a.rec = objectRecord{
		ETag: multipartETag(used),
		// As in S3, a multipart object's Last-Modified is when its upload
		// was initiated.
		Modified:    up.Initiated,
		ContentType: up.ContentType,
		Metadata:    up.Metadata,
		Headers:     up.Headers,
		Tags:        up.Tags,
		Upload:      id.String(),
	}
	for _, p := range used {
		a.rec.Size += p.Size
		a.rec.Parts = append(a.rec.Parts, partRecord{Number: p.Number, Size: p.Size, ETag: p.ETag, Checksum: p.Checksum})
	}
	if in.ObjectSize >= 0 && in.ObjectSize != a.rec.Size {
		return a, fmt.Errorf("%w: x-amz-mp-object-size is %d, the parts hold %d bytes", ErrObjectSizeMismatch, in.ObjectSize, a.rec.Size)
	}
	if a.rec.Checksum, err = e.multipartChecksum(up, used); err != nil {
		return a, err
	}
	if in.ExpectedChecksum != "" && a.rec.Checksum.Value != "" && !checksumEqual(a.rec.Checksum.Value, in.ExpectedChecksum) {
		return a, fmt.Errorf("%w: the %s you specified did not match the calculated checksum", ErrChecksumMismatch, up.ChecksumAlgorithm)
	}
	if len(used) == 1 {
		a.rec.File = used[0].File
		return a, nil
	}
	r := &partsReader{e: e, parts: used}
	defer r.Close()
	w, err := e.writeFile(ctx, bs, bucket, r, writeSpec{size: a.rec.Size, noMD5: true})
	if err != nil {
		if errors.Is(err, ErrIncompleteBody) || errors.Is(err, ErrNoSuchKey) {
			// A part file changed or vanished under us.
			return a, errStaleParts
		}
		return a, err
	}
	a.rec.File, a.owned = w.rel, true
	return a, nil
}

// checkCompletedParts validates a completion's part list in S3's order:
// ascending numbers, each part uploaded with that ETag (and checksum, if
// sent), and every part but the last at least 5 MiB.
func (e *Engine) checkCompletedParts(id uploadID, list []CompletedPart) ([]partRecord, error) {
	if len(list) == 0 {
		return nil, fmt.Errorf("%w: you must specify at least one part", ErrInvalidPart)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Number <= list[i-1].Number {
			return nil, ErrInvalidPartOrder
		}
	}
	uploaded, err := e.uploadParts(id)
	if err != nil {
		return nil, err
	}
	used := make([]partRecord, len(list))
	for i, c := range list {
		p, ok := uploaded[c.Number]
		if !ok || !etagEqual(p.ETag, c.ETag) {
			return nil, fmt.Errorf("%w: part %d was not uploaded or its ETag does not match", ErrInvalidPart, c.Number)
		}
		if c.Checksum != "" && p.Checksum.Value != "" && c.Checksum != p.Checksum.Value {
			return nil, fmt.Errorf("%w: the checksum of part %d does not match", ErrInvalidPart, c.Number)
		}
		used[i] = p
	}
	for _, p := range used[:len(used)-1] {
		if p.Size < minPartSize {
			return nil, fmt.Errorf("%w: part %d is %d bytes, the minimum allowed size is %d", ErrEntityTooSmall, p.Number, p.Size, minPartSize)
		}
	}
	return used, nil
}

// multipartETag is the MD5 of the concatenated binary part MD5s, "-N".
func multipartETag(parts []partRecord) string {
	h := md5.New()
	for _, p := range parts {
		raw, _ := hex.DecodeString(strings.Trim(p.ETag, `"`))
		h.Write(raw)
	}
	return `"` + hex.EncodeToString(h.Sum(nil)) + "-" + strconv.Itoa(len(parts)) + `"`
}

// multipartChecksum computes the object checksum from the part checksums.
func (e *Engine) multipartChecksum(up *uploadRecord, parts []partRecord) (checksumRecord, error) {
	alg := up.ChecksumAlgorithm
	if alg == "" {
		return checksumRecord{}, nil
	}
	raws := make([][]byte, len(parts))
	sizes := make([]int64, len(parts))
	for i, p := range parts {
		raw, err := base64.StdEncoding.DecodeString(p.Checksum.Value)
		if err != nil || len(raw) != checksumSize(alg) {
			return checksumRecord{}, fmt.Errorf("objects: part %d has no %s checksum", p.Number, alg)
		}
		raws[i], sizes[i] = raw, p.Size
	}
	var value string
	var err error
	if up.ChecksumType == ChecksumFullObject {
		value, err = fullObjectCRC(alg, raws, sizes)
	} else {
		value, err = e.sums.compositeChecksum(alg, raws)
	}
	return checksumRecord{Algorithm: alg, Type: up.ChecksumType, Value: value}, err
}

// completedBefore answers a retried completion: the same upload completed
// with the same parts returns its object.
func (e *Engine) completedBefore(bucket, key, uploadIDStr string, parts []CompletedPart) (Object, error) {
	id, ok := parseUploadID(uploadIDStr)
	if !ok {
		return Object{}, ErrNoSuchUpload
	}
	v, err := e.kv.Get(completedKey(id))
	if err == kv.ErrNotFound {
		return Object{}, ErrNoSuchUpload
	}
	if err != nil {
		return Object{}, err
	}
	var done completedRecord
	if err := decode(v, &done); err != nil {
		return Object{}, err
	}
	if done.Bucket != bucket || done.Key != key || string(done.PartsDigest) != string(partsDigest(parts)) {
		return Object{}, ErrNoSuchUpload
	}
	ent, latest, err := e.findVersion(bucket, key, done.VersionID)
	if err != nil || ent.seq != done.Seq {
		return Object{}, ErrNoSuchUpload
	}
	return ent.rec.object(e, bucket, key, latest), nil
}

// partsDigest fingerprints a completion's part list.
func partsDigest(parts []CompletedPart) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(p.Number)))
		h.Write([]byte(strings.Trim(p.ETag, `"`)))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

func orNone(s string) string {
	if s == "" {
		return "NONE"
	}
	return s
}

// partsReader reads part files one after another, opening each only when
// it is reached, so even 10,000 parts hold one descriptor at a time.
type partsReader struct {
	e     *Engine
	parts []partRecord
	cur   vfs.File
	off   int64
}

func (r *partsReader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.parts) == 0 {
				return 0, io.EOF
			}
			f, err := r.e.fs.Open(r.e.abs(r.parts[0].File))
			if err != nil {
				return 0, fmt.Errorf("%w: part %d: %v", ErrNoSuchKey, r.parts[0].Number, err)
			}
			r.cur, r.off = f, 0
		}
		rem := r.parts[0].Size - r.off
		if rem <= 0 {
			r.cur.Close()
			r.cur, r.parts = nil, r.parts[1:]
			continue
		}
		if int64(len(p)) > rem {
			p = p[:rem]
		}
		n, err := r.cur.ReadAt(p, r.off)
		r.off += int64(n)
		if n > 0 {
			return n, nil
		}
		if err == nil || err == io.EOF {
			// The file is shorter than its record says.
			return 0, fmt.Errorf("%w: part %d is truncated", ErrNoSuchKey, r.parts[0].Number)
		}
		return 0, err
	}
}

// Close releases the open part file, if any.
func (r *partsReader) Close() error {
	if r.cur != nil {
		return r.cur.Close()
	}
	return nil
}
