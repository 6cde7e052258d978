package s3

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// S3's own error codes and messages, as AWS sends them.

func errAccessDenied() *awsproto.Error {
	return awsproto.NewError("AccessDenied", http.StatusForbidden, "Access Denied")
}

func errNoSuchBucket(bucket string) *awsproto.Error {
	return awsproto.NewError("NoSuchBucket", http.StatusNotFound, "The specified bucket does not exist").With("BucketName", bucket)
}

func errNoSuchKey(key string) *awsproto.Error {
	return awsproto.NewError("NoSuchKey", http.StatusNotFound, "The specified key does not exist.").With("Key", key)
}

func errNoSuchVersion(key, versionID string) *awsproto.Error {
	return awsproto.NewError("NoSuchVersion", http.StatusNotFound, "The specified version does not exist.").
		With("Key", key).With("VersionId", versionID)
}

func errNoSuchUpload(uploadID string) *awsproto.Error {
	return awsproto.NewError("NoSuchUpload", http.StatusNotFound,
		"The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.").
		With("UploadId", uploadID)
}

func errBucketAlreadyOwnedByYou(bucket string) *awsproto.Error {
	return awsproto.NewError("BucketAlreadyOwnedByYou", http.StatusConflict,
		"Your previous request to create the named bucket succeeded and you already own it.").With("BucketName", bucket)
}

func errBucketNotEmpty(bucket string) *awsproto.Error {
	return awsproto.NewError("BucketNotEmpty", http.StatusConflict, "The bucket you tried to delete is not empty").With("BucketName", bucket)
}

func errInvalidBucketName(bucket string) *awsproto.Error {
	return awsproto.NewError("InvalidBucketName", http.StatusBadRequest, "The specified bucket is not valid.").With("BucketName", bucket)
}

func errMalformedXML() *awsproto.Error {
	return awsproto.NewError("MalformedXML", http.StatusBadRequest,
		"The XML you provided was not well-formed or did not validate against our published schema")
}

func errInvalidArgument(msg, name, value string) *awsproto.Error {
	e := awsproto.NewError("InvalidArgument", http.StatusBadRequest, "%s", msg)
	if name != "" {
		e = e.With("ArgumentName", name).With("ArgumentValue", value)
	}
	return e
}

func errInvalidRequest(msg string) *awsproto.Error {
	return awsproto.NewError("InvalidRequest", http.StatusBadRequest, "%s", msg)
}

func errInvalidDigest(md5 string) *awsproto.Error {
	return awsproto.NewError("InvalidDigest", http.StatusBadRequest, "The Content-MD5 you specified is not valid.").With("Content-MD5", md5)
}

func errBadDigest() *awsproto.Error {
	return awsproto.NewError("BadDigest", http.StatusBadRequest, "The Content-MD5 you specified did not match what we received.")
}

func errIncompleteBody() *awsproto.Error {
	return awsproto.NewError("IncompleteBody", http.StatusBadRequest, "You did not provide the number of bytes specified by the Content-Length HTTP header")
}

func errMissingContentLength() *awsproto.Error {
	return awsproto.NewError("MissingContentLength", http.StatusLengthRequired, "You must provide the Content-Length HTTP header.")
}

func errEntityTooLarge(size, max int64) *awsproto.Error {
	return awsproto.NewError("EntityTooLarge", http.StatusBadRequest, "Your proposed upload exceeds the maximum allowed size").
		With("ProposedSize", strconv.FormatInt(size, 10)).With("MaxSizeAllowed", strconv.FormatInt(max, 10))
}

func errPreconditionFailed(condition string) *awsproto.Error {
	return awsproto.NewError("PreconditionFailed", http.StatusPreconditionFailed,
		"At least one of the pre-conditions you specified did not hold").With("Condition", condition)
}

func errInvalidRange(rangeHeader string, size int64) *awsproto.Error {
	return awsproto.NewError("InvalidRange", http.StatusRequestedRangeNotSatisfiable, "The requested range is not satisfiable").
		With("RangeRequested", rangeHeader).With("ActualObjectSize", strconv.FormatInt(size, 10))
}

func errMethodNotAllowed(method, resourceType string) *awsproto.Error {
	return awsproto.NewError("MethodNotAllowed", http.StatusMethodNotAllowed, "The specified method is not allowed against this resource.").
		With("Method", method).With("ResourceType", resourceType)
}

func errKeyTooLong() *awsproto.Error {
	return awsproto.NewError("KeyTooLongError", http.StatusBadRequest, "Your key is too long").
		With("MaxSizeAllowed", "1024")
}

func errNotImplementedHeader(header string) *awsproto.Error {
	return awsproto.NewError("NotImplemented", http.StatusNotImplemented,
		"A header you provided implies functionality that is not implemented").With("Header", header)
}

// errServiceUnavailable is what nubo answers when the disk is full. S3
// answers 503 when it cannot take a write for now; SDKs retry it with
// backoff, and nothing of the request was kept.
func errServiceUnavailable() *awsproto.Error {
	return &awsproto.Error{Code: "ServiceUnavailable", HTTPStatus: http.StatusServiceUnavailable,
		Message: "Please reduce your request rate."}
}

func errInternal() *awsproto.Error {
	return &awsproto.Error{Code: "InternalError", HTTPStatus: http.StatusInternalServerError,
		Message: "We encountered an internal error. Please try again."}
}

// engineError maps the object engine's sentinel errors onto S3 errors for
// the bucket and key of the request; anything unknown is returned unchanged
// (ServeHTTP logs it and answers InternalError).
func engineError(err error, bucket, key string) error {
	var ae *awsproto.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, objects.ErrNoSuchBucket):
		return errNoSuchBucket(bucket)
	case errors.Is(err, objects.ErrNoSuchKey):
		return errNoSuchKey(key)
	}
	return err
}

func errInvalidURI() *awsproto.Error {
	return awsproto.NewError("InvalidURI", http.StatusBadRequest, "Couldn't parse the specified URI.")
}
