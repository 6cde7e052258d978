package sigv4

import (
	"io"
	"net/http"
)

// newChunkedReader decodes an aws-chunked body.
func newChunkedReader(r *http.Request, res *Result) (io.ReadCloser, error) {
	return nil, &Error{Kind: Malformed, Message: "aws-chunked bodies are not decoded yet"}
}
