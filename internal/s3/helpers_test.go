package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// env is a running nubo and an S3 client for it.
type env struct {
	t   *testing.T
	srv *nubotest.Server
	c   *s3.Client
	ctx context.Context
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := nubotest.Start(t)
	return &env{t: t, srv: srv, c: pathClient(srv.URL), ctx: context.Background()}
}

// pathClient is an S3 client using path-style addressing, with the
// checksum behaviour config.LoadDefaultConfig gives (a CRC32 on every
// upload, response validation when supported).
func pathClient(url string, opts ...func(*s3.Options)) *s3.Client {
	return s3.NewFromConfig(sdkDefaults(nubotest.ConfigFor(url)), append([]func(*s3.Options){func(o *s3.Options) { o.UsePathStyle = true }}, opts...)...)
}

func sdkDefaults(cfg aws.Config) aws.Config {
	cfg.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenSupported
	cfg.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenSupported
	return cfg
}

// tlsLikeClient makes the SDK believe it talks HTTPS (so that, like against
// AWS, it streams PutObject bodies as aws-chunked with a trailing checksum)
// while the transport sends plain HTTP to nubo.
func tlsLikeClient(url string) *s3.Client {
	cfg := sdkDefaults(nubotest.ConfigFor(strings.Replace(url, "http://", "https://", 1)))
	cfg.HTTPClient = &http.Client{Transport: schemeRewriter{http.DefaultTransport}}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

type schemeRewriter struct{ rt http.RoundTripper }

func (s schemeRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme = "http"
	return s.rt.RoundTrip(r)
}

// virtualHostClient addresses buckets as <bucket>.localhost:PORT; every
// connection goes to the server whatever name it was for, since the
// system resolver does not know *.localhost.
func virtualHostClient(srvURL string) *s3.Client {
	addr := strings.TrimPrefix(srvURL, "http://")
	_, port, _ := net.SplitHostPort(addr)
	cfg := sdkDefaults(nubotest.ConfigFor("http://localhost:" + port))
	var d net.Dialer
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = false })
}

func (e *env) bucket(name string) string {
	e.t.Helper()
	if _, err := e.c.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		e.t.Fatalf("CreateBucket %s: %v", name, err)
	}
	return name
}

func (e *env) put(bucket, key string, data []byte, mods ...func(*s3.PutObjectInput)) *s3.PutObjectOutput {
	e.t.Helper()
	in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)}
	for _, m := range mods {
		m(in)
	}
	out, err := e.c.PutObject(e.ctx, in)
	if err != nil {
		e.t.Fatalf("PutObject %s/%s: %v", bucket, key, err)
	}
	return out
}

func (e *env) get(bucket, key string) []byte {
	e.t.Helper()
	out, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		e.t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return data
}

// wantErr checks that err is an S3 error with the code and HTTP status.
func wantErr(t *testing.T, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected %s (%d), got success", code, status)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("expected %s (%d), got %v", code, status, err)
	}
	var re *smithyhttp.ResponseError
	gotStatus := 0
	if errors.As(err, &re) {
		gotStatus = re.HTTPStatusCode()
	}
	if ae.ErrorCode() != code || gotStatus != status {
		t.Fatalf("expected %s (%d), got %s (%d): %v", code, status, ae.ErrorCode(), gotStatus, err)
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}
