package edge

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
)

// fakeS3 stands in for the S3 service: it renders restXml errors, reads
// the body it is given and reports body errors through S3Error, the way
// the real service is meant to.
type fakeS3 struct {
	mu       sync.Mutex
	identity *awsproto.Identity
	body     []byte
	trailer  map[string]string
	host     string
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		ae := S3Error(err)
		if ae == nil {
			ae = awsproto.NewError("InternalError", 500, "unexpected body error")
		}
		f.WriteError(w, r, ae)
		return
	}
	f.mu.Lock()
	f.identity = awsproto.IdentityFrom(r.Context())
	f.body = body
	f.host = r.Host
	f.trailer = map[string]string{}
	for k := range sigv4.Trailers(r.Body) {
		f.trailer[k] = r.Trailer.Get(k)
	}
	f.mu.Unlock()
	w.Header().Set("ETag", `"d41d8cd98f00b204e9800998ecf8427e"`)
	if r.Method == http.MethodGet {
		w.Write([]byte("object bytes"))
	}
}

func (f *fakeS3) WriteError(w http.ResponseWriter, r *http.Request, e *awsproto.Error) {
	awsproto.WriteXMLError(w, r, e)
}

func (f *fakeS3) last() ([]byte, *awsproto.Identity, map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.body, f.identity, f.trailer
}

type echoIn struct {
	Name string `json:"Name"`
}
type echoOut struct {
	Greeting string `json:"Greeting"`
}

// newTestEdge runs an edge with a fake S3 (the fallback) and a small
// awsJson service "Fake_20240101" signed as "fake".
func newTestEdge(t *testing.T, now func() time.Time) (*httptest.Server, *fakeS3) {
	t.Helper()
	v := &sigv4.Verifier{Credentials: func(ak string) (string, bool) { return "test", ak == "test" }, Now: now}
	e := New(v, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Fallback = "s3"
	s3 := &fakeS3{}
	e.Handle(&Route{SigningName: "s3", Protocol: RestXML, StreamingBody: true, AllowAnonymous: true, Service: s3})
	js := &awsproto.JSONService{TargetPrefix: "Fake_20240101", Version: "1.1"}
	awsproto.Register(js, "Echo", func(ctx context.Context, in *echoIn) (*echoOut, error) {
		return &echoOut{Greeting: "hello " + in.Name + " from " + awsproto.IdentityFrom(ctx).AccessKey}, nil
	})
	e.Handle(&Route{SigningName: "fake", TargetPrefix: "Fake_20240101", Protocol: JSON, Service: js})
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv, s3
}

var testCreds = aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}

func signJSON(t *testing.T, url, body string, creds aws.Credentials, service string, at time.Time) *http.Request {
	t.Helper()
	r, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	r.Header.Set("X-Amz-Target", "Fake_20240101.Echo")
	r.Header.Set("Content-Type", "application/x-amz-json-1.1")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), service, "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	return r
}

