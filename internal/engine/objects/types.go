package objects

import (
	"io"
	"time"
)

// Versioning states of a bucket, as S3 names them. The zero value means
// versioning was never enabled (unversioned semantics).
const (
	VersioningEnabled   = "Enabled"
	VersioningSuspended = "Suspended"
)

// NullVersion is the version ID of objects written while versioning is not
// enabled (never enabled or suspended).
const NullVersion = "null"

// Checksum algorithms, spelled as S3 spells them in x-amz-checksum-algorithm.
const (
	CRC32     = "CRC32"
	CRC32C    = "CRC32C"
	CRC64NVME = "CRC64NVME"
	SHA1      = "SHA1"
	SHA256    = "SHA256"
)

// Checksum types, as in x-amz-checksum-type.
const (
	ChecksumFullObject = "FULL_OBJECT"
	ChecksumComposite  = "COMPOSITE"
)

// Bucket is a bucket and the configuration the S3 service keeps on it.
type Bucket struct {
	Name    string
	Region  string
	Created time.Time
	// Versioning is "" (never enabled), VersioningEnabled or VersioningSuspended.
	Versioning string
	Tags       map[string]string
	// Config holds opaque sub-resources the S3 service stores (for example
	// "cors" → the CORS configuration XML); the engine never reads them.
	Config map[string][]byte
}

// Object is one version of an object, or a delete marker.
type Object struct {
	Bucket    string
	Key       string
	VersionID string // NullVersion for writes while versioning is not enabled
	IsLatest  bool
	// DeleteMarker is true for a delete marker (no bytes, no Path).
	DeleteMarker bool
	Size         int64
	// ETag is quoted as S3 returns it: "\"<md5hex>\"" or, for a multipart
	// object, "\"<md5 of the part md5s>-N\"".
	ETag         string
	LastModified time.Time // millisecond precision
	ContentType  string
	// Metadata is the user metadata (x-amz-meta-*), names lower-cased and
	// without the prefix.
	Metadata map[string]string
	// Headers are the other stored response headers (Cache-Control,
	// Content-Disposition, Content-Encoding, Content-Language, Expires,
	// x-amz-website-redirect-location, x-amz-storage-class, ...), by the
	// name the S3 service chose.
	Headers map[string]string
	Tags    map[string]string
	// Checksum is the stored checksum; Algorithm is "" when none was asked for.
	Checksum Checksum
	// Parts lists the parts of an object made by CompleteMultipartUpload,
	// in order (for GET ?partNumber=N and GetObjectAttributes); nil otherwise.
	Parts []PartInfo
	// Path is the local file holding the bytes (empty for delete markers).
	// It is only valid while this version exists.
	Path string
}

// Checksum is a stored checksum.
type Checksum struct {
	Algorithm string // CRC32, CRC32C, CRC64NVME, SHA1, SHA256, or ""
	Type      string // ChecksumFullObject or ChecksumComposite
	// Value is base64, as S3 returns it; composite values end in "-N".
	Value string
}

// PartInfo describes one part of a multipart object.
type PartInfo struct {
	Number   int
	Size     int64
	ETag     string // quoted
	Checksum Checksum
}

// PutInput describes a PutObject (and, minus the body fields, a
// CreateMultipartUpload).
type PutInput struct {
	ContentType string
	Metadata    map[string]string
	Headers     map[string]string
	Tags        map[string]string
	// ContentMD5 is the expected MD5 of the body (decoded Content-MD5);
	// a mismatch gives ErrBadDigest.
	ContentMD5 []byte
	// ChecksumAlgorithm names a checksum to compute and store while writing.
	ChecksumAlgorithm string
	// ExpectedChecksum is the base64 value the client sent for
	// ChecksumAlgorithm; a mismatch gives ErrChecksumMismatch. Empty: none.
	ExpectedChecksum string
	// ExpectedChecksumFunc, if set, is called once the body has reached
	// EOF and before anything is committed, for a checksum that arrives
	// after the body (an aws-chunked trailer). A non-empty result is
	// checked like ExpectedChecksum; an error aborts the write and is
	// returned unchanged.
	ExpectedChecksumFunc func() (string, error)
	// Size is the declared body length, or -1 if unknown. A body shorter
	// or longer than a known size gives ErrIncompleteBody.
	Size int64
	// Precondition, if set, runs under the key's lock just before the
	// commit with the current latest version (nil if the key has none or
	// its latest is a delete marker); an error it returns aborts the write
	// and is returned unchanged (If-Match / If-None-Match on PUT).
	Precondition func(cur *Object) error
}

