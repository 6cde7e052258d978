package s3_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestCORS(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("cors")
	_, err := e.c.GetBucketCors(e.ctx, &s3.GetBucketCorsInput{Bucket: aws.String(b)})
	wantErr(t, err, "NoSuchCORSConfiguration", 404)
	preflight := func(origin, method, headers string) *http.Response {
		req, _ := http.NewRequest("OPTIONS", e.srv.URL+"/"+b+"/obj", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", method)
		if headers != "" {
			req.Header.Set("Access-Control-Request-Headers", headers)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := preflight("https://app.example.com", "GET", ""); resp.StatusCode != 403 {
		t.Fatalf("preflight without CORS config: %d", resp.StatusCode)
	}
	_, err = e.c.PutBucketCors(e.ctx, &s3.PutBucketCorsInput{Bucket: aws.String(b), CORSConfiguration: &types.CORSConfiguration{CORSRules: []types.CORSRule{
		{AllowedOrigins: []string{"https://*.example.com"}, AllowedMethods: []string{"GET", "PUT"}, AllowedHeaders: []string{"x-amz-*", "content-type"},
			ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(600)},
		{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"HEAD"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.c.GetBucketCors(e.ctx, &s3.GetBucketCorsInput{Bucket: aws.String(b)})
	if err != nil || len(got.CORSRules) != 2 || aws.ToInt32(got.CORSRules[0].MaxAgeSeconds) != 600 {
		t.Fatalf("GetBucketCors = %+v %v", got, err)
	}
	resp := preflight("https://app.example.com", "PUT", "X-Amz-Date, Content-Type")
	h := resp.Header
	if resp.StatusCode != 200 || h.Get("Access-Control-Allow-Origin") != "https://app.example.com" || h.Get("Access-Control-Allow-Methods") != "GET, PUT" ||
		h.Get("Access-Control-Max-Age") != "600" || h.Get("Access-Control-Expose-Headers") != "ETag" || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "X-Amz-Date") ||
		h.Get("Vary") == "" || h.Get("Access-Control-Allow-Credentials") != "true" {
		t.Fatalf("preflight: %d %v", resp.StatusCode, h)
	}
	if resp := preflight("https://evil.test", "PUT", ""); resp.StatusCode != 403 {
		t.Fatalf("disallowed origin: %d", resp.StatusCode)
	}
	if resp := preflight("https://app.example.com", "DELETE", ""); resp.StatusCode != 403 {
		t.Fatalf("disallowed method: %d", resp.StatusCode)
	}
	if resp := preflight("https://app.example.com", "GET", "authorization"); resp.StatusCode != 403 {
		t.Fatalf("disallowed header: %d", resp.StatusCode)
	}
	if resp := preflight("https://any.test", "HEAD", ""); resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("wildcard origin: %d %v", resp.StatusCode, resp.Header)
	}
	// Actual requests with an Origin get the headers too.
	e.put(b, "obj", []byte("x"))
	req := signedRequest(t, "GET", e.srv.URL+"/"+b+"/obj", nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", map[string]string{"Origin": "https://app.example.com"})
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != 200 || r2.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" || r2.Header.Get("Access-Control-Expose-Headers") != "ETag" {
		t.Fatalf("actual response: %d %v", r2.StatusCode, r2.Header)
	}
	if _, err := e.c.DeleteBucketCors(e.ctx, &s3.DeleteBucketCorsInput{Bucket: aws.String(b)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.GetBucketCors(e.ctx, &s3.GetBucketCorsInput{Bucket: aws.String(b)})
	wantErr(t, err, "NoSuchCORSConfiguration", 404)
	_, err = e.c.PutBucketCors(e.ctx, &s3.PutBucketCorsInput{Bucket: aws.String(b), CORSConfiguration: &types.CORSConfiguration{CORSRules: []types.CORSRule{
		{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"PATCH"}}}}})
	wantErr(t, err, "InvalidRequest", 400)
}

func TestBucketTagging(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("btags")
	_, err := e.c.GetBucketTagging(e.ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(b)})
	wantErr(t, err, "NoSuchTagSet", 404)
	_, err = e.c.PutBucketTagging(e.ctx, &s3.PutBucketTaggingInput{Bucket: aws.String(b), Tagging: &types.Tagging{TagSet: []types.Tag{
		{Key: aws.String("env"), Value: aws.String("dev")}, {Key: aws.String("team"), Value: aws.String("data")}}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.c.GetBucketTagging(e.ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(b)})
	if err != nil || len(got.TagSet) != 2 || aws.ToString(got.TagSet[0].Key) != "env" {
		t.Fatalf("GetBucketTagging = %+v %v", got, err)
	}
	if _, err := e.c.DeleteBucketTagging(e.ctx, &s3.DeleteBucketTaggingInput{Bucket: aws.String(b)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.GetBucketTagging(e.ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(b)})
	wantErr(t, err, "NoSuchTagSet", 404)
	_, err = e.c.PutBucketTagging(e.ctx, &s3.PutBucketTaggingInput{Bucket: aws.String("nope-bucket"), Tagging: &types.Tagging{TagSet: []types.Tag{}}})
	wantErr(t, err, "NoSuchBucket", 404)
}

func TestPresignedURLs(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("presign")
	ps := s3.NewPresignClient(e.c)
	put, err := ps.PresignPutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("up.txt")}, s3.WithPresignExpires(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("PUT", put.URL, strings.NewReader("via presigned url"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("presigned PUT: %d", resp.StatusCode)
	}
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("up.txt")})
	if aws.ToString(head.ContentType) != "binary/octet-stream" {
		t.Errorf("default content type = %q", aws.ToString(head.ContentType))
	}
	get, err := ps.PresignGetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("up.txt")})
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(get.URL)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(data) != "via presigned url" {
		t.Fatalf("presigned GET: %d %q", resp.StatusCode, data)
	}
	resp, err = http.Get(strings.Replace(get.URL, "X-Amz-Signature=", "X-Amz-Signature=0", 1))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("tampered presigned GET: %d", resp.StatusCode)
	}
}

func TestAnonymousAccessDenied(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("private")
	e.put(b, "k", []byte("secret"))
	for _, tc := range []struct{ method, path string }{{"GET", "/"}, {"GET", "/" + b + "/k"}, {"PUT", "/" + b + "/k2"}, {"GET", "/" + b}, {"DELETE", "/" + b}} {
		req, _ := http.NewRequest(tc.method, e.srv.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(body), "<Code>AccessDenied</Code>") {
			t.Errorf("anonymous %s %s: %d %s", tc.method, tc.path, resp.StatusCode, body)
		}
	}
}

func TestNotImplemented(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("notimpl")
	_, err := e.c.PutBucketPolicy(e.ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(b), Policy: aws.String(`{"Version":"2012-10-17","Statement":[]}`)})
	wantErr(t, err, "NotImplemented", 501)
	_, err = e.c.PutBucketLifecycleConfiguration(e.ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(b),
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{{Status: types.ExpirationStatusEnabled, Filter: &types.LifecycleRuleFilter{Prefix: aws.String("")}, Expiration: &types.LifecycleExpiration{Days: aws.Int32(1)}}}}})
	wantErr(t, err, "NotImplemented", 501)
	_, err = e.c.GetBucketAnalyticsConfiguration(e.ctx, &s3.GetBucketAnalyticsConfigurationInput{Bucket: aws.String(b), Id: aws.String("x")})
	wantErr(t, err, "NotImplemented", 501)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("k"), Body: strings.NewReader("x"), ServerSideEncryption: types.ServerSideEncryptionAwsKms})
	wantErr(t, err, "NotImplemented", 501)
	_, err = e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("k"), IfMatchSize: aws.Int64(1)})
	wantErr(t, err, "NotImplemented", 501)
	_, err = e.c.HeadBucket(e.ctx, &s3.HeadBucketInput{Bucket: aws.String(b), ExpectedBucketOwner: aws.String("111111111111")})
	wantErr(t, err, "Forbidden", 403)
	if _, err := e.c.HeadBucket(e.ctx, &s3.HeadBucketInput{Bucket: aws.String(b), ExpectedBucketOwner: aws.String("000000000000")}); err != nil {
		t.Fatal(err)
	}
	req := signedRequest(t, "PATCH", e.srv.URL+"/"+b+"/k", nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 405 || !strings.Contains(string(msg), "<Code>MethodNotAllowed</Code>") {
		t.Fatalf("PATCH: %d %s", resp.StatusCode, msg)
	}
}

