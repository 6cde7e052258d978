package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// verifyingServer answers 200 when a request's signature verifies and 403
// with the error and the canonical request otherwise.
func verifyingServer(t *testing.T, v *Verifier) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := Parse(r)
		if err == nil && p == nil {
			err = fmt.Errorf("unsigned")
		}
		if err == nil {
			var res *Result
			if p.Service == "s3" {
				hash := r.Header.Get("X-Amz-Content-Sha256")
				if p.Presigned {
					hash = UnsignedPayload
				}
				if res, err = v.Verify(r, p, hash); err == nil {
					var body io.ReadCloser
					if body, err = WrapBody(r, res); err == nil {
						_, err = io.Copy(io.Discard, body)
					}
				}
			} else {
				body, _ := io.ReadAll(r.Body)
				sum := sha256.Sum256(body)
				_, err = v.Verify(r, p, hex.EncodeToString(sum[:]))
			}
		}
		if err != nil {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, "%v\n%s", err, describe(err))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// s3Path escapes a path the way the S3 clients do: every byte but the
// unreserved ones and '/'.
func s3Path(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = Escape(s)
	}
	return strings.Join(segs, "/")
}

type sdkCase struct {
	name, service, method, path, query, body string
	header                                   map[string]string
}

func sdkCases() []sdkCase {
	return []sdkCase{
		{name: "json service", service: "kinesis", method: "POST", path: "/", body: `{"StreamName":"s"}`,
			header: map[string]string{"X-Amz-Target": "Kinesis_20131202.DescribeStream", "Content-Type": "application/x-amz-json-1.1"}},
		{name: "json service odd path", service: "execute-api", method: "GET", path: "/a b/c!d$e/ü",
			query: "x=a%20b&y=c%2Bd&z=&z=1&tilde=~&slash=%2F&plus=a+b"},
		{name: "s3 get", service: "s3", method: "GET", path: "/bucket/dir/key with spaces+plus!*'()&$@=;:,ü~",
			query: "prefix=a%20b&list-type=2&delimiter=%2F&encoding-type=url&empty="},
		{name: "s3 put", service: "s3", method: "PUT", path: "/bucket/a//double/slash/", body: "payload bytes",
			header: map[string]string{"Content-Type": "text/plain", "X-Amz-Meta-Note": "  spaced   value  "}},
		{name: "s3 sub-resource", service: "s3", method: "GET", path: "/bucket", query: "acl"},
		{name: "s3 repeated keys", service: "s3", method: "GET", path: "/bucket/k", query: "b=2&a=2&a=1&a="},
	}
}

func newSDKRequest(t *testing.T, base string, tc sdkCase) *http.Request {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = tc.path
	if tc.service == "s3" {
		u.RawPath = s3Path(tc.path)
	}
	u.RawQuery = tc.query
	r, err := http.NewRequest(tc.method, u.String(), strings.NewReader(tc.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range tc.header {
		r.Header.Set(k, v)
	}
	return r
}

func sdkSigner(service string) *v4.Signer {
	return v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = service == "s3" })
}

var sdkCreds = aws.Credentials{AccessKeyID: "AKIDNUBO", SecretAccessKey: "nubo/secret+key"}

// TestSDKHeaderSignatures signs requests with aws-sdk-go-v2's SigV4 signer
// and sends them over HTTP.
func TestSDKHeaderSignatures(t *testing.T) {
	srv := verifyingServer(t, &Verifier{Credentials: staticCreds(sdkCreds.AccessKeyID, sdkCreds.SecretAccessKey)})
	for _, tc := range sdkCases() {
		t.Run(tc.name, func(t *testing.T) {
			r := newSDKRequest(t, srv.URL, tc)
			sum := sha256.Sum256([]byte(tc.body))
			hash := hex.EncodeToString(sum[:])
			if tc.service == "s3" {
				r.Header.Set("X-Amz-Content-Sha256", hash)
			}
			if err := sdkSigner(tc.service).SignHTTP(context.Background(), sdkCreds, r, hash, tc.service, "eu-west-1", time.Now()); err != nil {
				t.Fatal(err)
			}
			expectStatus(t, r, http.StatusOK)
		})
	}
}

// TestSDKPresignedURLs presigns with aws-sdk-go-v2's presigner (S3 URLs
// carry UNSIGNED-PAYLOAD) and checks expiry and the one-week limit.
func TestSDKPresignedURLs(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	v := &Verifier{Credentials: staticCreds(sdkCreds.AccessKeyID, sdkCreds.SecretAccessKey)}
	srv := verifyingServer(t, v)
	for _, tc := range sdkCases() {
		if tc.service != "s3" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			presign := func(expires string, at time.Time) *http.Request {
				r := newSDKRequest(t, srv.URL, tc)
				q := r.URL.Query()
				q.Set("X-Amz-Expires", expires)
				r.URL.RawQuery = q.Encode()
				signed, hdr, err := sdkSigner("s3").PresignHTTP(context.Background(), sdkCreds, r, UnsignedPayload, "s3", "us-east-1", at)
				if err != nil {
					t.Fatal(err)
				}
				out, err := http.NewRequest(tc.method, signed, strings.NewReader(tc.body))
				if err != nil {
					t.Fatal(err)
				}
				for k, vs := range hdr {
					if k != "Host" {
						out.Header[k] = vs
					}
				}
				return out
			}
			expectStatus(t, presign("900", now), http.StatusOK)
			expectStatus(t, presign("604800", now), http.StatusOK)
			body := expectStatus(t, presign("60", now.Add(-2*time.Minute)), http.StatusForbidden)
			if !strings.Contains(body, "Signature expired") {
				t.Fatalf("expired URL: %s", body)
			}
			body = expectStatus(t, presign("604801", now), http.StatusForbidden)
			if !strings.Contains(body, "X-Amz-Expires must be less than a week") {
				t.Fatalf("too long: %s", body)
			}
		})
	}
}

func expectStatus(t *testing.T, r *http.Request, want int) string {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, body)
	}
	return string(body)
}