// DeleteInput carries the options of a DeleteObjectWith.
type DeleteInput struct {
	// Precondition, if set, runs under the key's lock before anything is
	// deleted, with the key's current version (nil if the key has none or
	// its latest is a delete marker), also when a version ID is named; an
	// error it returns aborts the delete and is returned unchanged
	// (If-Match on DeleteObject, ETag in a DeleteObjects entry).
	Precondition func(cur *Object) error
}

// DeleteResult is the outcome of a DeleteObject.
type DeleteResult struct {
	// VersionID is the version removed, or the ID of the delete marker
	// created; "" for a delete in a bucket that never had versioning.
	VersionID string
	// DeleteMarker is true when a delete marker was created, or when the
	// version removed was a delete marker.
	DeleteMarker bool
}

// ListInput selects objects for ListObjects.
type ListInput struct {
	Prefix    string
	Delimiter string
	// Marker is an exclusive start key (V1 marker, V2 start-after or the
	// decoded continuation token).
	Marker  string
	MaxKeys int // 0 returns nothing but IsTruncated; callers default to 1000
}

// ListOutput is one page of ListObjects.
type ListOutput struct {
	Objects        []Object
	CommonPrefixes []string
	IsTruncated    bool
	// NextMarker is the last key or common prefix returned; pass it as
	// Marker to get the next page.
	NextMarker string
}

// ListVersionsInput selects versions for ListObjectVersions.
type ListVersionsInput struct {
	Prefix          string
	Delimiter       string
	KeyMarker       string
	VersionIDMarker string
	MaxKeys         int
}

// ListVersionsOutput is one page of ListObjectVersions.
type ListVersionsOutput struct {
	// Versions holds versions and delete markers, keys in order and each
	// key's versions newest first.
	Versions            []Object
	CommonPrefixes      []string
	IsTruncated         bool
	NextKeyMarker       string
	NextVersionIDMarker string
}

// Upload is an in-progress multipart upload.
type Upload struct {
	Bucket    string
	Key       string
	UploadID  string
	Initiated time.Time
	// Input holds the attributes the object will get (its body fields
	// ContentMD5, ExpectedChecksum, Size and Precondition are unused).
	Input             PutInput
	ChecksumAlgorithm string
	ChecksumType      string
}

// Part is an uploaded part of a multipart upload.
type Part struct {
	Number       int
	Size         int64
	ETag         string // quoted
	LastModified time.Time
	Checksum     Checksum
}

// PartInput describes an UploadPart body.
type PartInput struct {
	ContentMD5        []byte
	ChecksumAlgorithm string // must match the upload's algorithm if set
	ExpectedChecksum  string // base64
	// ExpectedChecksumFunc is as in PutInput (a trailing checksum).
	ExpectedChecksumFunc func() (string, error)
	Size                 int64 // -1 if unknown
}

// CompletedPart is one entry of a CompleteMultipartUpload request.
type CompletedPart struct {
	Number int
	ETag   string // quoted or not
	// Checksum is the part's base64 checksum if the client sent one.
	Checksum string
}

// CompleteInput is a CompleteMultipartUpload request.
type CompleteInput struct {
	Parts []CompletedPart
	// Precondition as in PutInput (If-Match / If-None-Match on complete).
	Precondition func(cur *Object) error
	// ExpectedChecksum is the whole-object checksum the client sent
	// (x-amz-checksum-<alg>, "...-N" for composite); checked if set.
	ExpectedChecksum string
	// ChecksumType, if set, must match the upload's (x-amz-checksum-type).
	ChecksumType string
	// ObjectSize is x-amz-mp-object-size, or -1 if not sent.
	ObjectSize int64
}

// ListUploadsInput selects uploads for ListMultipartUploads.
type ListUploadsInput struct {
	Prefix         string
	Delimiter      string
	KeyMarker      string
	UploadIDMarker string
	MaxUploads     int
}

// ReadSeekCloser is an open object version.
type ReadSeekCloser = io.ReadSeekCloser