func TestVirtualHostedStyle(t *testing.T) {
	e := newEnv(t)
	c := virtualHostClient(e.srv.URL)
	if _, err := c.CreateBucket(e.ctx, &s3.CreateBucketInput{Bucket: aws.String("vhost")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String("vhost"), Key: aws.String("dir/a b.txt"), Body: strings.NewReader("hello")}); err != nil {
		t.Fatal(err)
	}
	if got := e.get("vhost", "dir/a b.txt"); string(got) != "hello" {
		t.Fatalf("path-style read of a virtual-hosted write: %q", got)
	}
	list, err := c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String("vhost")})
	if err != nil || len(list.Contents) != 1 {
		t.Fatalf("virtual-hosted list = %+v %v", list, err)
	}
	buckets, err := c.ListBuckets(e.ctx, &s3.ListBucketsInput{})
	if err != nil || len(buckets.Buckets) != 1 {
		t.Fatalf("ListBuckets on localhost = %+v %v", buckets, err)
	}
}

// postForm builds a browser POST upload signed the way the AWS SDKs'
// presigned-post helpers do.
func postForm(t *testing.T, bucket, key string, conditions []any, extra map[string]string, file []byte) (*bytes.Buffer, string) {
	t.Helper()
	now := time.Now().UTC()
	date := now.Format("20060102")
	cred := "test/" + date + "/us-east-1/s3/aws4_request"
	amzDate := now.Format("20060102T150405Z")
	conds := append([]any{map[string]string{"bucket": bucket}, map[string]string{"x-amz-algorithm": "AWS4-HMAC-SHA256"},
		map[string]string{"x-amz-credential": cred}, map[string]string{"x-amz-date": amzDate}}, conditions...)
	doc, _ := json.Marshal(map[string]any{"expiration": now.Add(time.Hour).Format("2006-01-02T15:04:05.000Z"), "conditions": conds})
	policy := base64.StdEncoding.EncodeToString(doc)
	mac := func(k []byte, s string) []byte { m := hmac.New(sha256.New, k); m.Write([]byte(s)); return m.Sum(nil) }
	key4 := mac(mac(mac(mac([]byte("AWS4test"), date), "us-east-1"), "s3"), "aws4_request")
	sig := hex.EncodeToString(mac(key4, policy))
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields := map[string]string{"key": key, "policy": policy, "x-amz-algorithm": "AWS4-HMAC-SHA256", "x-amz-credential": cred, "x-amz-date": amzDate, "x-amz-signature": sig}
	for k, v := range extra {
		fields[k] = v
	}
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", "local name.txt")
	fw.Write(file)
	w.Close()
	return &buf, w.FormDataContentType()
}

