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
	for _, h := range []string{"If-Match", "X-Amz-If-Match-Last-Modified-Time", "X-Amz-If-Match-Size"} {
		if r.Header.Get(h) != "" {
			return errNotImplementedHeader(h)
		}
	}
	versionID := r.query.Get("versionId")
	res, err := s.engine.DeleteObject(r.Context(), r.Bucket, r.Key, versionID)
	if err != nil {
		return s.objectError(err, r, versionID)
	}
	setDeleteHeaders(w.Header(), res)
	w.WriteHeader(http.StatusNoContent)
	return nil
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
		if obj.Conditional {
			out.Errors = append(out.Errors, deleteErrorEntry{Key: obj.Key, VersionID: obj.VersionID, Code: "NotImplemented",
				Message: "Conditional deletes (ETag, LastModifiedTime, Size) are not supported by nubo yet."})
			continue
		}
		res, err := s.deleteOne(r, obj.Key, obj.VersionID)
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
func (s *Service) deleteOne(r *request, key, versionID string) (objects.DeleteResult, error) {
	if key == "" || len(key) > maxKeyLength {
		return objects.DeleteResult{}, errKeyTooLong()
	}
	res, err := s.engine.DeleteObject(r.Context(), r.Bucket, key, versionID)
	switch {
	case errors.Is(err, objects.ErrInvalidVersionID):
		return res, awsproto.NewError("NoSuchVersion", http.StatusNotFound, "The specified version does not exist.")
	case err != nil:
		return res, engineError(err, r.Bucket, key)
	}
	return res, nil
}
