package s3

import (
	"net/http"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

func (s *Service) getBucketVersioning(w http.ResponseWriter, r *request) error {
	b, err := s.getBucket(r)
	if err != nil {
		return err
	}
	out := versioningConfiguration{Status: b.Versioning}
	if b.Versioning != "" {
		// S3 reports MfaDelete once versioning has ever been configured.
		out.MfaDelete = "Disabled"
	}
	awsproto.WriteXML(w, http.StatusOK, out)
	return nil
}

func (s *Service) putBucketVersioning(w http.ResponseWriter, r *request) error {
	data, err := readXMLBody(r)
	if err != nil {
		return err
	}
	status, err := parseVersioningBody(data)
	if err != nil {
		return err
	}
	if status == "" {
		// A document without Status changes nothing.
		if _, err := s.getBucket(r); err != nil {
			return err
		}
		w.WriteHeader(http.StatusOK)
		return nil
	}
	err = s.engine.UpdateBucket(r.Context(), r.Bucket, func(b *objects.Bucket) error {
		b.Versioning = status
		return nil
	})
	if err != nil {
		return engineError(err, r.Bucket, "")
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
