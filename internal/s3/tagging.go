package s3

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// Tag limits: 10 per object, 50 per bucket; keys up to 128 characters,
// values up to 256.
const (
	maxObjectTags = 10
	maxBucketTags = 50
)

func errInvalidTag(msg string) *awsproto.Error {
	return awsproto.NewError("InvalidTag", http.StatusBadRequest, "%s", msg)
}

// validateTags checks a tag set against S3's rules and returns it as a map.
func validateTags(tags []tag, max int) (map[string]string, error) {
	if len(tags) > max {
		if max == maxObjectTags {
			return nil, errInvalidTag("Object tags cannot be greater than 10")
		}
		return nil, errInvalidTag("Bucket tag count cannot be greater than 50")
	}
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		if t.Key == "" || utf8.RuneCountInString(t.Key) > 128 {
			return nil, errInvalidTag("The TagKey you have provided is invalid")
		}
		if utf8.RuneCountInString(t.Value) > 256 {
			return nil, errInvalidTag("The TagValue you have provided is invalid")
		}
		if strings.HasPrefix(t.Key, "aws:") {
			return nil, errInvalidTag("Your TagKey cannot be prefixed with aws:")
		}
		if _, dup := out[t.Key]; dup {
			return nil, errInvalidTag("Cannot provide multiple Tags with the same key")
		}
		out[t.Key] = t.Value
	}
	return out, nil
}

// parseTaggingHeader reads x-amz-tagging ("k1=v1&k2=v2", URL-encoded).
func parseTaggingHeader(v string) (map[string]string, error) {
	if v == "" {
		return nil, nil
	}
	q, err := url.ParseQuery(v)
	if err != nil {
		return nil, errInvalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", "x-amz-tagging", v)
	}
	tags := make([]tag, 0, len(q))
	for k, vals := range q {
		if len(vals) != 1 {
			return nil, errInvalidTag("Cannot provide multiple Tags with the same key")
		}
		tags = append(tags, tag{Key: k, Value: vals[0]})
	}
	return validateTags(tags, maxObjectTags)
}

// tagList renders a tag map sorted by key.
func tagList(m map[string]string) []tag {
	out := make([]tag, 0, len(m))
	for k, v := range m {
		out = append(out, tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// readTagging reads a Tagging request document.
func readTagging(r *request, max int) (map[string]string, error) {
	data, err := readXMLBody(r)
	if err != nil {
		return nil, err
	}
	return parseTaggingBody(data, max)
}

func (s *Service) getBucketTagging(w http.ResponseWriter, r *request) error {
	b, err := s.getBucket(r)
	if err != nil {
		return err
	}
	if len(b.Tags) == 0 {
		return awsproto.NewError("NoSuchTagSet", http.StatusNotFound, "The TagSet does not exist").With("BucketName", r.Bucket)
	}
	awsproto.WriteXML(w, http.StatusOK, tagging{TagSet: tagList(b.Tags)})
	return nil
}

func (s *Service) putBucketTagging(w http.ResponseWriter, r *request) error {
	tags, err := readTagging(r, maxBucketTags)
	if err != nil {
		return err
	}
	err = s.engine.UpdateBucket(r.Context(), r.Bucket, func(b *objects.Bucket) error {
		b.Tags = tags
		return nil
	})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) deleteBucketTagging(w http.ResponseWriter, r *request) error {
	err := s.engine.UpdateBucket(r.Context(), r.Bucket, func(b *objects.Bucket) error {
		b.Tags = nil
		return nil
	})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) getObjectTagging(w http.ResponseWriter, r *request) error {
	o, err := s.lookupObject(r, r.query.Get("versionId"))
	if err != nil {
		return err
	}
	setVersionHeader(w.Header(), o)
	awsproto.WriteXML(w, http.StatusOK, tagging{TagSet: tagList(o.Tags)})
	return nil
}

func (s *Service) putObjectTagging(w http.ResponseWriter, r *request) error {
	tags, err := readTagging(r, maxObjectTags)
	if err != nil {
		return err
	}
	return s.updateObjectTags(w, r, tags, http.StatusOK)
}

func (s *Service) deleteObjectTagging(w http.ResponseWriter, r *request) error {
	return s.updateObjectTags(w, r, nil, http.StatusNoContent)
}

func (s *Service) updateObjectTags(w http.ResponseWriter, r *request, tags map[string]string, status int) error {
	versionID := r.query.Get("versionId")
	var updated objects.Object
	err := s.engine.UpdateObject(r.Context(), r.Bucket, r.Key, versionID, func(o *objects.Object) error {
		if o.DeleteMarker {
			return errMethodNotAllowed(r.Method, "DeleteMarker")
		}
		o.Tags = tags
		updated = *o
		return nil
	})
	if err != nil {
		return s.objectError(err, r, versionID)
	}
	setVersionHeader(w.Header(), updated)
	w.WriteHeader(status)
	return nil
}
