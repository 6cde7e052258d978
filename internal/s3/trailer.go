package s3

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"

	"github.com/nubo-dev/nubo/internal/edge/sigv4"
)

// bodyChecksum is what a write asks the engine to compute and check: the
// algorithm, and the expected value either from a header (Expected) or,
// for a checksum that arrives in an aws-chunked trailer, from a function
// the engine calls once the body has been read (ExpectedFunc). Either way
// the engine hashes the body once.
type bodyChecksum struct {
	Algorithm    string
	Expected     string
	ExpectedFunc func() (string, error)
}

// applyChecksum decides the checksum a write computes and checks; without
// a checksum in the request the write computes defaultAlg ("" for none).
// It returns the body to hand to the engine.
func applyChecksum(r *request, spec checksumSpec, defaultAlg string) (io.Reader, bodyChecksum) {
	var body io.Reader = http.NoBody
	if r.Body != nil {
		body = r.Body
	}
	switch {
	case spec.Algorithm == "":
		return body, bodyChecksum{Algorithm: defaultAlg}
	case spec.Trailer:
		return body, bodyChecksum{Algorithm: spec.Algorithm, ExpectedFunc: trailingChecksum(r.Request, spec.Algorithm)}
	}
	return body, bodyChecksum{Algorithm: spec.Algorithm, Expected: spec.Value}
}

// trailingChecksum returns the function that reads alg's value from the
// body's trailer once the body has reached EOF. A missing or malformed
// value gets S3's InvalidRequest; comparing it with the body is the
// engine's job.
func trailingChecksum(r *http.Request, alg string) func() (string, error) {
	header := checksumHeader(alg)
	return func() (string, error) {
		want := trailerValue(r, header)
		if want == "" {
			return "", errInvalidRequest("x-amz-trailer header specified, but the trailing checksum was not found in the request body.")
		}
		if raw, err := base64.StdEncoding.DecodeString(want); err != nil || len(raw) != checksumSize(alg) {
			return "", errInvalidRequest("Value for " + strings.ToLower(header) + " trailing header is invalid.")
		}
		return want, nil
	}
}

// trailerValue returns a trailing header of r's body: from the edge's
// aws-chunked decoder, or from HTTP/1.1 chunked trailers.
func trailerValue(r *http.Request, name string) string {
	if v := sigv4.Trailers(r.Body).Get(name); v != "" {
		return v
	}
	return r.Trailer.Get(name)
}
