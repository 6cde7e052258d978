package sigv4

import (
	"encoding/base64"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

// The browser-upload example of the S3 API reference (sigv4-post-example):
// its policy, signed with the documentation's example key on 2015-12-29.
const (
	docPostPolicy    = "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9"
	docPostSignature = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e"
	docPostBucket    = "sigv4examplebucket"
)

func docPostForm() map[string]string {
	return map[string]string{
		"key":                          "user/user1/${filename}",
		"acl":                          "public-read",
		"success_action_redirect":      "http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html",
		"Content-Type":                 "image/jpeg",
		"x-amz-meta-uuid":              "14365123651274",
		"x-amz-server-side-encryption": "AES256",
		"X-Amz-Credential":             "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request",
		"X-Amz-Algorithm":              "AWS4-HMAC-SHA256",
		"X-Amz-Date":                   "20151229T000000Z",
		"x-amz-meta-tag":               "",
		"Policy":                       docPostPolicy,
		"X-Amz-Signature":              docPostSignature,
	}
}

var docPostTime = time.Date(2015, 12, 29, 10, 0, 0, 0, time.UTC)

func TestPostPolicyAWSExample(t *testing.T) {
	creds := staticCreds(s3DocAccessKey, s3DocSecret)
	pol, err := VerifyPostPolicy(docPostBucket, docPostForm(), creds, docPostTime)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if pol.AccessKey != s3DocAccessKey || pol.Region != "us-east-1" || !pol.Expiration.Equal(time.Date(2015, 12, 30, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("policy = %+v", pol)
	}
	if _, _, ok := pol.LengthRange(); ok || pol.CheckLength(1<<40) != nil {
		t.Fatal("the example has no content-length-range")
	}

	tests := []struct {
		name   string
		change func(map[string]string)
		bucket string
		now    time.Time
		kind   Kind
		msg    string
	}{
		{"key outside the prefix", func(f map[string]string) { f["key"] = "user/user2/a.jpg" }, "", time.Time{},
			PolicyConditionFailed, `Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/user1/"]`},
		{"content type", func(f map[string]string) { f["Content-Type"] = "text/plain" }, "", time.Time{},
			PolicyConditionFailed, `Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]`},
		{"exact match", func(f map[string]string) { f["acl"] = "private" }, "", time.Time{},
			PolicyConditionFailed, `Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "public-read"]`},
		{"other bucket", nil, "otherbucket", time.Time{},
			PolicyConditionFailed, `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "sigv4examplebucket"]`},
		{"expired", nil, "", time.Date(2015, 12, 30, 12, 0, 1, 0, time.UTC),
			PolicyExpired, "Invalid according to Policy: Policy expired."},
		{"extra field", func(f map[string]string) { f["x-amz-meta-extra"] = "1" }, "", time.Time{},
			PolicyExtraField, "Invalid according to Policy: Extra input fields: x-amz-meta-extra"},
		{"signature", func(f map[string]string) { f["X-Amz-Signature"] = strings.Repeat("0", 64) }, "", time.Time{},
			Mismatch, msgMismatch},
		{"policy changed", func(f map[string]string) { f["Policy"] = "e30=" }, "", time.Time{},
			Mismatch, msgMismatch},
		{"unknown key", func(f map[string]string) {
			f["X-Amz-Credential"] = "AKIAOTHER/20151229/us-east-1/s3/aws4_request"
		}, "", time.Time{}, UnknownAccessKey, "The AWS Access Key Id you provided does not exist in our records."},
		{"missing signature", func(f map[string]string) { delete(f, "X-Amz-Signature") }, "", time.Time{},
			PostMissingField, "Bucket POST must contain a field named 'x-amz-signature'.  If it is specified, please check the order of the fields."},
		{"missing key", func(f map[string]string) { delete(f, "key") }, "", time.Time{},
			PostMissingField, "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields."},
		{"algorithm", func(f map[string]string) { f["X-Amz-Algorithm"] = "AWS4-HMAC-SHA1" }, "", time.Time{},
			PostBadField, "Only AWS4-HMAC-SHA256 is supported"},
		{"credential", func(f map[string]string) { f["X-Amz-Credential"] = "AKIAIOSFODNN7EXAMPLE/20151229" }, "", time.Time{},
			PostBadField, msgCredentialMalformed},
		{"service", func(f map[string]string) {
			f["X-Amz-Credential"] = "AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/sqs/aws4_request"
		}, "", time.Time{}, PostBadField, `incorrect service "sqs". This endpoint belongs to "s3".`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := docPostForm()
			if tc.change != nil {
				tc.change(form)
			}
			bucket, now := docPostBucket, docPostTime
			if tc.bucket != "" {
				bucket = tc.bucket
			}
			if !tc.now.IsZero() {
				now = tc.now
			}
			_, err := VerifyPostPolicy(bucket, form, creds, now)
			var se *Error
			if !errors.As(err, &se) || se.Kind != tc.kind || se.Message != tc.msg {
				t.Fatalf("got %#v, want kind %d %q", err, tc.kind, tc.msg)
			}
		})
	}

	form := docPostForm()
	form["x-ignore-debug"] = "anything"
	form["file"] = "ignored too"
	if _, err := VerifyPostPolicy(docPostBucket, form, creds, docPostTime); err != nil {
		t.Fatalf("x-ignore-* and file fields need no condition: %v", err)
	}
}

// signPost builds a signed form for a policy document, the way a browser
// upload page (or boto3's generate_presigned_post) does.
func signPost(policy string, fields map[string]string) map[string]string {
	enc := base64.StdEncoding.EncodeToString([]byte(policy))
	form := maps.Clone(fields)
	form["policy"] = enc
	form["x-amz-algorithm"] = algorithm
	form["x-amz-credential"] = "test/20250314/us-east-1/s3/aws4_request"
	form["x-amz-date"] = "20250314T150926Z"
	form["x-amz-signature"] = hmacHex(SigningKey("test", "20250314", "us-east-1", "s3"), enc)
	return form
}

func TestPostPolicyDocuments(t *testing.T) {
	creds := staticCreds("test", "test")
	now := time.Date(2025, 3, 14, 15, 10, 0, 0, time.UTC)
	const authConds = `{"x-amz-algorithm":"AWS4-HMAC-SHA256"},{"x-amz-credential":"test/20250314/us-east-1/s3/aws4_request"},{"x-amz-date":"20250314T150926Z"}`
	doc := func(conds string) string {
		return `{"expiration":"2025-03-14T16:00:00Z","conditions":[` + authConds + `,{"bucket":"b"},` + conds + `]}`
	}
	tests := []struct {
		name   string
		policy string
		fields map[string]string
		kind   Kind
		msg    string
	}{
		{"boto3 shape", doc(`{"key":"k.txt"}`), map[string]string{"key": "k.txt"}, 0, ""},
		{"length range", doc(`["starts-with","$key",""],["content-length-range",1,10]`), map[string]string{"key": "x"}, 0, ""},
		{"length range as strings", doc(`["starts-with","$key",""],["content-length-range","1","10"]`), map[string]string{"key": "x"}, 0, ""},
		{"content types", doc(`["starts-with","$key",""],["starts-with","$Content-Type","image/"]`),
			map[string]string{"key": "x", "content-type": "image/png, image/jpeg"}, 0, ""},
		{"content types one wrong", doc(`["starts-with","$key",""],["starts-with","$Content-Type","image/"]`),
			map[string]string{"key": "x", "content-type": "image/png, text/plain"}, PolicyConditionFailed,
			`Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]`},
		{"eq list form", doc(`["eq","$key","k"]`), map[string]string{"key": "k2"}, PolicyConditionFailed,
			`Invalid according to Policy: Policy Condition failed: ["eq", "$key", "k"]`},
		{"case of field names", doc(`["starts-with","$KEY","a/"]`), map[string]string{"Key": "a/b"}, 0, ""},
		{"not base64", "", map[string]string{}, PolicyInvalid, "Invalid Policy: invalid Base64 encoding."},
		{"not json", "nope", map[string]string{"key": "k"}, PolicyInvalid, "Invalid Policy: Invalid JSON."},
		{"no expiration", `{"conditions":[]}`, map[string]string{"key": "k"}, PolicyInvalid, "Invalid Policy: Policy missing expiration."},
		{"bad expiration", `{"expiration":"tomorrow","conditions":[]}`, map[string]string{"key": "k"}, PolicyInvalid,
			"Invalid Policy: Invalid 'expiration' value: 'tomorrow'"},
		{"no conditions", `{"expiration":"2025-03-14T16:00:00.000Z"}`, map[string]string{"key": "k"}, PolicyInvalid, "Invalid Policy: Policy missing conditions."},
		{"conditions not a list", `{"expiration":"2025-03-14T16:00:00.000Z","conditions":{}}`, map[string]string{"key": "k"}, PolicyInvalid,
			"Invalid Policy: Invalid 'conditions' value: must be a List."},
		{"unknown operation", doc(`["ends-with","$key","x"]`), map[string]string{"key": "k"}, PolicyInvalid,
			"Invalid Policy: Invalid Condition: unknown operation 'ends-with'."},
		{"wrong arity", doc(`["eq","$key"]`), map[string]string{"key": "k"}, PolicyInvalid, "Invalid Policy: Invalid eq: wrong number of arguments."},
		{"two properties", doc(`{"key":"k","acl":"private"}`), map[string]string{"key": "k"}, PolicyInvalid,
			"Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."},
		{"non-string value", doc(`{"key":5}`), map[string]string{"key": "k"}, PolicyInvalid,
			"Invalid Policy: Invalid Simple-Condition: value must be a string."},
		{"number condition", doc(`5`), map[string]string{"key": "k"}, PolicyInvalid,
			"Invalid Policy: Invalid condition test: must be a List or Object."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := signPost(tc.policy, tc.fields)
			if tc.name == "not base64" {
				form["key"] = "k"
				form["policy"] = "%%%"
				form["x-amz-signature"] = hmacHex(SigningKey("test", "20250314", "us-east-1", "s3"), "%%%")
			}
			_, err := VerifyPostPolicy("b", form, creds, now)
			if tc.kind == 0 {
				if err != nil {
					t.Fatalf("verify: %v", err)
				}
				return
			}
			var se *Error
			if !errors.As(err, &se) || se.Kind != tc.kind || se.Message != tc.msg {
				t.Fatalf("got %#v, want kind %d %q", err, tc.kind, tc.msg)
			}
		})
	}
}

