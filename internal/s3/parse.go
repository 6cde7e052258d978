package s3

import (
	"bytes"

	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// The parsers of S3's request documents. Each takes the raw body and
// returns validated values or the S3 error for it; they never panic on any
// input (see the fuzz targets in parse_test.go).

// parseCompleteBody reads a CompleteMultipartUpload document.
func parseCompleteBody(data []byte) ([]objects.CompletedPart, error) {
	var doc completeInput
	if err := unmarshalXML(data, &doc); err != nil {
		return nil, err
	}
	// S3 answers MalformedXML for a document without parts, as for one
	// that does not fit its schema.
	if len(doc.Parts) == 0 || len(doc.Parts) > maxParts {
		return nil, errMalformedXML()
	}
	parts := make([]objects.CompletedPart, len(doc.Parts))
	for i, p := range doc.Parts {
		if p.PartNumber < 1 || p.PartNumber > maxParts {
			return nil, errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "PartNumber", "")
		}
		_, v := p.checksumFields.value()
		parts[i] = objects.CompletedPart{Number: p.PartNumber, ETag: p.ETag, Checksum: v}
	}
	return parts, nil
}

// deleteRequest is a parsed Delete document.
type deleteRequest struct {
	Quiet   bool
	Objects []objectID
}

type objectID struct {
	Key, VersionID string
	// ETag, if set, must match the key's current version (a conditional
	// delete, like If-Match on DeleteObject).
	ETag string
	// SizeOrTime is true when the entry names a LastModifiedTime or Size
	// that must match, which S3 supports only in directory buckets.
	SizeOrTime bool
}

// parseDeleteBody reads a Delete document (DeleteObjects): 1 to 1000 keys.
func parseDeleteBody(data []byte) (deleteRequest, error) {
	var in deleteInput
	if err := unmarshalXML(data, &in); err != nil {
		return deleteRequest{}, err
	}
	if len(in.Objects) == 0 || len(in.Objects) > maxDeleteObjects {
		return deleteRequest{}, errMalformedXML()
	}
	out := deleteRequest{Quiet: in.Quiet, Objects: make([]objectID, len(in.Objects))}
	for i, o := range in.Objects {
		out.Objects[i] = objectID{Key: o.Key, VersionID: o.VersionID, ETag: o.ETag, SizeOrTime: o.LastModifiedTime != "" || o.Size != ""}
	}
	return out, nil
}

// parseTaggingBody reads a Tagging document with at most max tags.
func parseTaggingBody(data []byte, max int) (map[string]string, error) {
	var in taggingInput
	if err := unmarshalXML(data, &in); err != nil {
		return nil, err
	}
	if in.TagSet == nil {
		return nil, errMalformedXML()
	}
	return validateTags(in.TagSet.Tags, max)
}

// parseCORSBody reads a CORSConfiguration document.
func parseCORSBody(data []byte) ([]corsRule, error) {
	var in corsInput
	if err := unmarshalXML(data, &in); err != nil {
		return nil, err
	}
	if err := validateCORS(in.Rules); err != nil {
		return nil, err
	}
	return in.Rules, nil
}

// parseCreateBucketBody reads an optional CreateBucketConfiguration
// document and returns its LocationConstraint (nil when absent).
func parseCreateBucketBody(data []byte) (*string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	var cfg createBucketConfiguration
	if err := unmarshalXML(data, &cfg); err != nil {
		return nil, err
	}
	if cfg.Location != nil || cfg.Bucket != nil {
		return nil, errInvalidArgument("Directory bucket configuration is not supported by general purpose buckets.", "", "")
	}
	return cfg.LocationConstraint, nil
}

// parseVersioningBody reads a VersioningConfiguration document. status is
// "" when the document has no Status (which changes nothing).
func parseVersioningBody(data []byte) (status string, err error) {
	var in versioningInput
	if err := unmarshalXML(data, &in); err != nil {
		return "", err
	}
	if in.MfaDelete != nil && *in.MfaDelete != "Disabled" {
		if *in.MfaDelete != "Enabled" {
			return "", errMalformedXML()
		}
		return "", errNotImplementedHeader("x-amz-mfa")
	}
	if in.Status == nil {
		return "", nil
	}
	if *in.Status != objects.VersioningEnabled && *in.Status != objects.VersioningSuspended {
		return "", errMalformedXML()
	}
	return *in.Status, nil
}
