package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
)

// CheckPayloadHash validates an x-amz-content-sha256 value: one of the
// markers nubo decodes, or a lower-case hex SHA-256.
func CheckPayloadHash(v string) error {
	switch v {
	case UnsignedPayload, StreamingPayload, StreamingPayloadTrailer, StreamingUnsignedTrailer:
		return nil
	}
	if len(v) != 2*sha256.Size {
		return badContentSHA256(v)
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return badContentSHA256(v)
		}
	}
	return nil
}

// WrapBody returns the request body to hand to a streaming service:
//   - UNSIGNED-PAYLOAD: the body as sent;
//   - a hex digest: a reader that fails at EOF when the body's SHA-256
//     differs (PayloadMismatch);
//   - the STREAMING-* markers: the decoded aws-chunked content (see
//     chunked.go), after which r.ContentLength is the decoded length,
//     "aws-chunked" is gone from Content-Encoding, and r.Trailer holds the
//     announced trailing headers, filled in when the body reaches EOF.
//
// Every error a returned reader gives (other than io.EOF) is an *Error, so
// a service can tell a bad body from its own failures.
func WrapBody(r *http.Request, res *Result) (io.ReadCloser, error) {
	switch res.PayloadHash {
	case UnsignedPayload:
		return &plainBody{rc: r.Body, expected: r.ContentLength}, nil
	case StreamingPayload, StreamingPayloadTrailer, StreamingUnsignedTrailer:
		return newChunkedReader(r, res)
	}
	if err := CheckPayloadHash(res.PayloadHash); err != nil {
		return nil, err
	}
	return &hashingBody{plainBody: plainBody{rc: r.Body, expected: r.ContentLength}, h: sha256.New(), want: res.PayloadHash}, nil
}

// plainBody passes the body through and turns transport failures into
// *Error values: a body shorter than its Content-Length is a
// LengthMismatch, any other read failure an IncompleteBody.
type plainBody struct {
	rc       io.ReadCloser
	expected int64
	n        int64
	err      error
}

func (b *plainBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.rc.Read(p)
	b.n += int64(n)
	if err != nil && err != io.EOF {
		err = transportError(err, b.expected, b.n)
		b.err = err
	}
	return n, err
}

func (b *plainBody) Close() error { return b.rc.Close() }

func transportError(err error, expected, provided int64) error {
	var se *Error
	switch {
	case errors.As(err, &se):
		return se
	case errors.Is(err, io.ErrUnexpectedEOF) && expected >= 0:
		e := lengthMismatch(expected, provided)
		e.Err = err
		return e
	}
	return incompleteBody(err)
}

// hashingBody checks the declared payload SHA-256 when the body ends.
type hashingBody struct {
	plainBody
	h    hash.Hash
	want string
}

func (b *hashingBody) Read(p []byte) (int, error) {
	n, err := b.plainBody.Read(p)
	b.h.Write(p[:n])
	if err == io.EOF {
		var sum [sha256.Size]byte
		got := hex.EncodeToString(b.h.Sum(sum[:0]))
		if got != b.want {
			b.err = &Error{Kind: PayloadMismatch, Message: msgPayloadMismatch, ClientSHA256: b.want, ServerSHA256: got}
			return n, b.err
		}
	}
	return n, err
}
