package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"strings"
)

// WrapBody returns the request body to hand to a streaming service: for a
// signed payload, a reader that fails at EOF when the body's SHA-256 does
// not match; for aws-chunked payloads, the decoded content.
func WrapBody(r *http.Request, res *Result) (io.ReadCloser, error) {
	switch res.PayloadHash {
	case UnsignedPayload:
		return r.Body, nil
	case StreamingPayload, StreamingPayloadTrailer, StreamingUnsignedTrailer:
		return newChunkedReader(r, res)
	}
	if len(res.PayloadHash) != 64 || strings.ToLower(res.PayloadHash) != res.PayloadHash {
		return nil, &Error{Kind: Malformed, Message: "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value."}
	}
	return &hashingReader{rc: r.Body, h: sha256.New(), want: res.PayloadHash}, nil
}

type hashingReader struct {
	rc   io.ReadCloser
	h    hash.Hash
	want string
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.rc.Read(p)
	h.h.Write(p[:n])
	if err == io.EOF {
		if hex.EncodeToString(h.h.Sum(nil)) != h.want {
			return n, &Error{Kind: PayloadMismatch, Message: "The provided 'x-amz-content-sha256' header does not match what was computed."}
		}
	}
	return n, err
}

func (h *hashingReader) Close() error { return h.rc.Close() }
