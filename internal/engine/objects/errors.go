package objects

import "errors"

// Sentinel errors. Callers test them with errors.Is; the S3 service maps
// each to its S3 error code. Errors returned by a caller's Precondition
// function are passed through unchanged.
var (
	// ErrNoSuchBucket: the bucket does not exist (S3 NoSuchBucket, 404).
	ErrNoSuchBucket = errors.New("objects: no such bucket")
	// ErrNoSuchKey: the key has no current version, or its latest version is
	// a delete marker (S3 NoSuchKey, 404).
	ErrNoSuchKey = errors.New("objects: no such key")
	// ErrNoSuchVersion: a well-formed version ID that does not exist for the
	// key (S3 NoSuchVersion, 404).
	ErrNoSuchVersion = errors.New("objects: no such version")
	// ErrInvalidVersionID: a version ID that nubo never generates (S3
	// InvalidArgument "Invalid version id specified", 400).
	ErrInvalidVersionID = errors.New("objects: invalid version id")
	// ErrMethodNotAllowed: the requested version is a delete marker; S3
	// answers GET/HEAD on it with 405 MethodNotAllowed (and
	// x-amz-delete-marker: true). The marker is returned with the error.
	ErrMethodNotAllowed = errors.New("objects: version is a delete marker")
	// ErrBucketExists: CreateBucket on an existing bucket.
	ErrBucketExists = errors.New("objects: bucket already exists")
	// ErrBucketNotEmpty: DeleteBucket while any version or delete marker remains.
	ErrBucketNotEmpty = errors.New("objects: bucket not empty")
	// ErrInvalidBucketName: a name the engine cannot store safely (empty,
	// too long, starting with a dot, or holding '/', '\\' or NUL). The S3
	// service checks S3's stricter rules before calling the engine.
	ErrInvalidBucketName = errors.New("objects: invalid bucket name")
	// ErrInvalidKey: an empty key or one longer than 1024 bytes (S3 KeyTooLongError).
	ErrInvalidKey = errors.New("objects: invalid key")
	// ErrNoSuchUpload: unknown, aborted or completed multipart upload (404).
	ErrNoSuchUpload = errors.New("objects: no such upload")
	// ErrBadDigest: the body does not match Content-MD5 (S3 BadDigest, 400).
	ErrBadDigest = errors.New("objects: content-md5 mismatch")
	// ErrChecksumMismatch: the body does not match the x-amz-checksum-*
	// value (S3 BadDigest, 400, "The CRC32 you specified did not match the
	// calculated checksum.").
	ErrChecksumMismatch = errors.New("objects: checksum mismatch")
	// ErrInvalidChecksum: an algorithm/type combination S3 rejects, or a
	// checksum value that is not valid base64 of the right length (S3
	// InvalidRequest / InvalidArgument, 400).
	ErrInvalidChecksum = errors.New("objects: invalid checksum")
	// ErrInvalidPart: a completed part that was not uploaded or whose ETag
	// or checksum does not match (S3 InvalidPart, 400).
	ErrInvalidPart = errors.New("objects: invalid part")
	// ErrInvalidPartOrder: part numbers not in ascending order (S3 InvalidPartOrder, 400).
	ErrInvalidPartOrder = errors.New("objects: invalid part order")
	// ErrEntityTooSmall: a part other than the last is below 5 MiB (S3 EntityTooSmall, 400).
	ErrEntityTooSmall = errors.New("objects: entity too small")
	// ErrInvalidPartNumber: a part number outside 1..10000 (S3
	// InvalidArgument "Part number must be an integer between 1 and 10000,
	// inclusive", 400).
	ErrInvalidPartNumber = errors.New("objects: invalid part number")
	// ErrObjectSizeMismatch: x-amz-mp-object-size differs from the sum of
	// the parts (S3 InvalidRequest, 400).
	ErrObjectSizeMismatch = errors.New("objects: object size mismatch")
	// ErrIncompleteBody: the body is shorter or longer than the declared
	// size (S3 IncompleteBody, 400).
	ErrIncompleteBody = errors.New("objects: incomplete body")
	// ErrDiskFull: the disk ran out of space (ENOSPC). Nothing was written.
	// S3 has no exact equivalent; answer 503 ServiceUnavailable or 500 InternalError.
	ErrDiskFull = errors.New("objects: disk full")
	// ErrClosed: the engine was closed.
	ErrClosed = errors.New("objects: engine closed")
)
