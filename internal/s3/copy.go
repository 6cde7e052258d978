package s3

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// copySource is a parsed x-amz-copy-source header.
type copySource struct {
	Bucket, Key, VersionID string
}

// parseCopySource reads "/bucket/key?versionId=id" (the leading slash and
// the version are optional; the bucket and key are URL-encoded).
func parseCopySource(v string) (copySource, error) {
	bad := func(msg string) (copySource, error) {
		return copySource{}, errInvalidArgument(msg, "x-amz-copy-source", v)
	}
	path, query, _ := strings.Cut(v, "?")
	dec, err := url.PathUnescape(path)
	if err != nil {
		return bad("Invalid copy source encoding.")
	}
	dec = strings.TrimPrefix(dec, "/")
	bucket, key, ok := strings.Cut(dec, "/")
	if !ok || bucket == "" || key == "" {
		return bad("Copy Source must mention the source bucket and key: sourcebucket/sourcekey.")
	}
	if strings.HasPrefix(bucket, "arn:") {
		return bad("Copying from an access point or Outposts ARN is not supported by nubo.")
	}
	src := copySource{Bucket: bucket, Key: key}
	if query != "" {
		q, err := url.ParseQuery(query)
		if err != nil {
			return bad("Invalid copy source encoding.")
		}
		if vs, ok := q["versionId"]; ok {
			if len(vs) == 0 || vs[0] == "" {
				return bad("Invalid version id specified")
			}
			src.VersionID = vs[0]
		}
	}
	if len(src.Key) > maxKeyLength {
		return copySource{}, errKeyTooLong()
	}
	return src, nil
}

// openCopySource opens the source object of a copy, checking its
// x-amz-copy-source-if-* conditions.
func (s *Service) openCopySource(r *request) (copySource, objects.Object, objects.ReadSeekCloser, error) {
	src, err := parseCopySource(r.Header.Get("X-Amz-Copy-Source"))
	if err != nil {
		return src, objects.Object{}, nil, err
	}
	o, rc, err := s.engine.GetObjectReader(r.Context(), src.Bucket, src.Key, src.VersionID)
	if err != nil {
		switch {
		case errors.Is(err, objects.ErrMethodNotAllowed):
			err = errInvalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.")
		case errors.Is(err, objects.ErrNoSuchVersion):
			err = errNoSuchVersion(src.Key, src.VersionID)
		case errors.Is(err, objects.ErrInvalidVersionID):
			err = errInvalidArgument("Invalid version id specified", "x-amz-copy-source", r.Header.Get("X-Amz-Copy-Source"))
		default:
			err = engineError(err, src.Bucket, src.Key)
		}
		return src, o, nil, err
	}
	if err := checkCopySourceConditions(r.Header, o); err != nil {
		rc.Close()
		return src, o, nil, err
	}
	return src, o, rc, nil
}

// directive reads x-amz-metadata-directive or x-amz-tagging-directive.
func directive(h http.Header, name, what string) (string, error) {
	v := h.Get(name)
	switch v {
	case "", "COPY":
		return "COPY", nil
	case "REPLACE":
		return "REPLACE", nil
	}
	return "", errInvalidArgument("Unknown "+what+" directive.", strings.ToLower(name), v)
}

func (s *Service) copyObject(w http.ResponseWriter, r *request) error {
	metaDir, err := directive(r.Header, "X-Amz-Metadata-Directive", "metadata")
	if err != nil {
		return err
	}
	tagDir, err := directive(r.Header, "X-Amz-Tagging-Directive", "tagging")
	if err != nil {
		return err
	}
	reqAttrs, err := readObjectAttributes(r.Header)
	if err != nil {
		return err
	}
	src, so, rc, err := s.openCopySource(r)
	if err != nil {
		return err
	}
	defer rc.Close()
	if so.Size > maxPutSize {
		return errInvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")
	}
	if src.Bucket == r.Bucket && src.Key == r.Key && (src.VersionID == "" || so.IsLatest) && metaDir == "COPY" &&
		r.Header.Get("X-Amz-Storage-Class") == "" && r.Header.Get("X-Amz-Website-Redirect-Location") == "" &&
		r.Header.Get("X-Amz-Server-Side-Encryption") == "" {
		return errInvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
	}
	in := copyInput(so, reqAttrs, metaDir, tagDir)
	if in.ChecksumAlgorithm, err = copyChecksumAlgorithm(r.Header, so); err != nil {
		return err
	}
	if in.Precondition, err = writePrecondition(r); err != nil {
		return err
	}
	o, err := s.engine.PutObject(r.Context(), r.Bucket, r.Key, io.Reader(rc), in)
	if err != nil {
		return s.objectError(err, r, "")
	}
	h := w.Header()
	setVersionHeader(h, o)
	if so.VersionID != "" && so.VersionID != objects.NullVersion {
		h.Set("X-Amz-Copy-Source-Version-Id", so.VersionID)
	}
	out := copyObjectResult{ETag: o.ETag, LastModified: isoTime(o.LastModified), checksumFields: checksumXML(o.Checksum)}
	if o.Checksum.Algorithm != "" {
		out.ChecksumType = o.Checksum.Type
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

// copyInput builds the new object's attributes: the source's (COPY) or
// the request's (REPLACE), tags likewise; a storage class or redirect
// given on the request always applies.
func copyInput(so objects.Object, req objectAttributes, metaDir, tagDir string) objects.PutInput {
	attrs := objectAttributes{ContentType: so.ContentType, Metadata: so.Metadata, Headers: so.Headers, Tags: so.Tags}
	if metaDir == "REPLACE" {
		attrs.ContentType, attrs.Metadata, attrs.Headers = req.ContentType, req.Metadata, req.Headers
	} else {
		attrs.Headers = cloneMap(so.Headers)
		for _, name := range []string{"X-Amz-Storage-Class", "X-Amz-Website-Redirect-Location", "X-Amz-Server-Side-Encryption"} {
			if v, ok := req.Headers[name]; ok {
				if attrs.Headers == nil {
					attrs.Headers = map[string]string{}
				}
				attrs.Headers[name] = v
			}
		}
	}
	if tagDir == "REPLACE" {
		attrs.Tags = req.Tags
	}
	in := attrs.putInput()
	in.Size = so.Size
	return in
}

// copyChecksumAlgorithm is the checksum a copy computes: the one the
// request names (x-amz-checksum-algorithm), else the source's, else
// S3's default CRC64NVME.
func copyChecksumAlgorithm(h http.Header, so objects.Object) (string, error) {
	if v := h.Get("X-Amz-Checksum-Algorithm"); v != "" {
		alg := normalizeAlgorithm(v)
		if alg == "" {
			return "", errInvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
		}
		return alg, nil
	}
	if so.Checksum.Algorithm != "" {
		return so.Checksum.Algorithm, nil
	}
	return objects.CRC64NVME, nil
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
