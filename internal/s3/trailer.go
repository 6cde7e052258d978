package s3

import (
	"encoding/base64"
	"hash"
	"io"
	"net/http"
)

// applyChecksum decides the checksum a write computes and checks. A value
// sent in a header is handed to the engine as the expected value; a value
// that comes in an aws-chunked trailer is checked by a reader wrapped
// around the body once the body has been read; without either, the write
// computes defaultAlg ("" for none).
func applyChecksum(r *request, spec checksumSpec, defaultAlg string) (body io.Reader, alg, expected string) {
	body = r.Body
	if body == nil {
		body = http.NoBody
	}
	switch {
	case spec.Algorithm == "":
		return body, defaultAlg, ""
	case spec.Trailer:
		return &trailerChecker{r: body, req: r.Request, alg: spec.Algorithm, header: checksumHeader(spec.Algorithm), h: newChecksumHash(spec.Algorithm)}, spec.Algorithm, ""
	}
	return body, spec.Algorithm, spec.Value
}

// trailerChecker hashes a body as it is read and, at EOF, compares the
// digest with the checksum the client sent in the body's trailer. A
// mismatch is returned in place of EOF, so the write is abandoned.
type trailerChecker struct {
	r      io.Reader
	req    *http.Request
	alg    string
	header string
	h      hash.Hash
	done   bool
}

func (t *trailerChecker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.h.Write(p[:n])
	if err == io.EOF && !t.done {
		t.done = true
		if cerr := t.check(); cerr != nil {
			return n, cerr
		}
	}
	return n, err
}

func (t *trailerChecker) check() error {
	want := trailerValue(t.req, t.header)
	if want == "" {
		return errInvalidRequest("x-amz-trailer header specified, but the trailing checksum was not found in the request body.")
	}
	raw, err := base64.StdEncoding.DecodeString(want)
	if err != nil || len(raw) != t.h.Size() {
		return errInvalidRequest("Value for " + lower(t.header) + " trailing header is invalid.")
	}
	if base64.StdEncoding.EncodeToString(t.h.Sum(nil)) != want {
		return errChecksumMismatch(t.alg)
	}
	return nil
}

// trailerSource is implemented by the edge's aws-chunked body reader:
// the trailing headers, available once the body has been read to EOF.
type trailerSource interface {
	Trailer() http.Header
}

// trailerValue returns a trailing header of r's body: from the aws-chunked
// decoder, or from HTTP/1.1 chunked trailers.
func trailerValue(r *http.Request, name string) string {
	if ts, ok := r.Body.(trailerSource); ok {
		if v := ts.Trailer().Get(name); v != "" {
			return v
		}
	}
	return r.Trailer.Get(name)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