func do(t *testing.T, r *http.Request) (int, http.Header, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

type jsonErr struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

func TestJSONServiceAuthErrors(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	srv, _ := newTestEdge(t, func() time.Time { return now })
	body := `{"Name":"nubo"}`
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		code   string
		msg    string
	}{
		{"signed", func() *http.Request { return signJSON(t, srv.URL, body, testCreds, "fake", now) }, 200, "", ""},
		{"unsigned", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
			r.Header.Set("X-Amz-Target", "Fake_20240101.Echo")
			return r
		}, 400, "MissingAuthenticationTokenException", "Request is missing Authentication Token"},
		{"unknown access key", func() *http.Request {
			return signJSON(t, srv.URL, body, aws.Credentials{AccessKeyID: "nobody", SecretAccessKey: "test"}, "fake", now)
		}, 400, "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"wrong secret", func() *http.Request {
			return signJSON(t, srv.URL, body, aws.Credentials{AccessKeyID: "test", SecretAccessKey: "nope"}, "fake", now)
		}, 400, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'POST\n/\n"},
		{"body changed after signing", func() *http.Request {
			r := signJSON(t, srv.URL, body, testCreds, "fake", now)
			r.Body = io.NopCloser(strings.NewReader(`{"Name":"eve!"}`))
			return r
		}, 400, "InvalidSignatureException", "The request signature we calculated does not match"},
		{"clock behind", func() *http.Request { return signJSON(t, srv.URL, body, testCreds, "fake", now.Add(-16*time.Minute)) },
			400, "InvalidSignatureException", "Signature expired: " + now.Add(-16*time.Minute).Format("20060102T150405Z") +
				" is now earlier than " + now.Add(-15*time.Minute).Format("20060102T150405Z") + " (" + now.Format("20060102T150405Z") + " - 15 min.)"},
		{"clock ahead", func() *http.Request { return signJSON(t, srv.URL, body, testCreds, "fake", now.Add(16*time.Minute)) },
			400, "InvalidSignatureException", "Signature not yet current: " + now.Add(16*time.Minute).Format("20060102T150405Z") +
				" is still later than " + now.Add(15*time.Minute).Format("20060102T150405Z") + " (" + now.Format("20060102T150405Z") + " + 15 min.)"},
		{"within skew", func() *http.Request { return signJSON(t, srv.URL, body, testCreds, "fake", now.Add(-14*time.Minute)) }, 200, "", ""},
		{"scoped to another service", func() *http.Request { return signJSON(t, srv.URL, body, testCreds, "kinesis", now) },
			400, "InvalidSignatureException", "Credential should be scoped to correct service: 'fake'. "},
		{"missing signature", func() *http.Request {
			r := signJSON(t, srv.URL, body, testCreds, "fake", now)
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ", Signature=")])
			return r
		}, 400, "IncompleteSignatureException", "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential="},
		{"signature version 2", func() *http.Request {
			r := signJSON(t, srv.URL, body, testCreds, "fake", now)
			r.Header.Set("Authorization", "AWS test:c2ln")
			r.Header.Set("Date", now.Format(http.TimeFormat))
			return r
		}, 400, "IncompleteSignatureException", "Signature Version 2 is supported for S3 only"},
		{"malformed credential", func() *http.Request {
			r := signJSON(t, srv.URL, body, testCreds, "fake", now)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/aws4_request", "", 1))
			return r
		}, 400, "IncompleteSignatureException", "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'test/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, hdr, got := do(t, tc.req())
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, got)
			}
			if tc.code == "" {
				if !strings.Contains(got, `"Greeting":"hello nubo from test"`) {
					t.Fatalf("body %s", got)
				}
				return
			}
			var e jsonErr
			if err := json.Unmarshal([]byte(got), &e); err != nil {
				t.Fatalf("body %q: %v", got, err)
			}
			if e.Type != tc.code || !strings.HasPrefix(e.Message, tc.msg) || hdr.Get("X-Amzn-ErrorType") != tc.code {
				t.Fatalf("got %s %q, want %s %q", e.Type, e.Message, tc.code, tc.msg)
			}
			if hdr.Get("X-Amzn-RequestId") == "" {
				t.Fatal("no request id")
			}
		})
	}
}

// s3Err is S3's error document.
type s3Err struct {
	Code      string
	Message   string
	Fields    []xmlField `xml:",any"`
	RequestID string     `xml:"RequestId"`
}

type xmlField struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

func (e s3Err) field(name string) string {
	for _, f := range e.Fields {
		if f.XMLName.Local == name {
			return f.Value
		}
	}
	return ""
}

func parseS3Err(t *testing.T, body string) s3Err {
	t.Helper()
	var e s3Err
	if err := xml.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return e
}

