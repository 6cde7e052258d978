package s3

import (
	"net/http"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// etagMatches reports whether an If-Match / If-None-Match list (one or
// more entity tags, quoted or not, or "*") matches etag.
func etagMatches(list, etag string) bool {
	want := strings.Trim(etag, `"`)
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		t = strings.TrimPrefix(t, "W/")
		if t == "*" || strings.Trim(t, `"`) == want {
			return true
		}
	}
	return false
}

// conditions are the four HTTP preconditions of a read or a copy source.
type conditions struct {
	IfMatch, IfNoneMatch               string
	IfModifiedSince, IfUnmodifiedSince string
}

func readConditions(h http.Header) conditions {
	return conditions{
		IfMatch: h.Get("If-Match"), IfNoneMatch: h.Get("If-None-Match"),
		IfModifiedSince: h.Get("If-Modified-Since"), IfUnmodifiedSince: h.Get("If-Unmodified-Since"),
	}
}

func readCopySourceConditions(h http.Header) conditions {
	return conditions{
		IfMatch: h.Get("X-Amz-Copy-Source-If-Match"), IfNoneMatch: h.Get("X-Amz-Copy-Source-If-None-Match"),
		IfModifiedSince: h.Get("X-Amz-Copy-Source-If-Modified-Since"), IfUnmodifiedSince: h.Get("X-Amz-Copy-Source-If-Unmodified-Since"),
	}
}

// outcome of evaluating conditions.
type outcome int

const (
	proceed     outcome = iota
	failed              // 412 Precondition Failed
	notModified         // 304 Not Modified
)

// evaluate applies RFC 7232's order, which S3 follows: If-Match (else
// If-Unmodified-Since) can fail the request; then If-None-Match (else
// If-Modified-Since) can answer "not modified". When If-Match holds,
// If-Unmodified-Since is not consulted; when If-None-Match is present,
// If-Modified-Since is not. Dates compare at one-second precision.
func (c conditions) evaluate(o objects.Object) (outcome, string) {
	lm := o.LastModified.Truncate(time.Second)
	if c.IfMatch != "" {
		if !etagMatches(c.IfMatch, o.ETag) {
			return failed, "If-Match"
		}
	} else if t, ok := httpDate(c.IfUnmodifiedSince); ok && lm.After(t) {
		return failed, "If-Unmodified-Since"
	}
	if c.IfNoneMatch != "" {
		if etagMatches(c.IfNoneMatch, o.ETag) {
			return notModified, "If-None-Match"
		}
	} else if t, ok := httpDate(c.IfModifiedSince); ok && !lm.After(t) {
		return notModified, "If-Modified-Since"
	}
	return proceed, ""
}

// checkReadConditions answers 412 or 304 for a GET or HEAD whose
// preconditions do not hold.
func checkReadConditions(r *request, o objects.Object) error {
	res, cond := readConditions(r.Header).evaluate(o)
	switch res {
	case failed:
		return errPreconditionFailed(cond)
	case notModified:
		e := &awsproto.Error{Code: "NotModified", Message: "Not Modified", HTTPStatus: http.StatusNotModified, Header: http.Header{}}
		e.Header.Set("ETag", o.ETag)
		e.Header.Set("Last-Modified", o.LastModified.UTC().Format(http.TimeFormat))
		return e
	}
	return nil
}

// checkCopySourceConditions: for a copy, every failed condition is a 412
// naming the x-amz-copy-source-* header.
func checkCopySourceConditions(h http.Header, o objects.Object) error {
	res, cond := readCopySourceConditions(h).evaluate(o)
	if res == proceed {
		return nil
	}
	return errPreconditionFailed("x-amz-copy-source-" + cond)
}
