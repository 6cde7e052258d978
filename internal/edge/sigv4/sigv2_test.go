package sigv4

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestSigV2DocumentationExamples checks the examples of the S3 developer
// guide's "Signing and authenticating REST requests" (Signature Version 2,
// bucket johnsmith, the documentation's example key).
func TestSigV2DocumentationExamples(t *testing.T) {
	const ak = "AKIAIOSFODNN7EXAMPLE"
	tests := []struct {
		name, raw, bucket, now, sts string
	}{
		{"object GET", "GET /photos/puppy.jpg HTTP/1.1\nHost:johnsmith.s3.amazonaws.com\nDate:Tue, 27 Mar 2007 19:36:42 +0000\n" +
			"Authorization:AWS " + ak + ":bWq2s1WEIj+Ydj0vQ697zp+IXMU=\n\n", "johnsmith", "Tue, 27 Mar 2007 19:36:42 +0000",
			"GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg"},
		{"object PUT", "PUT /photos/puppy.jpg HTTP/1.1\nContent-Type:image/jpeg\nHost:johnsmith.s3.amazonaws.com\nDate:Tue, 27 Mar 2007 21:15:45 +0000\n" +
			"Authorization:AWS " + ak + ":MyyxeRY7whkBe+bq8fHCL/2kKUg=\n\n", "johnsmith", "Tue, 27 Mar 2007 21:15:45 +0000",
			"PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/johnsmith/photos/puppy.jpg"},
		{"list", "GET /?prefix=photos&max-keys=50&marker=puppy HTTP/1.1\nUser-Agent:Mozilla/5.0\nHost:johnsmith.s3.amazonaws.com\nDate:Tue, 27 Mar 2007 19:42:41 +0000\n" +
			"Authorization:AWS " + ak + ":htDYFYduRNen8P9ZfE/s9SuKy0U=\n\n", "johnsmith", "Tue, 27 Mar 2007 19:42:41 +0000",
			"GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/"},
		{"fetch acl", "GET /?acl HTTP/1.1\nHost:johnsmith.s3.amazonaws.com\nDate:Tue, 27 Mar 2007 19:44:46 +0000\n" +
			"Authorization:AWS " + ak + ":c2WLPFtWHVgbEmeEG93a4cG37dM=\n\n", "johnsmith", "Tue, 27 Mar 2007 19:44:46 +0000",
			"GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/johnsmith/?acl"},
		{"delete with x-amz-date", "DELETE /johnsmith/photos/puppy.jpg HTTP/1.1\nUser-Agent:dotnet\nHost:s3.amazonaws.com\nDate:Tue, 27 Mar 2007 21:20:27 +0000\n" +
			// The guide prints a signature that does not match its own string
			// to sign; this is the HMAC of that string.
			"x-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\nAuthorization:AWS " + ak + ":R4dJ53KECjStyBO5iTBJZ4XVOaI=\n\n", "", "Tue, 27 Mar 2007 21:20:26 +0000",
			"DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg"},
		{"query string", "GET /photos/puppy.jpg?AWSAccessKeyId=" + ak + "&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620 HTTP/1.1\nHost:johnsmith.s3.amazonaws.com\n\n",
			"johnsmith", "Tue, 27 Mar 2007 19:36:42 +0000", "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC1123Z, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			v := &Verifier{Credentials: staticCreds(ak, s3DocSecret), Now: func() time.Time { return now }}
			r := rawRequest(t, tc.raw)
			p, err := Parse(r)
			if err != nil || p.Version != 2 {
				t.Fatalf("parse: %+v %v", p, err)
			}
			if got := StringToSignV2(r, p, tc.bucket); got != tc.sts {
				t.Fatalf("string to sign %q, want %q", got, tc.sts)
			}
			if _, err := v.VerifyV2(r, p, tc.bucket); err != nil {
				t.Fatalf("verify: %v", err)
			}
			v.Now = func() time.Time { return now.Add(16 * time.Minute) }
			if p.Presigned {
				v.Now = func() time.Time { return time.Unix(1175139621, 0) }
			}
			want := map[bool]Kind{false: Skewed, true: Expired}[p.Presigned]
			if _, err := v.VerifyV2(r, p, tc.bucket); kindOf(err) != want {
				t.Fatalf("late request: %v", err)
			}
		})
	}
}