func TestBrowserPostUpload(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("uploads")
	post := func(body *bytes.Buffer, ct string) (*http.Response, string) {
		resp, err := http.Post(e.srv.URL+"/"+b, ct, body)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(data)
	}
	conds := []any{[]any{"starts-with", "$key", "user/"}, []any{"content-length-range", 1, 1000}, map[string]string{"success_action_status": "201"},
		[]any{"starts-with", "$Content-Type", "text/"}}
	body, ct := postForm(t, b, "user/${filename}", conds, map[string]string{"success_action_status": "201", "Content-Type": "text/plain"}, []byte("from a browser"))
	resp, msg := post(body, ct)
	if resp.StatusCode != 201 || !strings.Contains(msg, "<Key>user/local name.txt</Key>") || resp.Header.Get("ETag") == "" {
		t.Fatalf("POST upload: %d %s", resp.StatusCode, msg)
	}
	if got := e.get(b, "user/local name.txt"); string(got) != "from a browser" {
		t.Fatalf("stored %q", got)
	}
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("user/local name.txt")})
	if aws.ToString(head.ContentType) != "text/plain" {
		t.Errorf("content type %q", aws.ToString(head.ContentType))
	}
	body, ct = postForm(t, b, "other/x", conds, map[string]string{"success_action_status": "201", "Content-Type": "text/plain"}, []byte("x"))
	if resp, msg := post(body, ct); resp.StatusCode != 403 || !strings.Contains(msg, "AccessDenied") {
		t.Fatalf("key outside policy: %d %s", resp.StatusCode, msg)
	}
	body, ct = postForm(t, b, "user/big", conds, map[string]string{"success_action_status": "201", "Content-Type": "text/plain"}, make([]byte, 2000))
	if resp, msg := post(body, ct); resp.StatusCode != 400 || !strings.Contains(msg, "EntityTooLarge") {
		t.Fatalf("file over content-length-range: %d %s", resp.StatusCode, msg)
	}
	if _, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("user/big")}); err == nil {
		t.Fatal("an upload over the limit was stored")
	}
	body, ct = postForm(t, b, "user/redirect", []any{[]any{"starts-with", "$key", "user/"}, map[string]string{"success_action_redirect": "http://example.com/done"}},
		map[string]string{"success_action_redirect": "http://example.com/done"}, []byte("r"))
	req, _ := http.NewRequest("POST", e.srv.URL+"/"+b, body)
	req.Header.Set("Content-Type", ct)
	rresp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	rresp.Body.Close()
	if rresp.StatusCode != 303 || !strings.HasPrefix(rresp.Header.Get("Location"), "http://example.com/done?") {
		t.Fatalf("redirect: %d %s", rresp.StatusCode, rresp.Header.Get("Location"))
	}
	// Unsigned forms are refused: nubo buckets allow no anonymous writes.
	var anon bytes.Buffer
	w := multipart.NewWriter(&anon)
	w.WriteField("key", "anon")
	fw, _ := w.CreateFormFile("file", "f")
	fw.Write([]byte("x"))
	w.Close()
	if resp, msg := post(&anon, w.FormDataContentType()); resp.StatusCode != 403 {
		t.Fatalf("anonymous POST: %d %s", resp.StatusCode, msg)
	}
}

