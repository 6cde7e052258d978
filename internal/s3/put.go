package s3

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// maxPutSize is the largest object a single PUT may carry (5 GiB).
const maxPutSize = 5 << 30

// requestSize is the length of the object data a request carries:
// x-amz-decoded-content-length for aws-chunked bodies, else Content-Length.
func requestSize(r *request) (int64, error) {
	if v := r.Header.Get("X-Amz-Decoded-Content-Length"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, errInvalidArgument("x-amz-decoded-content-length must be a non-negative integer", "x-amz-decoded-content-length", v)
		}
		return n, nil
	}
	if r.ContentLength < 0 {
		return 0, errMissingContentLength()
	}
	return r.ContentLength, nil
}

// bodyInput fills the body-checking fields of a PutInput or PartInput:
// declared size, Content-MD5 and the flexible checksum. It returns the
// checksum spec so that callers can echo it.
type bodyInput struct {
	Size       int64
	ContentMD5 []byte
	Checksum   checksumSpec
}

func readBodyInput(r *request, maxSize int64) (bodyInput, error) {
	var in bodyInput
	size, err := requestSize(r)
	if err != nil {
		return in, err
	}
	if size > maxSize {
		return in, errEntityTooLarge(size, maxSize)
	}
	in.Size = size
	if v := r.Header.Get("Content-MD5"); v != "" {
		if in.ContentMD5, err = decodeContentMD5(v); err != nil {
			return in, err
		}
	}
	if in.Checksum, err = parseChecksumHeaders(r.Header); err != nil {
		return in, err
	}
	return in, nil
}

func (s *Service) putObject(w http.ResponseWriter, r *request) error {
	attrs, err := readObjectAttributes(r.Header)
	if err != nil {
		return err
	}
	bi, err := readBodyInput(r, maxPutSize)
	if err != nil {
		return err
	}
	in := attrs.putInput()
	in.Size, in.ContentMD5 = bi.Size, bi.ContentMD5
	pre, err := writePrecondition(r)
	if err != nil {
		return err
	}
	in.Precondition = pre
	// S3 computes CRC64NVME for every new object that names no checksum.
	body, sum := applyChecksum(r, bi.Checksum, objects.CRC64NVME)
	in.ChecksumAlgorithm, in.ExpectedChecksum, in.ExpectedChecksumFunc = sum.Algorithm, sum.Expected, sum.ExpectedFunc
	o, err := s.engine.PutObject(r.Context(), r.Bucket, r.Key, body, in)
	if err != nil {
		return s.writeError(err, r, in.ChecksumAlgorithm)
	}
	h := w.Header()
	h.Set("ETag", o.ETag)
	setVersionHeader(h, o)
	if sse := o.Headers["X-Amz-Server-Side-Encryption"]; sse != "" {
		h.Set("X-Amz-Server-Side-Encryption", sse)
	}
	setChecksumHeaders(h, o.Checksum)
	w.WriteHeader(http.StatusOK)
	return nil
}

// writeError maps the errors of a write (PutObject, UploadPart, POST).
func (s *Service) writeError(err error, r *request, alg string) error {
	if errors.Is(err, objects.ErrChecksumMismatch) {
		return errChecksumMismatch(alg)
	}
	if errors.Is(err, objects.ErrInvalidChecksum) {
		return errInvalidRequest("Value for " + strings.ToLower(checksumHeader(alg)) + " header is invalid.")
	}
	if e := bodyError(err); e != nil {
		return e
	}
	return s.objectError(err, r, "")
}

// writePrecondition turns If-Match / If-None-Match on a write into a check
// the engine runs under the key's lock just before committing.
func writePrecondition(r *request) (func(*objects.Object) error, error) {
	ifMatch, ifNoneMatch := r.Header.Get("If-Match"), r.Header.Get("If-None-Match")
	if ifNoneMatch != "" && ifNoneMatch != "*" {
		return nil, errNotImplementedHeader("If-None-Match")
	}
	if ifMatch == "" && ifNoneMatch == "" {
		return nil, nil
	}
	key := r.Key
	return func(cur *objects.Object) error {
		exists := cur != nil && !cur.DeleteMarker
		if ifNoneMatch == "*" && exists {
			return errPreconditionFailed("If-None-Match")
		}
		if ifMatch != "" {
			if !exists {
				return errNoSuchKey(key)
			}
			if !etagMatches(ifMatch, cur.ETag) {
				return errPreconditionFailed("If-Match")
			}
		}
		return nil
	}, nil
}