func TestPostPolicyLength(t *testing.T) {
	form := signPost(`{"expiration":"2025-03-14T16:00:00Z","conditions":[{"bucket":"b"},["starts-with","$key",""],`+
		`{"x-amz-algorithm":"AWS4-HMAC-SHA256"},{"x-amz-credential":"test/20250314/us-east-1/s3/aws4_request"},`+
		`{"x-amz-date":"20250314T150926Z"},["content-length-range",10,100]]}`, map[string]string{"key": "k"})
	pol, err := VerifyPostPolicy("b", form, staticCreds("test", "test"), time.Date(2025, 3, 14, 15, 10, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi, ok := pol.LengthRange(); !ok || lo != 10 || hi != 100 {
		t.Fatalf("range = %d, %d, %v", lo, hi, ok)
	}
	for n, want := range map[int64]Kind{9: EntityTooSmall, 10: 0, 100: 0, 101: EntityTooLarge} {
		if got := kindOf(pol.CheckLength(n)); got != want {
			t.Errorf("CheckLength(%d) = kind %d, want %d", n, got, want)
		}
	}
}

func TestPostAnonymous(t *testing.T) {
	pol, err := VerifyPostPolicy("b", map[string]string{"key": "k", "acl": "public-read"}, staticCreds("test", "test"), time.Now())
	if pol != nil || err != nil {
		t.Fatalf("anonymous form: %v, %v", pol, err)
	}
}
