package sigv4

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The AWS SigV4 test suite signs with this key pair on 2015-08-30 for the
// made-up service "service".
const (
	suiteAccessKey = "AKIDEXAMPLE"
	suiteSecret    = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	// The S3 documentation's examples use this pair on 2013-05-24.
	s3DocAccessKey = "AKIAIOSFODNN7EXAMPLE"
	s3DocSecret    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

func staticCreds(ak, secret string) Credentials {
	return func(k string) (string, bool) { return secret, k == ak }
}

func clock(stamp string) func() time.Time {
	t, err := time.Parse(timeFormat, stamp)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

// rawRequest builds a server-side request from the text of an HTTP/1.1
// request, as the suite writes them (LF line ends, body after a blank line).
func rawRequest(t testing.TB, raw string) *http.Request {
	t.Helper()
	head, body, _ := strings.Cut(raw, "\n\n")
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(head + "\n\n")))
	if err != nil {
		t.Fatalf("reading request: %v", err)
	}
	r.Body = io.NopCloser(strings.NewReader(body))
	r.ContentLength = int64(len(body))
	return r
}

// verifyBuffered verifies r the way the edge does for services whose body
// it hashes itself.
func verifyBuffered(r *http.Request, v *Verifier) (*Result, error) {
	p, err := Parse(r)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, errors.New("request is not signed")
	}
	body, _ := io.ReadAll(r.Body)
	sum := sha256.Sum256(body)
	return v.Verify(r, p, hex.EncodeToString(sum[:]))
}

// TestSuiteVectors checks requests from AWS's SigV4 test suite
// (aws-sig-v4-test-suite), signed in the Authorization header and in the
// query string.
func TestSuiteVectors(t *testing.T) {
	const date = "X-Amz-Date:20150830T123600Z\n"
	const cred = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
	tests := []struct{ name, raw string }{
		{"get-vanilla", "GET / HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\n\n"},
		{"get-vanilla-query-order-key-case", "GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500\n\n"},
		{"get-vanilla-empty-query-key", "GET /?Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb\n\n"},
		{"get-vanilla-query-unreserved", "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197\n\n"},
		{"get-vanilla-utf8-query", "GET /?ሴ=bar HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04\n\n"},
		{"get-vanilla-query-order-encoded", "GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac\n\n"},
		{"get-utf8", "GET /ሴ HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85\n\n"},
		{"get-unreserved", "GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f\n\n"},
		{"get-header-key-duplicate", "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value2\nMy-Header1:value2\nMy-Header1:value1\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea\n\n"},
		{"get-header-value-order", "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value4\nMy-Header1:value1\nMy-Header1:value3\nMy-Header1:value2\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01\n\n"},
		{"get-header-value-trim", "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736\n\n"},
		{"get-vanilla-with-session-token", "GET / HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n" +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8\n\n"},
		{"post-vanilla", "POST / HTTP/1.1\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b\n\n"},
		{"post-x-www-form-urlencoded", "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\nHost:example.amazonaws.com\n" + date +
			"Authorization:" + cred + "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a\n\nParam1=value1"},
		{"post-x-www-form-urlencoded-content-length", "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\nHost:example.amazonaws.com\nContent-Length:13\n" +
			"x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n" + date +
			"Authorization:" + cred + "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b\n\nParam1=value1"},
		{"post-vanilla (query)", "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b HTTP/1.1\nHost:example.amazonaws.com\n\n"},
		{"get-vanilla-query-order-key-case (query)", "GET /?Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5 HTTP/1.1\nHost:example.amazonaws.com\n\n"},
		{"get-vanilla-query-unreserved (query)", "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=8e76a88a7433637b12778d5592799b29ad21ecd6cf6325051c21d86f0acda2bf HTTP/1.1\nHost:example.amazonaws.com\n\n"},
		{"post-x-www-form-urlencoded (query)", "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-amz-content-sha256&X-Amz-Expires=3600&X-Amz-Signature=c2348f57d08c84939944d6c878b3f7be56316f8e7fd6817e81eded279a362d69 HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\nHost:example.amazonaws.com\nContent-Length:13\nx-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n\nParam1=value1"},
	}
	v := &Verifier{Credentials: staticCreds(suiteAccessKey, suiteSecret), Now: clock("20150830T123600Z")}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := verifyBuffered(rawRequest(t, tc.raw), v); err != nil {
				t.Fatalf("verify: %v\n%s", err, describe(err))
			}
			// One changed byte of the signature must fail.
			bad := flipLastSigChar(tc.raw)
			_, err := verifyBuffered(rawRequest(t, bad), v)
			var se *Error
			if !errors.As(err, &se) || se.Kind != Mismatch {
				t.Fatalf("tampered signature: got %v, want Mismatch", err)
			}
		})
	}
}