// TestUnconfigurableSubresources: what S3 says about a new bucket's
// policy, lifecycle, ownership, public access block and ACLs.
func TestUnconfigurableSubresources(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("plain")
	e.put(b, "k", []byte("x"))
	_, err := e.c.GetBucketPolicy(e.ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(b)})
	wantErr(t, err, "NoSuchBucketPolicy", 404)
	_, err = e.c.GetBucketLifecycleConfiguration(e.ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(b)})
	wantErr(t, err, "NoSuchLifecycleConfiguration", 404)
	_, err = e.c.GetBucketWebsite(e.ctx, &s3.GetBucketWebsiteInput{Bucket: aws.String(b)})
	wantErr(t, err, "NoSuchWebsiteConfiguration", 404)
	_, err = e.c.GetObjectLockConfiguration(e.ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(b)})
	wantErr(t, err, "ObjectLockConfigurationNotFoundError", 404)
	_, err = e.c.GetBucketPolicy(e.ctx, &s3.GetBucketPolicyInput{Bucket: aws.String("missing-bucket")})
	wantErr(t, err, "NoSuchBucket", 404)
	own, err := e.c.GetBucketOwnershipControls(e.ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(b)})
	if err != nil || len(own.OwnershipControls.Rules) != 1 || own.OwnershipControls.Rules[0].ObjectOwnership != types.ObjectOwnershipBucketOwnerEnforced {
		t.Fatalf("ownership = %+v %v", own, err)
	}
	pab, err := e.c.GetPublicAccessBlock(e.ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(b)})
	if err != nil || !aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicAcls) || !aws.ToBool(pab.PublicAccessBlockConfiguration.RestrictPublicBuckets) {
		t.Fatalf("public access block = %+v %v", pab, err)
	}
	for _, call := range []func() error{
		func() error {
			_, err := e.c.GetBucketLogging(e.ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(b)})
			return err
		},
		func() error {
			_, err := e.c.GetBucketNotificationConfiguration(e.ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(b)})
			return err
		},
		func() error {
			out, err := e.c.GetBucketRequestPayment(e.ctx, &s3.GetBucketRequestPaymentInput{Bucket: aws.String(b)})
			if err == nil && out.Payer != types.PayerBucketOwner {
				err = fmt.Errorf("payer %q", out.Payer)
			}
			return err
		},
		func() error {
			_, err := e.c.GetBucketAccelerateConfiguration(e.ctx, &s3.GetBucketAccelerateConfigurationInput{Bucket: aws.String(b)})
			return err
		},
	} {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	acl, err := e.c.GetBucketAcl(e.ctx, &s3.GetBucketAclInput{Bucket: aws.String(b)})
	if err != nil || len(acl.Grants) != 1 || acl.Grants[0].Permission != types.PermissionFullControl || acl.Grants[0].Grantee.Type != types.TypeCanonicalUser ||
		aws.ToString(acl.Grants[0].Grantee.ID) != aws.ToString(acl.Owner.ID) {
		t.Fatalf("bucket ACL = %+v %v", acl, err)
	}
	oacl, err := e.c.GetObjectAcl(e.ctx, &s3.GetObjectAclInput{Bucket: aws.String(b), Key: aws.String("k")})
	if err != nil || len(oacl.Grants) != 1 {
		t.Fatalf("object ACL = %+v %v", oacl, err)
	}
	_, err = e.c.GetObjectAcl(e.ctx, &s3.GetObjectAclInput{Bucket: aws.String(b), Key: aws.String("missing")})
	wantErr(t, err, "NoSuchKey", 404)
	if _, err := e.c.PutBucketAcl(e.ctx, &s3.PutBucketAclInput{Bucket: aws.String(b), ACL: types.BucketCannedACLPrivate}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.PutBucketAcl(e.ctx, &s3.PutBucketAclInput{Bucket: aws.String(b), ACL: types.BucketCannedACLPublicRead})
	wantErr(t, err, "AccessControlListNotSupported", 400)
	if _, err := e.c.PutObjectAcl(e.ctx, &s3.PutObjectAclInput{Bucket: aws.String(b), Key: aws.String("k"), ACL: types.ObjectCannedACLBucketOwnerFullControl}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.PutObjectAcl(e.ctx, &s3.PutObjectAclInput{Bucket: aws.String(b), Key: aws.String("k"), GrantRead: aws.String("uri=http://acs.amazonaws.com/groups/global/AllUsers")})
	wantErr(t, err, "AccessControlListNotSupported", 400)
}