// TestSigV2Botocore checks what botocore 1.29 (Debian's python3-boto3)
// sends by default for generate_presigned_url: a presigned URL with the
// headers it signed moved into the query.
func TestSigV2Botocore(t *testing.T) {
	v := &Verifier{Credentials: staticCreds("test", "test"), Now: func() time.Time { return time.Unix(1700000000, 0) }}
	// Sub-resource values are signed decoded, as botocore's unquote_v does.
	sts := "PUT\n\ntext/plain\n1700003600\nx-amz-meta-note:hi\n/bucket/a%20b%2Bc.txt?uploadId=x+y"
	sig := signPolicyV2("test", sts)
	raw := "PUT /bucket/a%20b%2Bc.txt?uploadId=x%2By&partNumber2=1&AWSAccessKeyId=test&Signature=" + Escape(sig) +
		"&Expires=1700003600&content-type=text%2Fplain&x-amz-meta-note=hi HTTP/1.1\nHost:127.0.0.1:4566\n\n"
	r := rawRequest(t, raw)
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := StringToSignV2(r, p, ""); got != sts {
		t.Fatalf("string to sign %q, want %q", got, sts)
	}
	if _, err := v.VerifyV2(r, p, ""); err != nil {
		t.Fatalf("verify: %v", err)
	}
	r.Header.Set("Content-Type", "image/png")
	var se *Error
	if _, err := v.VerifyV2(r, p, ""); !errors.As(err, &se) || se.Kind != Mismatch || !strings.Contains(se.StringToSign, "image/png") {
		t.Fatalf("changed content type: %v", err)
	}
	bad := rawRequest(t, "GET /b/k?AWSAccessKeyId=test&Signature=x&Expires=soon HTTP/1.1\nHost:h\n\n")
	if _, err := Parse(bad); kindOf(err) != BadExpires {
		t.Fatalf("bad Expires: %v", err)
	}
	if _, err := Parse(rawRequest(t, "GET /b/k?AWSAccessKeyId=test HTTP/1.1\nHost:h\n\n")); kindOf(err) != MissingQueryParams {
		t.Fatalf("missing params: %v", err)
	}
	if _, err := Parse(rawRequest(t, "GET / HTTP/1.1\nHost:h\nAuthorization:AWS nocolon\nDate:Tue, 27 Mar 2007 19:36:42 +0000\n\n")); kindOf(err) != MalformedV2 {
		t.Fatalf("malformed header: %v", err)
	}
}

func TestPostPolicyV2(t *testing.T) {
	// What boto3 1.26's generate_presigned_post produces by default.
	policy := "eyJleHBpcmF0aW9uIjogIjIwMjUtMDMtMTRUMTY6MDA6MDBaIiwgImNvbmRpdGlvbnMiOiBbeyJidWNrZXQiOiAiYiJ9LCB7ImtleSI6ICJ1cC50eHQifV19"
	form := map[string]string{"key": "up.txt", "AWSAccessKeyId": "test", "policy": policy, "signature": signPolicyV2("test", policy)}
	now := time.Date(2025, 3, 14, 15, 10, 0, 0, time.UTC)
	pol, err := VerifyPostPolicy("b", form, staticCreds("test", "test"), now)
	if err != nil || pol == nil || pol.AccessKey != "test" {
		t.Fatalf("verify: %+v %v", pol, err)
	}
	form["signature"] = signPolicyV2("other", policy)
	if _, err := VerifyPostPolicy("b", form, staticCreds("test", "test"), now); kindOf(err) != Mismatch {
		t.Fatalf("bad signature: %v", err)
	}
	delete(form, "signature")
	if _, err := VerifyPostPolicy("b", form, staticCreds("test", "test"), now); kindOf(err) != PostMissingField {
		t.Fatalf("missing signature: %v", err)
	}
}
