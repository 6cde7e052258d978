// Package sdkhttp holds HTTP plumbing for nubo's own aws-sdk-go-v2 clients (tests and
// the bench tools).
package sdkhttp

import (
	"io"
	"net/http"
)

// Transport wraps base so that aws-sdk-go-v2 requests cannot lose their
// connection to a race between the SDK and net/http.
//
// After writing a body of known length, net/http copies the rest of the body
// to io.Discard to check that it held no extra bytes. smithy-go's request
// body implements io.WriterTo, and its WriteTo answers io.EOF once the SDK
// has closed the body, which the SDK does as soon as the response headers
// are in. When the writing goroutine is descheduled between the two steps
// (a loaded machine), that io.EOF reaches net/http as a write error and it
// closes the connection while the response body is still being read: the
// caller sees "use of closed network connection" on a 200 response. Hiding
// WriteTo makes the check use Read, whose io.EOF io.Copy takes as the end.
func Transport(base http.RoundTripper) http.RoundTripper { return sdkBodyTransport{base} }

type sdkBodyTransport struct{ base http.RoundTripper }

func (t sdkBodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if _, ok := r.Body.(io.WriterTo); !ok {
		return t.base.RoundTrip(r)
	}
	// A RoundTripper must not modify the request it was given.
	r2 := *r
	r2.Body = readOnlyBody{r.Body}
	return t.base.RoundTrip(&r2)
}

// readOnlyBody exposes only Read and Close of a request body.
type readOnlyBody struct{ io.ReadCloser }

var _ http.RoundTripper = sdkBodyTransport{}