func signS3(t *testing.T, method, url, body string, creds aws.Credentials, at time.Time, hash string) *http.Request {
	t.Helper()
	r, _ := http.NewRequest(method, url, strings.NewReader(body))
	if hash == "" {
		sum := sha256.Sum256([]byte(body))
		hash = hex.EncodeToString(sum[:])
	}
	r.Header.Set("X-Amz-Content-Sha256", hash)
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	if err := signer.SignHTTP(context.Background(), creds, r, hash, "s3", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	return r
}

func presignS3(t *testing.T, method, url string, expires string, at time.Time) *http.Request {
	t.Helper()
	r, _ := http.NewRequest(method, url+"?X-Amz-Expires="+expires, nil)
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	signed, _, err := signer.PresignHTTP(context.Background(), testCreds, r, sigv4.UnsignedPayload, "s3", "us-east-1", at)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := http.NewRequest(method, signed, nil)
	return out
}

// signV2 signs a GET with Signature Version 2, independently of the
// verifier: HMAC-SHA1 over method, the empty Content-MD5 and Content-Type,
// the date and the resource.
func signV2(url, secret string, at time.Time) *http.Request {
	r, _ := http.NewRequest("GET", url, nil)
	date := at.UTC().Format(http.TimeFormat)
	r.Header.Set("Date", date)
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte("GET\n\n\n" + date + "\n" + r.URL.Path))
	r.Header.Set("Authorization", "AWS test:"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	return r
}

// presignV2 is boto3 1.26's default generate_presigned_url.
func presignV2(url string, expires time.Time) *http.Request {
	r, _ := http.NewRequest("GET", url, nil)
	exp := strconv.FormatInt(expires.Unix(), 10)
	mac := hmac.New(sha1.New, []byte("test"))
	mac.Write([]byte("GET\n\n\n" + exp + "\n" + r.URL.Path))
	r.URL.RawQuery = "AWSAccessKeyId=test&Signature=" + neturl.QueryEscape(base64.StdEncoding.EncodeToString(mac.Sum(nil))) + "&Expires=" + exp
	return r
}

func TestS3AuthErrors(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	srv, s3 := newTestEdge(t, func() time.Time { return now })
	obj := srv.URL + "/bucket/key"
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		code   string
		msg    string
		fields map[string]string
	}{
		{"signed PUT", func() *http.Request { return signS3(t, "PUT", obj, "data", testCreds, now, "") }, 200, "", "", nil},
		{"unsigned payload", func() *http.Request { return signS3(t, "PUT", obj, "data", testCreds, now, sigv4.UnsignedPayload) }, 200, "", "", nil},
		{"anonymous", func() *http.Request { r, _ := http.NewRequest("GET", obj, nil); return r }, 200, "", "", nil},
		{"wrong secret", func() *http.Request {
			return signS3(t, "GET", obj, "", aws.Credentials{AccessKeyID: "test", SecretAccessKey: "x"}, now, "")
		}, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
			map[string]string{"AWSAccessKeyId": "test"}},
		{"unknown key", func() *http.Request {
			return signS3(t, "GET", obj, "", aws.Credentials{AccessKeyID: "AKIAOTHER", SecretAccessKey: "x"}, now, "")
		}, 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", map[string]string{"AWSAccessKeyId": "AKIAOTHER"}},
		{"skewed", func() *http.Request { return signS3(t, "GET", obj, "", testCreds, now.Add(-20*time.Minute), "") },
			403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.",
			map[string]string{"RequestTime": now.Add(-20 * time.Minute).Format("20060102T150405Z"), "ServerTime": now.Format(time.RFC3339), "MaxAllowedSkewMilliseconds": "900000"}},
		{"payload hash differs", func() *http.Request {
			r := signS3(t, "PUT", obj, "data", testCreds, now, "")
			r.Body = io.NopCloser(strings.NewReader("DATA"))
			return r
		}, 400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", nil},
		{"no content sha256", func() *http.Request {
			r, _ := http.NewRequest("GET", obj, nil)
			if err := v4.NewSigner().SignHTTP(context.Background(), testCreds, r, sigv4.EmptySHA256, "s3", "us-east-1", now); err != nil {
				t.Fatal(err)
			}
			return r
		}, 400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256", nil},
		{"bad content sha256", func() *http.Request { return signS3(t, "GET", obj, "", testCreds, now, "nope") },
			400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD", map[string]string{"ArgumentName": "x-amz-content-sha256", "ArgumentValue": "nope"}},
		{"signature version 2", func() *http.Request { return signV2(obj, "test", now) }, 200, "", "", nil},
		{"signature version 2 wrong secret", func() *http.Request { return signV2(obj, "nope", now) },
			403, "SignatureDoesNotMatch", "The request signature we calculated does not match", map[string]string{"StringToSign": "GET\n\n\n" + now.Format(http.TimeFormat) + "\n/bucket/key"}},
		{"signature version 2 skewed", func() *http.Request { return signV2(obj, "test", now.Add(-time.Hour)) },
			403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", map[string]string{"RequestTime": now.Add(-time.Hour).Format(http.TimeFormat)}},
		{"signature version 2 malformed", func() *http.Request {
			r := signV2(obj, "test", now)
			r.Header.Set("Authorization", "AWS test")
			return r
		}, 400, "InvalidArgument", "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature", map[string]string{"ArgumentName": "Authorization"}},
		{"presigned version 2", func() *http.Request { return presignV2(obj, now.Add(time.Minute)) }, 200, "", "", nil},
		{"presigned version 2 expired", func() *http.Request { return presignV2(obj, now.Add(-time.Minute)) },
			403, "AccessDenied", "Request has expired", map[string]string{"Expires": now.Add(-time.Minute).Format(time.RFC3339), "ServerTime": now.Format(time.RFC3339)}},
		{"signature version 4a", func() *http.Request {
			r, _ := http.NewRequest("GET", obj, nil)
			r.Header.Set("Authorization", "AWS4-ECDSA-P256-SHA256 Credential=test/20250101/s3/aws4_request, SignedHeaders=host, Signature=00")
			return r
		}, 400, "InvalidRequest", "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.", nil},
		{"other scheme", func() *http.Request {
			r, _ := http.NewRequest("GET", obj, nil)
			r.Header.Set("Authorization", "Bearer token")
			return r
		}, 400, "InvalidArgument", "Unsupported Authorization Type", map[string]string{"ArgumentName": "Authorization"}},
		{"malformed header", func() *http.Request {
			r := signS3(t, "GET", obj, "", testCreds, now, "")
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/aws4_request", "/aws5_request", 1))
			return r
		}, 400, "AuthorizationHeaderMalformed", `The authorization header is malformed; incorrect terminal "aws5_request". This endpoint uses "aws4_request".`, nil},
		{"presigned", func() *http.Request { return presignS3(t, "GET", obj, "60", now) }, 200, "", "", nil},
		{"presign expired", func() *http.Request { return presignS3(t, "GET", obj, "60", now.Add(-61*time.Second)) },
			403, "AccessDenied", "Request has expired",
			map[string]string{"X-Amz-Expires": "60", "Expires": now.Add(-time.Second).Format(time.RFC3339), "ServerTime": now.Format(time.RFC3339)}},
		{"presign too long", func() *http.Request { return presignS3(t, "GET", obj, "604801", now) },
			400, "AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds", nil},
		{"presign incomplete", func() *http.Request {
			r, _ := http.NewRequest("GET", obj+"?X-Amz-Credential=test%2F20250101%2Fus-east-1%2Fs3%2Faws4_request", nil)
			return r
		}, 400, "AuthorizationQueryParametersError", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, got := do(t, tc.req())
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, got)
			}
			if tc.code == "" {
				return
			}
			e := parseS3Err(t, got)
			if e.Code != tc.code || !strings.HasPrefix(e.Message, tc.msg) || e.RequestID == "" {
				t.Fatalf("got %s %q, want %s %q", e.Code, e.Message, tc.code, tc.msg)
			}
			for k, v := range tc.fields {
				if g := e.field(k); g != v {
					t.Fatalf("field %s = %q, want %q (%s)", k, g, v, got)
				}
			}
		})
	}
	if _, id, _ := s3.last(); id == nil || !id.Anonymous && id.AccessKey != "test" {
		t.Fatalf("identity %+v", id)
	}
}

// TestS3SignatureMismatchBody checks the strings S3 returns so a client
// can compare its own canonical request.
func TestS3SignatureMismatchBody(t *testing.T) {
	now := time.Now().UTC()
	srv, _ := newTestEdge(t, func() time.Time { return now })
	r := signS3(t, "GET", srv.URL+"/bucket/key?list-type=2", "", aws.Credentials{AccessKeyID: "test", SecretAccessKey: "wrong"}, now, "")
	_, _, body := do(t, r)
	e := parseS3Err(t, body)
	creq := e.field("CanonicalRequest")
	if !strings.HasPrefix(creq, "GET\n/bucket/key\nlist-type=2\nhost:") || e.field("SignatureProvided") == "" ||
		!strings.HasPrefix(e.field("StringToSign"), "AWS4-HMAC-SHA256\n") || !strings.HasPrefix(e.field("StringToSignBytes"), "41 57 53 34 2d") ||
		!strings.HasPrefix(e.field("CanonicalRequestBytes"), "47 45 54 0a") {
		t.Fatalf("mismatch body: %s", body)
	}
}

func TestRoutingAndVirtualHosts(t *testing.T) {
	now := time.Now().UTC()
	srv, s3 := newTestEdge(t, func() time.Time { return now })
	// A signed S3 request to <bucket>.localhost reaches S3 by its signing name.
	r := signS3(t, "PUT", srv.URL+"/key", "v", testCreds, now, "")
	r.Host = "my.bucket.localhost" + srv.URL[strings.LastIndex(srv.URL, ":"):]
	if err := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }).SignHTTP(
		context.Background(), testCreds, r, r.Header.Get("X-Amz-Content-Sha256"), "s3", "us-east-1", now); err != nil {
		t.Fatal(err)
	}
	if status, _, body := do(t, r); status != 200 {
		t.Fatalf("virtual host: %d %s", status, body)
	}
	if got, _, _ := s3.last(); string(got) != "v" {
		t.Fatalf("body %q", got)
	}
	if b, ok := BucketFromHost(s3.host); !ok || b != "my.bucket" {
		t.Fatalf("BucketFromHost(%q) = %q %v", s3.host, b, ok)
	}
	// An unknown X-Amz-Target falls back to S3.
	req, _ := http.NewRequest("POST", srv.URL+"/", nil)
	req.Header.Set("X-Amz-Target", "Nope_1.Op")
	if status, _, _ := do(t, req); status != 200 {
		t.Fatalf("fallback status %d", status)
	}
	// The internal health path bypasses authentication.
	e := New(&sigv4.Verifier{Credentials: func(string) (string, bool) { return "", false }}, nil)
	e.Internal = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/_nubo/health", nil))
	if rec.Code != 204 {
		t.Fatalf("internal path: %d", rec.Code)
	}
}

