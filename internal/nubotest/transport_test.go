package nubotest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/nubo-dev/nubo/internal/sdkhttp"
)

// gate sits under the transport under test. It holds net/http's check for
// extra request-body bytes (a WriteTo call after the declared length was
// sent) until the SDK has closed the body, which is the interleaving a
// loaded machine produces, and reports what the check returned.
type gate struct {
	base    http.RoundTripper
	release chan struct{}
	checked chan error
}

func (g gate) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := *r
	r2.Body = gatedBody{r.Body, g}
	return g.base.RoundTrip(&r2)
}

type gatedBody struct {
	io.ReadCloser
	g gate
}

func (b gatedBody) WriteTo(w io.Writer) (int64, error) {
	select {
	case <-b.g.release:
	case <-time.After(10 * time.Second): // never reached unless net/http changes
	}
	n, err := io.Copy(w, b.ReadCloser)
	b.g.checked <- err
	return n, err
}

// closingClient closes the request body as soon as Do returns, as the
// SDK's ClientHandler does, and then lets the gate go.
type closingClient struct {
	c       *http.Client
	release chan struct{}
}

func (c closingClient) Do(r *http.Request) (*http.Response, error) {
	resp, err := c.c.Do(r)
	r.Body.Close()
	close(c.release)
	return resp, err
}

func TestTransportSurvivesBodyClosedBeforeWriteFinished(t *testing.T) {
	s := Start(t)
	tests := []struct {
		name    string
		wrap    func(http.RoundTripper) http.RoundTripper
		wantEOF bool
	}{
		// Documents the race the wrapper exists for: the SDK's body answers
		// io.EOF from WriteTo after Close, and net/http then drops the
		// connection. If this case starts failing, smithy-go fixed it.
		{"bare transport", func(rt http.RoundTripper) http.RoundTripper { return rt }, true},
		{"sdkhttp transport", sdkhttp.Transport, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := gate{base: &http.Transport{}, release: make(chan struct{}), checked: make(chan error, 1)}
			defer g.base.(*http.Transport).CloseIdleConnections()
			cfg := s.Config()
			cfg.HTTPClient = closingClient{&http.Client{Transport: tc.wrap(g)}, g.release}
			_, err := kinesis.NewFromConfig(cfg).ListStreams(context.Background(), &kinesis.ListStreamsInput{})
			checkErr := <-g.checked
			if gotEOF := errors.Is(checkErr, io.EOF); gotEOF != tc.wantEOF {
				t.Fatalf("extra-bytes check returned %v, want io.EOF: %v", checkErr, tc.wantEOF)
			}
			if !tc.wantEOF && err != nil {
				t.Fatalf("ListStreams: %v", err)
			}
		})
	}
}
