package s3

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// storedHeaders are the standard headers S3 keeps with an object and
// returns on GET and HEAD, by canonical name.
var storedHeaders = [...]string{
	"Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires",
	"X-Amz-Website-Redirect-Location", "X-Amz-Storage-Class", "X-Amz-Server-Side-Encryption",
}

// metaPrefix starts the headers that carry user metadata.
const metaPrefix = "X-Amz-Meta-"

// defaultContentType is what S3 stores when a PUT names no Content-Type.
const defaultContentType = "binary/octet-stream"

// maxMetadataSize is the most user metadata (names plus values) S3 takes.
const maxMetadataSize = 2048

// objectError maps engine errors of object operations onto S3 errors.
func (s *Service) objectError(err error, r *request, versionID string) error {
	switch {
	case errors.Is(err, objects.ErrNoSuchVersion):
		return errNoSuchVersion(r.Key, versionID)
	case errors.Is(err, objects.ErrInvalidVersionID):
		return errInvalidArgument("Invalid version id specified", "versionId", versionID)
	case errors.Is(err, objects.ErrMethodNotAllowed):
		return errMethodNotAllowed(r.Method, "DeleteMarker")
	case errors.Is(err, objects.ErrInvalidKey):
		return errKeyTooLong()
	case errors.Is(err, objects.ErrNoSuchUpload):
		return errNoSuchUpload(r.query.Get("uploadId"))
	case errors.Is(err, objects.ErrBadDigest):
		return errBadDigest()
	case errors.Is(err, objects.ErrIncompleteBody):
		return errIncompleteBody()
	}
	return engineError(err, r.Bucket, r.Key)
}

// lookupObject returns the requested version, turning delete markers into
// S3's answers (404 NoSuchKey or 405 MethodNotAllowed, with
// x-amz-delete-marker).
func (s *Service) lookupObject(r *request, versionID string) (objects.Object, error) {
	o, err := s.engine.GetObject(r.Context(), r.Bucket, r.Key, versionID)
	if err != nil {
		return o, s.deleteMarkerError(err, r, o, versionID)
	}
	return o, nil
}

// deleteMarkerError adds the delete-marker headers S3 sends with the 404
// or 405 of a read that hit a delete marker.
func (s *Service) deleteMarkerError(err error, r *request, o objects.Object, versionID string) error {
	mapped := s.objectError(err, r, versionID)
	ae, ok := mapped.(*awsproto.Error)
	if !ok || !o.DeleteMarker {
		return mapped
	}
	c := *ae
	c.Header = http.Header{}
	c.Header.Set("X-Amz-Delete-Marker", "true")
	if o.VersionID != "" && o.VersionID != objects.NullVersion || versionID != "" {
		c.Header.Set("X-Amz-Version-Id", o.VersionID)
	}
	if errors.Is(err, objects.ErrMethodNotAllowed) {
		c.Header.Set("Last-Modified", o.LastModified.UTC().Format(http.TimeFormat))
		c.Header.Set("Allow", "DELETE")
	}
	return &c
}

// setVersionHeader adds x-amz-version-id for versions written while
// versioning was enabled (S3 omits it for unversioned objects).
func setVersionHeader(h http.Header, o objects.Object) {
	if o.VersionID != "" && o.VersionID != objects.NullVersion {
		h.Set("X-Amz-Version-Id", o.VersionID)
	}
}

// setObjectHeaders writes the headers GET and HEAD share.
func setObjectHeaders(h http.Header, o objects.Object) {
	h.Set("Last-Modified", o.LastModified.UTC().Format(http.TimeFormat))
	h.Set("ETag", o.ETag)
	ct := o.ContentType
	if ct == "" {
		ct = defaultContentType
	}
	h.Set("Content-Type", ct)
	h.Set("Accept-Ranges", "bytes")
	for k, v := range o.Headers {
		if k == "X-Amz-Storage-Class" && v == "STANDARD" {
			continue
		}
		h[k] = []string{v}
	}
	for k, v := range o.Metadata {
		h[metaPrefix+k] = []string{v}
	}
	if len(o.Tags) > 0 {
		h.Set("X-Amz-Tagging-Count", strconv.Itoa(len(o.Tags)))
	}
	if len(o.Parts) > 0 {
		h.Set("X-Amz-Mp-Parts-Count", strconv.Itoa(len(o.Parts)))
	}
	setVersionHeader(h, o)
}

// objectAttributes is what a PUT, POST, copy with REPLACE or
// CreateMultipartUpload says about the object to be: content type, user
// metadata, stored headers and tags.
type objectAttributes struct {
	ContentType string
	Metadata    map[string]string
	Headers     map[string]string
	Tags        map[string]string
}

