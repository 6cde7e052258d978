package s3

import (
	"errors"
	"net/http"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// maxDeleteObjects is the most keys one DeleteObjects may name.
const maxDeleteObjects = 1000

func (s *Service) deleteObject(w http.ResponseWriter, r *request) error {
	// These two are S3 Express (directory bucket) conditions.
	for _, h := range []string{"X-Amz-If-Match-Last-Modified-Time", "X-Amz-If-Match-Size"} {
		if r.Header.Get(h) != "" {
			return errNotImplementedHeader(h)
		}
	}
	versionID := r.query.Get("versionId")
	in := objects.DeleteInput{Precondition: deletePrecondition(r.Key, r.Header.Get("If-Match"))}
	res, err := s.engine.DeleteObjectWith(r.Context(), r.Bucket, r.Key, versionID, in)
	if err != nil {
		return s.objectError(err, r, versionID)
	}
	setDeleteHeaders(w.Header(), res)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// deletePrecondition turns If-Match on DeleteObject (or an entry's ETag in
// DeleteObjects) into a check the engine runs under the key's lock. As in
// S3, it is judged against the key's current version: with none (the key
// is absent or its latest version is a delete marker) the delete fails
// with NoSuchKey, else the ETag must match ("*" matches any).
func deletePrecondition(key, ifMatch string) func(*objects.Object) error {
	if ifMatch == "" {
		return nil
	}
	return func(cur *objects.Object) error {
		if cur == nil {
			return errNoSuchKey(key)
		}
		if !etagMatches(ifMatch, cur.ETag) {
			return errPreconditionFailed("If-Match")
		}
		return nil
	}
}

func setDeleteHeaders(h http.Header, res objects.DeleteResult) {
	if res.DeleteMarker {
		h.Set("X-Amz-Delete-Marker", "true")
	}
	if res.VersionID != "" {
		h.Set("X-Amz-Version-Id", res.VersionID)
	}
}

func (s *Service) deleteObjects(w http.ResponseWriter, r *request) error {
	body, err := readXMLBody(r)
	if err != nil {
		return err
	}
	in, err := parseDeleteBody(body)
	if err != nil {
		return err
	}
	if _, err := s.getBucket(r); err != nil {
		return err
	}
	var out deleteResult
	for _, obj := range in.Objects {
		if obj.SizeOrTime {
			out.Errors = append(out.Errors, deleteErrorEntry{Key: obj.Key, VersionID: obj.VersionID, Code: "NotImplemented",
				Message: "Conditional deletes on LastModifiedTime or Size are only supported for directory buckets."})
			continue
		}
		res, err := s.deleteOne(r, obj)
		if err != nil {
			e := s.toS3Error(r.Request, err)
			out.Errors = append(out.Errors, deleteErrorEntry{Key: obj.Key, VersionID: obj.VersionID, Code: e.Code, Message: e.Message})
			continue
		}
		if in.Quiet {
			continue
		}
		d := deletedEntry{Key: obj.Key, VersionID: obj.VersionID}
		if res.DeleteMarker {
			d.DeleteMarker = true
			d.DeleteMarkerVersionID = res.VersionID
		}
		out.Deleted = append(out.Deleted, d)
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

// deleteOne deletes one key of a DeleteObjects request.
func (s *Service) deleteOne(r *request, obj objectID) (objects.DeleteResult, error) {
	if obj.Key == "" || len(obj.Key) > maxKeyLength {
		return objects.DeleteResult{}, errKeyTooLong()
	}
	in := objects.DeleteInput{Precondition: deletePrecondition(obj.Key, obj.ETag)}
	res, err := s.engine.DeleteObjectWith(r.Context(), r.Bucket, obj.Key, obj.VersionID, in)
	switch {
	case errors.Is(err, objects.ErrInvalidVersionID):
		return res, awsproto.NewError("NoSuchVersion", http.StatusNotFound, "The specified version does not exist.")
	case err != nil:
		return res, engineError(err, r.Bucket, obj.Key)
	}
	return res, nil
}
