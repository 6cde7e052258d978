package glue

import (
	"net/http"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Glue's error codes. Glue renders them in awsJson 1.1 with a "Message" member.
func errNotFound(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("EntityNotFoundException", http.StatusBadRequest, format, args...)
}

func errExists(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("AlreadyExistsException", http.StatusBadRequest, format, args...)
}

func errInvalid(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("InvalidInputException", http.StatusBadRequest, format, args...)
}

func errCrawlerRunning(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("CrawlerRunningException", http.StatusBadRequest, format, args...)
}

func errCrawlerNotRunning(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("CrawlerNotRunningException", http.StatusBadRequest, format, args...)
}

func errCrawlerStopping(format string, args ...any) *awsproto.Error {
	return awsproto.NewError("CrawlerStoppingException", http.StatusBadRequest, format, args...)
}

// errorDetail renders err as a per-entry error of a batch operation.
func errorDetail(err error) *awsglue.ErrorDetail {
	e := awsproto.AsError(err)
	return &awsglue.ErrorDetail{ErrorCode: e.Code, ErrorMessage: e.Message}
}

// codeOf is the AWS error code of err ("InternalFailure" for other errors).
func codeOf(err error) string { return awsproto.AsError(err).Code }