// readObjectAttributes reads the attributes of a new object from request
// headers, with S3's validation.
func readObjectAttributes(h http.Header) (objectAttributes, error) {
	var a objectAttributes
	if err := checkUnsupportedObjectHeaders(h); err != nil {
		return a, err
	}
	a.ContentType = h.Get("Content-Type")
	metaSize := 0
	for name, vals := range h {
		// Names Go could not canonicalize keep their case; match any.
		if len(name) <= len(metaPrefix) || !strings.EqualFold(name[:len(metaPrefix)], metaPrefix) || len(vals) == 0 {
			continue
		}
		if a.Metadata == nil {
			a.Metadata = map[string]string{}
		}
		k := strings.ToLower(name[len(metaPrefix):])
		v := strings.Join(vals, ",")
		a.Metadata[k] = v
		metaSize += len(k) + len(v)
	}
	if metaSize > maxMetadataSize {
		return a, awsproto.NewError("MetadataTooLarge", http.StatusBadRequest,
			"Your metadata headers exceed the maximum allowed metadata size").With("Size", strconv.Itoa(metaSize)).With("MaxSizeAllowed", strconv.Itoa(maxMetadataSize))
	}
	for _, name := range storedHeaders {
		v := h.Get(name)
		if name == "Content-Encoding" {
			v = stripAWSChunked(v)
		}
		if v == "" {
			continue
		}
		if a.Headers == nil {
			a.Headers = map[string]string{}
		}
		a.Headers[name] = v
	}
	if sc := a.Headers["X-Amz-Storage-Class"]; sc != "" {
		if err := checkStorageClass(sc); err != nil {
			return a, err
		}
	}
	tags, err := parseTaggingHeader(h.Get("X-Amz-Tagging"))
	if err != nil {
		return a, err
	}
	a.Tags = tags
	return a, nil
}

// stripAWSChunked removes "aws-chunked" from a Content-Encoding: it
// describes the request framing, not the object.
func stripAWSChunked(v string) string {
	if !strings.Contains(v, "aws-chunked") {
		return v
	}
	var keep []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" && p != "aws-chunked" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ",")
}

// checkStorageClass accepts the storage classes whose objects read back
// at once; archive and special-purpose classes are not implemented.
func checkStorageClass(sc string) error {
	switch sc {
	case "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR":
		return nil
	case "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE", "FSX_OPENZFS":
		return errNotImplementedHeader("x-amz-storage-class")
	}
	return awsproto.NewError("InvalidStorageClass", http.StatusBadRequest, "The storage class you specified is not valid").With("StorageClassRequested", sc)
}

// checkUnsupportedObjectHeaders refuses object features nubo does not
// have: ACLs (nubo's buckets behave as S3's default BucketOwnerEnforced
// ownership), KMS and customer-key encryption, and object lock.
func checkUnsupportedObjectHeaders(h http.Header) error {
	if v := h.Get("X-Amz-Acl"); v != "" && v != "private" && v != "bucket-owner-full-control" {
		return errACLNotSupported()
	}
	for _, name := range []string{"X-Amz-Grant-Full-Control", "X-Amz-Grant-Read", "X-Amz-Grant-Read-Acp", "X-Amz-Grant-Write-Acp"} {
		if h.Get(name) != "" {
			return errACLNotSupported()
		}
	}
	if v := h.Get("X-Amz-Server-Side-Encryption"); v != "" && v != "AES256" {
		return errNotImplementedHeader("x-amz-server-side-encryption")
	}
	if h.Get("X-Amz-Server-Side-Encryption-Customer-Algorithm") != "" {
		return errNotImplementedHeader("x-amz-server-side-encryption-customer-algorithm")
	}
	for _, name := range []string{"X-Amz-Object-Lock-Mode", "X-Amz-Object-Lock-Retain-Until-Date", "X-Amz-Object-Lock-Legal-Hold"} {
		if h.Get(name) != "" {
			return errInvalidRequest("Bucket is missing Object Lock Configuration")
		}
	}
	return nil
}

func errACLNotSupported() *awsproto.Error {
	return awsproto.NewError("AccessControlListNotSupported", http.StatusBadRequest, "The bucket does not allow ACLs")
}

// putInput builds the engine input for a new object from attributes.
func (a objectAttributes) putInput() objects.PutInput {
	ct := a.ContentType
	if ct == "" {
		ct = defaultContentType
	}
	return objects.PutInput{ContentType: ct, Metadata: a.Metadata, Headers: a.Headers, Tags: a.Tags, Size: -1}
}

// httpDate parses an HTTP date header; ok is false when absent or invalid
// (S3 ignores conditions with unparseable dates).
func httpDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	t, err := http.ParseTime(v)
	return t, err == nil
}
