package objects

import (
	"fmt"
	"maps"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// The records below are what the engine stores in the KV store, encoded
// as CBOR with integer keys: compact, and new fields can be added without
// breaking old data. Times are Unix milliseconds (S3's precision).

// bucketRecord is stored at o/b/<name>.
type bucketRecord struct {
	Name       string            `cbor:"1,keyasint"`
	Region     string            `cbor:"2,keyasint,omitempty"`
	Created    int64             `cbor:"3,keyasint"`
	Versioning string            `cbor:"4,keyasint,omitempty"`
	Tags       map[string]string `cbor:"5,keyasint,omitempty"`
	Config     map[string][]byte `cbor:"6,keyasint,omitempty"`
}

// checksumRecord is a stored checksum.
type checksumRecord struct {
	Algorithm string `cbor:"1,keyasint,omitempty"`
	Type      string `cbor:"2,keyasint,omitempty"`
	Value     string `cbor:"3,keyasint,omitempty"`
}

// partRecord is an uploaded part (o/p/...) and, inside an object record,
// one part of a multipart object.
type partRecord struct {
	Number   int            `cbor:"1,keyasint"`
	Size     int64          `cbor:"2,keyasint"`
	ETag     string         `cbor:"3,keyasint"`
	Modified int64          `cbor:"4,keyasint,omitempty"`
	Checksum checksumRecord `cbor:"5,keyasint,omitempty"`
	// File is the part's file relative to the root (uploads only).
	File string `cbor:"6,keyasint,omitempty"`
}

// objectRecord is one version (o/v/...).
type objectRecord struct {
	VersionID    string            `cbor:"1,keyasint"`
	DeleteMarker bool              `cbor:"2,keyasint,omitempty"`
	Size         int64             `cbor:"3,keyasint,omitempty"`
	ETag         string            `cbor:"4,keyasint,omitempty"`
	Modified     int64             `cbor:"5,keyasint"`
	ContentType  string            `cbor:"6,keyasint,omitempty"`
	Metadata     map[string]string `cbor:"7,keyasint,omitempty"`
	Headers      map[string]string `cbor:"8,keyasint,omitempty"`
	Tags         map[string]string `cbor:"9,keyasint,omitempty"`
	Checksum     checksumRecord    `cbor:"10,keyasint,omitempty"`
	Parts        []partRecord      `cbor:"11,keyasint,omitempty"`
	// File is the object's file relative to the root; empty for markers.
	File string `cbor:"12,keyasint,omitempty"`
	// Upload is the ID of the multipart upload that made this version.
	Upload string `cbor:"13,keyasint,omitempty"`
}

// uploadRecord is an in-progress multipart upload (o/u/...).
type uploadRecord struct {
	Initiated         int64             `cbor:"1,keyasint"`
	ContentType       string            `cbor:"2,keyasint,omitempty"`
	Metadata          map[string]string `cbor:"3,keyasint,omitempty"`
	Headers           map[string]string `cbor:"4,keyasint,omitempty"`
	Tags              map[string]string `cbor:"5,keyasint,omitempty"`
	ChecksumAlgorithm string            `cbor:"6,keyasint,omitempty"`
	ChecksumType      string            `cbor:"7,keyasint,omitempty"`
}

// completedRecord remembers a completed upload so a retried
// CompleteMultipartUpload with the same parts returns the same object.
type completedRecord struct {
	Bucket    string `cbor:"1,keyasint"`
	Key       string `cbor:"2,keyasint"`
	VersionID string `cbor:"3,keyasint"`
	Seq       uint64 `cbor:"4,keyasint"`
	// PartsDigest is a SHA-256 over the completed part numbers and ETags.
	PartsDigest []byte `cbor:"5,keyasint"`
	Completed   int64  `cbor:"6,keyasint"`
}

func encode(v any) ([]byte, error) {
	b, err := cbor.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("objects: encoding record: %w", err)
	}
	return b, nil
}

func decode(b []byte, v any) error {
	if err := cbor.Unmarshal(b, v); err != nil {
		return fmt.Errorf("objects: corrupt record: %w", err)
	}
	return nil
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func (c checksumRecord) public() Checksum {
	return Checksum{Algorithm: c.Algorithm, Type: c.Type, Value: c.Value}
}

func (b *bucketRecord) public() Bucket {
	return Bucket{
		Name:       b.Name,
		Region:     b.Region,
		Created:    msTime(b.Created),
		Versioning: b.Versioning,
		Tags:       maps.Clone(b.Tags),
		Config:     cloneConfig(b.Config),
	}
}

func cloneConfig(m map[string][]byte) map[string][]byte {
	if m == nil {
		return nil
	}
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = append([]byte(nil), v...)
	}
	return out
}

// object turns a version record into the public Object; root is joined to
// the file path.
func (r *objectRecord) object(e *Engine, bucket, key string, latest bool) Object {
	o := Object{
		Bucket:       bucket,
		Key:          key,
		VersionID:    r.VersionID,
		IsLatest:     latest,
		DeleteMarker: r.DeleteMarker,
		Size:         r.Size,
		ETag:         r.ETag,
		LastModified: msTime(r.Modified),
		ContentType:  r.ContentType,
		Metadata:     r.Metadata,
		Headers:      r.Headers,
		Tags:         r.Tags,
		Checksum:     r.Checksum.public(),
	}
	if r.File != "" {
		o.Path = e.abs(r.File)
	}
	if len(r.Parts) > 0 {
		o.Parts = make([]PartInfo, len(r.Parts))
		for i, p := range r.Parts {
			o.Parts[i] = PartInfo{Number: p.Number, Size: p.Size, ETag: p.ETag, Checksum: p.Checksum.public()}
		}
	}
	return o
}

func (p *partRecord) public() Part {
	return Part{
		Number:       p.Number,
		Size:         p.Size,
		ETag:         p.ETag,
		LastModified: msTime(p.Modified),
		Checksum:     p.Checksum.public(),
	}
}

func (u *uploadRecord) public(bucket, key string, id uploadID) Upload {
	return Upload{
		Bucket:    bucket,
		Key:       key,
		UploadID:  id.String(),
		Initiated: msTime(u.Initiated),
		Input: PutInput{
			ContentType:       u.ContentType,
			Metadata:          u.Metadata,
			Headers:           u.Headers,
			Tags:              u.Tags,
			ChecksumAlgorithm: u.ChecksumAlgorithm,
			Size:              -1,
		},
		ChecksumAlgorithm: u.ChecksumAlgorithm,
		ChecksumType:      u.ChecksumType,
	}
}
