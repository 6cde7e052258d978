package s3

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		host, path  string
		bucket, key string
		virtual     bool
	}{
		{"localhost:4566", "/", "", "", false},
		{"localhost:4566", "/b", "b", "", false},
		{"localhost:4566", "/b/", "b", "", false},
		{"localhost:4566", "/b/k", "b", "k", false},
		{"localhost:4566", "/b/dir//k%20x", "b", "dir//k x", false},
		{"localhost:4566", "/b/a%2Fb", "b", "a/b", false},
		{"b.localhost:4566", "/", "b", "", true},
		{"b.localhost:4566", "/dir/k", "b", "dir/k", true},
		{"my.dotted.b.s3.eu-west-1.localhost:4566", "/k", "my.dotted.b", "k", true},
		{"s3.us-east-1.localhost:4566", "/b/k", "b", "k", false},
		{"127.0.0.1:4566", "/b/k", "b", "k", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "http://"+tt.host+tt.path, nil)
		got, err := parseTarget(r)
		if err != nil {
			t.Fatalf("%s%s: %v", tt.host, tt.path, err)
		}
		if got.Bucket != tt.bucket || got.Key != tt.key || got.VirtualHost != tt.virtual {
			t.Errorf("%s%s = %+v, want bucket %q key %q virtual %v", tt.host, tt.path, got, tt.bucket, tt.key, tt.virtual)
		}
	}
}

func TestSelectOperation(t *testing.T) {
	tests := []struct {
		method string
		lv     level
		query  string
		header string
		want   string
	}{
		{"GET", levelService, "", "", "ListBuckets"},
		{"GET", levelService, "x-id=ListDirectoryBuckets", "", "ListDirectoryBuckets"},
		{"PUT", levelBucket, "", "", "CreateBucket"},
		{"GET", levelBucket, "", "", "ListObjects"},
		{"GET", levelBucket, "list-type=2&prefix=a", "", "ListObjectsV2"},
		{"GET", levelBucket, "list-type=1", "", "ListObjects"},
		{"GET", levelBucket, "versioning", "", "GetBucketVersioning"},
		{"GET", levelBucket, "versions", "", "ListObjectVersions"},
		{"GET", levelBucket, "uploads", "", "ListMultipartUploads"},
		{"GET", levelBucket, "location", "", "GetBucketLocation"},
		{"GET", levelBucket, "analytics", "", "ListBucketAnalyticsConfigurations"},
		{"GET", levelBucket, "analytics&id=x", "", "GetBucketAnalyticsConfiguration"},
		{"POST", levelBucket, "delete", "", "DeleteObjects"},
		{"DELETE", levelBucket, "cors", "", "DeleteBucketCors"},
		{"HEAD", levelBucket, "", "", "HeadBucket"},
		{"PUT", levelObject, "", "", "PutObject"},
		{"PUT", levelObject, "", "X-Amz-Copy-Source", "CopyObject"},
		{"PUT", levelObject, "partNumber=1&uploadId=u", "", "UploadPart"},
		{"PUT", levelObject, "partNumber=1&uploadId=u", "X-Amz-Copy-Source", "UploadPartCopy"},
		{"PUT", levelObject, "tagging", "", "PutObjectTagging"},
		{"GET", levelObject, "", "", "GetObject"},
		{"GET", levelObject, "partNumber=2", "", "GetObject"},
		{"GET", levelObject, "uploadId=u", "", "ListParts"},
		{"GET", levelObject, "attributes", "", "GetObjectAttributes"},
		{"GET", levelObject, "attributes", "X-Amz-Object-Attributes", "GetObjectAttributes"},
		{"POST", levelObject, "uploads", "", "CreateMultipartUpload"},
		{"POST", levelObject, "uploadId=u", "", "CompleteMultipartUpload"},
		{"POST", levelObject, "select&select-type=2", "", "SelectObjectContent"},
		{"DELETE", levelObject, "uploadId=u", "", "AbortMultipartUpload"},
		{"DELETE", levelObject, "", "", "DeleteObject"},
		{"HEAD", levelObject, "", "", "HeadObject"},
		{"PATCH", levelObject, "", "", ""},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		h := http.Header{}
		if tt.header != "" {
			h.Set(tt.header, "x")
		}
		if got := selectOperation(tt.method, tt.lv, q, h); got != tt.want {
			t.Errorf("%s level %d ?%s %s = %q, want %q", tt.method, tt.lv, tt.query, tt.header, got, tt.want)
		}
	}
}

// TestEveryOperationReachable checks that the dispatch table selects each
// operation of the model from a request shaped like the model's URI, without
// the x-id hint SDKs add (except where two operations share a URI).
func TestEveryOperationReachable(t *testing.T) {
	for _, op := range operations {
		q := url.Values{}
		for _, kv := range op.Query {
			k, v, _ := cutEq(kv)
			q.Set(k, v)
		}
		if op.Name == "ListDirectoryBuckets" {
			q.Set("x-id", op.Name)
		}
		h := http.Header{}
		for _, name := range op.Headers {
			h.Set(name, "x")
		}
		if got := selectOperation(op.Method, op.Level, q, h); got != op.Name {
			t.Errorf("%s: selected %q", op.Name, got)
		}
	}
}

func cutEq(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
