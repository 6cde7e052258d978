package sigv4

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzParseAuthorization feeds arbitrary Authorization and X-Amz-Date
// headers through parsing and verification: no panic, and an error is
// always an *Error.
func FuzzParseAuthorization(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "20150830T123600Z")
	f.Add("AWS4-HMAC-SHA256 Credential=a/b/c/d/e,SignedHeaders=,Signature=", "Mon, 02 Jan 2006 15:04:05 GMT")
	f.Add("AWS4-HMAC-SHA256 Credential", "")
	f.Add("AWS AKID:sig", "x")
	f.Add("AWS4-HMAC-SHA256 ,,,=,Credential=////", "20150830T123600Z")
	v := &Verifier{Credentials: staticCreds(suiteAccessKey, suiteSecret), Now: clock("20150830T123600Z")}
	f.Fuzz(func(t *testing.T, auth, date string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", auth)
		r.Header.Set("X-Amz-Date", date)
		checkParse(t, r, v)
	})
}

// FuzzPresignQuery feeds arbitrary query strings through presigned-URL
// parsing, canonicalization and verification.
func FuzzPresignQuery(f *testing.F) {
	f.Add("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b")
	f.Add("X-Amz-Credential=%zz&X-Amz-Expires=-1&&=&a+b=%2")
	f.Add("X-Amz-Signature=&X-Amz-Expires=99999999999999999999")
	v := &Verifier{Credentials: staticCreds(suiteAccessKey, suiteSecret), Now: clock("20150830T123600Z")}
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL.RawQuery = query
		r.RequestURI = "/?" + query
		checkParse(t, r, v)
	})
}

func checkParse(t *testing.T, r *http.Request, v *Verifier) {
	p, err := Parse(r)
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("error %T is not *Error", err)
		}
		return
	}
	if p == nil {
		return
	}
	_ = CanonicalRequest(r, p, EmptySHA256)
	if _, err := v.Verify(r, p, EmptySHA256); err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("error %T is not *Error", err)
		}
	}
}

// FuzzChunkedDecode decodes arbitrary aws-chunked bodies in the unsigned
// and signed variants: no panic, no more output than the declared length,
// and every failure an *Error. The decoder's memory does not depend on the
// input (one bufio buffer, at most 16 trailing headers).
func FuzzChunkedDecode(f *testing.F) {
	f.Add([]byte("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"), int64(5), false)
	f.Add([]byte("400;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"+strings.Repeat("a", 1024)+"\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"), int64(1024), true)
	f.Add([]byte("ffffffffffffff\r\n"), int64(1<<40), false)
	f.Add([]byte("0;chunk-signature="+string(bytes.Repeat([]byte("a"), 64))+"\r\n\r\n"), int64(0), true)
	f.Fuzz(func(t *testing.T, body []byte, declared int64, signed bool) {
		if declared < 0 {
			declared = -declared
		}
		marker, trailer := StreamingUnsignedTrailer, "x-amz-checksum-crc32"
		if signed {
			marker, trailer = StreamingPayloadTrailer, "x-amz-checksum-crc32"
		}
		r := httptest.NewRequest(http.MethodPut, "/b/k", bytes.NewReader(body))
		r.Header.Set("X-Amz-Decoded-Content-Length", strconv.FormatInt(declared, 10))
		r.Header.Set("X-Amz-Trailer", trailer)
		res := &Result{PayloadHash: marker, SigningKey: []byte("key"), Signature: string(bytes.Repeat([]byte("a"), 64)),
			Scope: "20130524/us-east-1/s3/aws4_request", Date: time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)}
		dec, err := WrapBody(r, res)
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, dec)
		if n > declared {
			t.Fatalf("decoded %d bytes, declared %d", n, declared)
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not *Error", err)
			}
		} else if n != declared {
			t.Fatalf("clean EOF after %d of %d bytes", n, declared)
		}
	})
}

// FuzzPostPolicy verifies correctly signed forms with arbitrary policy
// documents and fields.
func FuzzPostPolicy(f *testing.F) {
	f.Add(`{"expiration":"2030-01-01T00:00:00Z","conditions":[{"bucket":"b"},["starts-with","$key",""],["content-length-range",0,10]]}`, "key", "k")
	f.Add(`{"expiration":"2030-01-01T00:00:00.000Z","conditions":[["eq","$acl"],{"a":1,"b":2},[],5,null]}`, "acl", "private")
	f.Add(`[]`, "", "")
	f.Fuzz(func(t *testing.T, policy, field, value string) {
		form := signPost(policy, map[string]string{"key": "k", field: value})
		if field == "policy" {
			form["policy"] = base64.StdEncoding.EncodeToString([]byte(value))
		}
		pol, err := VerifyPostPolicy("b", form, staticCreds("test", "test"), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not *Error", err)
			}
			return
		}
		if pol != nil {
			_ = pol.CheckLength(5)
		}
	})
}
