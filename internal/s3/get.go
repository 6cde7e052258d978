package s3

import (
	"io"
	"net/http"
	"strconv"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// responseOverrides are the query parameters that replace response
// headers of a GET (signed requests only, which is all nubo serves).
var responseOverrides = [...]struct{ Param, Header string }{
	{"response-content-type", "Content-Type"},
	{"response-content-language", "Content-Language"},
	{"response-expires", "Expires"},
	{"response-cache-control", "Cache-Control"},
	{"response-content-disposition", "Content-Disposition"},
	{"response-content-encoding", "Content-Encoding"},
}

func (s *Service) getObject(w http.ResponseWriter, r *request) error {
	return s.readObject(w, r, true)
}

func (s *Service) headObject(w http.ResponseWriter, r *request) error {
	return s.readObject(w, r, false)
}

// readObject serves GET (withBody) and HEAD.
func (s *Service) readObject(w http.ResponseWriter, r *request, withBody bool) error {
	if r.Header.Get("X-Amz-Server-Side-Encryption-Customer-Algorithm") != "" {
		return errNotImplementedHeader("x-amz-server-side-encryption-customer-algorithm")
	}
	partNumber, err := parsePartNumberParam(r)
	if err != nil {
		return err
	}
	if partNumber > 0 && r.Header.Get("Range") != "" {
		return errInvalidRequest("Cannot specify both Range header and partNumber query parameter")
	}
	o, rc, err := s.openForRead(r, withBody)
	if err != nil {
		return err
	}
	if rc != nil {
		defer rc.Close()
	}
	if err := checkReadConditions(r, o); err != nil {
		return err
	}
	rng, status, err := s.selectRange(r, o, partNumber)
	if err != nil {
		return err
	}
	s.setReadHeaders(w.Header(), r, o, rng, status, partNumber)
	w.WriteHeader(status)
	if !withBody || rng.length() == 0 {
		return nil
	}
	s.sendRange(w, r, rc, rng)
	return nil
}

// openForRead looks up the requested version, and opens its bytes for a GET.
func (s *Service) openForRead(r *request, withBody bool) (objects.Object, objects.ReadSeekCloser, error) {
	versionID := r.query.Get("versionId")
	var o objects.Object
	var rc objects.ReadSeekCloser
	var err error
	if withBody {
		o, rc, err = s.engine.GetObjectReader(r.Context(), r.Bucket, r.Key, versionID)
	} else {
		o, err = s.engine.GetObject(r.Context(), r.Bucket, r.Key, versionID)
	}
	if err != nil {
		return o, nil, s.deleteMarkerError(err, r, o, versionID)
	}
	return o, rc, nil
}

// setReadHeaders writes the response headers of a GET or HEAD: the
// object's, the response-* overrides, the range and, under
// x-amz-checksum-mode: ENABLED, the checksum of what is sent (none for a
// byte range, the part's for ?partNumber=N).
func (s *Service) setReadHeaders(h http.Header, r *request, o objects.Object, rng byteRange, status, partNumber int) {
	setObjectHeaders(h, o)
	if o.VersionID == objects.NullVersion && (r.query.Get("versionId") != "" || s.versioningConfigured(r)) {
		// Buckets with versioning configured report the null version too.
		h.Set("X-Amz-Version-Id", objects.NullVersion)
	}
	for _, ov := range responseOverrides {
		if v := r.query.Get(ov.Param); v != "" {
			h.Set(ov.Header, v)
		}
	}
	checksums := r.Header.Get("X-Amz-Checksum-Mode") == "ENABLED"
	if status == http.StatusOK && checksums {
		setChecksumHeaders(h, o.Checksum)
	}
	if status == http.StatusPartialContent {
		h.Set("Content-Range", "bytes "+strconv.FormatInt(rng.Start, 10)+"-"+strconv.FormatInt(rng.End, 10)+"/"+strconv.FormatInt(o.Size, 10))
		if partNumber > 0 && checksums && partNumber <= len(o.Parts) {
			setChecksumHeaders(h, o.Parts[partNumber-1].Checksum)
		}
	}
	h.Set("Content-Length", strconv.FormatInt(rng.length(), 10))
}

// sendRange copies a range of the object to the client. The status is
// already sent, so a failure can only cut the response short.
func (s *Service) sendRange(w http.ResponseWriter, r *request, rc objects.ReadSeekCloser, rng byteRange) {
	if rng.Start > 0 {
		if _, err := rc.Seek(rng.Start, io.SeekStart); err != nil {
			s.logger.Error("s3: seek", "bucket", r.Bucket, "key", r.Key, "err", err)
			return
		}
	}
	if _, err := io.CopyN(w, rc, rng.length()); err != nil {
		s.logger.Debug("s3: sending object", "bucket", r.Bucket, "key", r.Key, "err", err)
	}
}

// selectRange picks what part of the object a GET sends: a part
// (?partNumber=N), a Range, or everything.
func (s *Service) selectRange(r *request, o objects.Object, partNumber int) (byteRange, int, error) {
	whole := byteRange{0, o.Size - 1}
	if partNumber > 0 {
		return partRange(o, partNumber)
	}
	hdr := r.Header.Get("Range")
	if hdr == "" {
		return whole, http.StatusOK, nil
	}
	rng, res := parseRange(hdr, o.Size)
	switch res {
	case rangeOK:
		return rng, http.StatusPartialContent, nil
	case rangeUnsatisfiable:
		return whole, 0, errInvalidRange(hdr, o.Size)
	}
	return whole, http.StatusOK, nil
}

// partRange is the byte range of part n of an object. An object that was
// not uploaded in parts has one part, itself.
func partRange(o objects.Object, n int) (byteRange, int, error) {
	if len(o.Parts) == 0 {
		if n != 1 {
			return byteRange{}, 0, errInvalidPartNumber(n, 1)
		}
		return byteRange{0, o.Size - 1}, http.StatusOK, nil
	}
	if n > len(o.Parts) {
		return byteRange{}, 0, errInvalidPartNumber(n, len(o.Parts))
	}
	var start int64
	for _, p := range o.Parts[:n-1] {
		start += p.Size
	}
	return byteRange{start, start + o.Parts[n-1].Size - 1}, http.StatusPartialContent, nil
}

func errInvalidPartNumber(requested, actual int) *awsproto.Error {
	return awsproto.NewError("InvalidPartNumber", http.StatusRequestedRangeNotSatisfiable, "The requested partnumber is not satisfiable").
		With("PartNumberRequested", strconv.Itoa(requested)).With("ActualPartCount", strconv.Itoa(actual))
}

// parsePartNumberParam reads ?partNumber= (1 to 10000), 0 if absent.
func parsePartNumberParam(r *request) (int, error) {
	v, ok := r.query["partNumber"]
	if !ok {
		return 0, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 1 || n > maxParts {
		return 0, errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", v[0])
	}
	return n, nil
}

// maxParts is the most parts a multipart upload may have.
const maxParts = 10000

// versioningConfigured reports whether the request's bucket has ever had
// versioning configured (Enabled or Suspended).
func (s *Service) versioningConfigured(r *request) bool {
	b, err := s.engine.GetBucket(r.Context(), r.Bucket)
	return err == nil && b.Versioning != ""
}