// flipLastSigChar changes the last hex digit of the signature.
func flipLastSigChar(raw string) string {
	i := strings.Index(raw, "Signature=")
	j := i + len("Signature=") + 63
	c := byte('0')
	if raw[j] == '0' {
		c = '1'
	}
	return raw[:j] + string(c) + raw[j+1:]
}

func describe(err error) string {
	var se *Error
	if errors.As(err, &se) {
		return "canonical request:\n" + se.CanonicalRequest + "\nstring to sign:\n" + se.StringToSign
	}
	return ""
}

// TestSuiteCanonicalRequests pins the canonical request of a few vectors.
func TestSuiteCanonicalRequests(t *testing.T) {
	const empty = EmptySHA256
	tests := []struct{ name, raw, want string }{
		{"query order", "GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n",
			"GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + empty},
		{"encoded key order", "GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n",
			"GET\n/\n%E1%88%B4=Value1&Param=Value2&Param-3=Value3\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + empty},
		{"header trim", "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\nX-Amz-Date:20150830T123600Z\n\n",
			"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" + empty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rawRequest(t, tc.raw)
			var signed []string
			for _, line := range strings.Split(tc.want, "\n") {
				if strings.Contains(line, ";") && !strings.Contains(line, ":") {
					signed = strings.Split(line, ";")
				}
			}
			p := &Parsed{Service: "service", SignedHeaders: signed}
			if got := CanonicalRequest(r, p, empty); got != tc.want {
				t.Fatalf("canonical request:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestS3DocumentationExamples checks the single-chunk and presigned
// examples of the S3 API reference ("Signature Calculations for the
// Authorization Header" and "Authenticating Requests: Using Query Parameters").
func TestS3DocumentationExamples(t *testing.T) {
	const cred = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
	tests := []struct{ name, raw string }{
		{"GET Object", "GET /test.txt HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\nRange:bytes=0-9\n" +
			"x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20130524T000000Z\n" +
			"Authorization:" + cred + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41\n\n"},
		{"PUT Object", "PUT /test$file.text HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\nDate:Fri, 24 May 2013 00:00:00 GMT\n" +
			"x-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n" +
			"x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n" +
			"Authorization:" + cred + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd\n\nWelcome to Amazon S3."},
		{"GET Bucket Lifecycle", "GET /?lifecycle HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\nx-amz-date:20130524T000000Z\n" +
			"x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543\n\n"},
		{"GET Bucket (List Objects)", "GET /?max-keys=2&prefix=J HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\nx-amz-date:20130524T000000Z\n" +
			"x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
			"Authorization:" + cred + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7\n\n"},
		{"presigned GET Object", "GET /test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404 HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\n\n"},
	}
	v := &Verifier{Credentials: staticCreds(s3DocAccessKey, s3DocSecret), Now: clock("20130524T000000Z")}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rawRequest(t, tc.raw)
			p, err := Parse(r)
			if err != nil {
				t.Fatal(err)
			}
			hash := r.Header.Get("X-Amz-Content-Sha256")
			if p.Presigned {
				hash = UnsignedPayload
			}
			res, err := v.Verify(r, p, hash)
			if err != nil {
				t.Fatalf("verify: %v\n%s", err, describe(err))
			}
			body, err := WrapBody(r, res)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadAll(body); err != nil {
				t.Fatalf("body: %v", err)
			}
		})
	}
}