func TestBucketFromHost(t *testing.T) {
	tests := []struct {
		host, bucket string
		ok           bool
	}{
		{"localhost:4566", "", false},
		{"127.0.0.1:4566", "", false},
		{"[::1]:4566", "", false},
		{"s3.localhost:4566", "", false},
		{"s3.us-east-1.localhost", "", false},
		{"mybucket.localhost:4566", "mybucket", true},
		{"MyBucket.LocalHost.", "mybucket", true},
		{"my.dotted.bucket.localhost:4566", "my.dotted.bucket", true},
		{"mybucket.s3.localhost:4566", "mybucket", true},
		{"mybucket.s3.eu-west-1.localhost:4566", "mybucket", true},
		{"logs.s3.localhost.localstack.cloud:4566", "logs", true},
		{"s3.amazonaws.com", "", false},
		{"s3.eu-west-1.amazonaws.com", "", false},
		{"mybucket.s3.amazonaws.com", "mybucket", true},
		{"mybucket.s3.eu-west-1.amazonaws.com", "mybucket", true},
		{"mybucket.s3-eu-west-1.amazonaws.com", "mybucket", true},
		{"my.s3.bucket.s3.dualstack.us-east-1.amazonaws.com", "my.s3.bucket", true},
		{"kinesis.us-east-1.amazonaws.com", "", false},
		{"example.com", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		if b, ok := BucketFromHost(tc.host); b != tc.bucket || ok != tc.ok {
			t.Errorf("BucketFromHost(%q) = %q, %v; want %q, %v", tc.host, b, ok, tc.bucket, tc.ok)
		}
	}
}
