package s3

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/engine/objects"
)

func TestParseRange(t *testing.T) {
	tests := []struct {
		h      string
		size   int64
		want   byteRange
		result rangeResult
	}{
		{"bytes=0-9", 100, byteRange{0, 9}, rangeOK},
		{"bytes=10-", 100, byteRange{10, 99}, rangeOK},
		{"bytes=-10", 100, byteRange{90, 99}, rangeOK},
		{"bytes=-1000", 100, byteRange{0, 99}, rangeOK},
		{"bytes=90-1000", 100, byteRange{90, 99}, rangeOK},
		{"bytes=99-99", 100, byteRange{99, 99}, rangeOK},
		{"bytes=100-", 100, byteRange{}, rangeUnsatisfiable},
		{"bytes=100-200", 100, byteRange{}, rangeUnsatisfiable},
		{"bytes=-0", 100, byteRange{}, rangeUnsatisfiable},
		{"bytes=0-", 0, byteRange{}, rangeUnsatisfiable},
		{"bytes=-5", 0, byteRange{}, rangeUnsatisfiable},
		{"bytes=9-0", 100, byteRange{}, rangeNone},
		{"bytes=0-1,3-4", 100, byteRange{}, rangeNone},
		{"items=0-1", 100, byteRange{}, rangeNone},
		{"bytes=a-b", 100, byteRange{}, rangeNone},
		{"bytes=", 100, byteRange{}, rangeNone},
	}
	for _, tt := range tests {
		got, res := parseRange(tt.h, tt.size)
		if res != tt.result || res == rangeOK && got != tt.want {
			t.Errorf("parseRange(%q, %d) = %v %v, want %v %v", tt.h, tt.size, got, res, tt.want, tt.result)
		}
	}
}

func TestParseCopySource(t *testing.T) {
	tests := []struct {
		v       string
		want    copySource
		errCode string
	}{
		{"/b/k", copySource{Bucket: "b", Key: "k"}, ""},
		{"b/dir/k", copySource{Bucket: "b", Key: "dir/k"}, ""},
		{"/b/a%20b%3Fc", copySource{Bucket: "b", Key: "a b?c"}, ""},
		{"/b/k?versionId=abc", copySource{Bucket: "b", Key: "k", VersionID: "abc"}, ""},
		{"/b/k?versionId=", copySource{}, "InvalidArgument"},
		{"/b", copySource{}, "InvalidArgument"},
		{"/b/", copySource{}, "InvalidArgument"},
		{"", copySource{}, "InvalidArgument"},
		{"/b/%zz", copySource{}, "InvalidArgument"},
		{"/b/" + strings.Repeat("k", 1025), copySource{}, "KeyTooLongError"},
	}
	for _, tt := range tests {
		got, err := parseCopySource(tt.v)
		if errCode(err) != tt.errCode || err == nil && got != tt.want {
			t.Errorf("parseCopySource(%q) = %+v %v, want %+v %q", tt.v, got, err, tt.want, tt.errCode)
		}
	}
}

func TestParseCopySourceRange(t *testing.T) {
	if r, err := parseCopySourceRange("bytes=0-4", 10); err != nil || r != (byteRange{0, 4}) {
		t.Errorf("got %v %v", r, err)
	}
	for _, bad := range []string{"bytes=5-", "bytes=-5", "bytes=4-2", "0-4", "bytes=0-10"} {
		if _, err := parseCopySourceRange(bad, 10); errCode(err) != "InvalidArgument" {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestParseChecksumHeaders(t *testing.T) {
	tests := []struct {
		headers map[string]string
		want    checksumSpec
		errCode string
	}{
		{map[string]string{}, checksumSpec{}, ""},
		{map[string]string{"X-Amz-Checksum-Crc32": "AAAAAA=="}, checksumSpec{Algorithm: "CRC32", Value: "AAAAAA=="}, ""},
		{map[string]string{"X-Amz-Sdk-Checksum-Algorithm": "crc32", "X-Amz-Checksum-Crc32": "AAAAAA=="}, checksumSpec{Algorithm: "CRC32", Value: "AAAAAA=="}, ""},
		{map[string]string{"X-Amz-Trailer": "x-amz-checksum-crc64nvme"}, checksumSpec{Algorithm: "CRC64NVME", Trailer: true}, ""},
		{map[string]string{"X-Amz-Checksum-Crc32": "AAAA"}, checksumSpec{}, "InvalidRequest"},
		{map[string]string{"X-Amz-Checksum-Crc32": "AAAAAA==", "X-Amz-Checksum-Sha1": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}, checksumSpec{}, "InvalidRequest"},
		{map[string]string{"X-Amz-Sdk-Checksum-Algorithm": "CRC32"}, checksumSpec{}, "InvalidRequest"},
		{map[string]string{"X-Amz-Sdk-Checksum-Algorithm": "MD5", "X-Amz-Checksum-Crc32": "AAAAAA=="}, checksumSpec{}, "InvalidRequest"},
		{map[string]string{"X-Amz-Trailer": "x-amz-foo"}, checksumSpec{}, "InvalidRequest"},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.headers {
			h.Set(k, v)
		}
		got, err := parseChecksumHeaders(h)
		if errCode(err) != tt.errCode || err == nil && got != tt.want {
			t.Errorf("%v: %+v %v, want %+v %q", tt.headers, got, err, tt.want, tt.errCode)
		}
	}
}

func TestComputeChecksum(t *testing.T) {
	// Known values for "hello world".
	data := []byte("hello world")
	want := map[string]string{
		"CRC32":     "DUoRhQ==",
		"CRC32C":    "yZRlqg==",
		"SHA1":      "Kq5sNclPz7QV2+lfQIuc6R7oRu0=",
		"SHA256":    "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=",
		"CRC64NVME": "jSnVw/bqjr4=",
	}
	for alg, v := range want {
		if got := computeChecksum(alg, data); got != v {
			t.Errorf("%s = %s, want %s", alg, got, v)
		}
	}
}

func TestConditions(t *testing.T) {
	lm := time.Date(2024, 5, 1, 12, 0, 0, 500e6, time.UTC)
	o := objects.Object{ETag: `"abc"`, LastModified: lm}
	before := lm.Add(-time.Hour).Format(http.TimeFormat)
	after := lm.Add(time.Hour).Format(http.TimeFormat)
	same := lm.Format(http.TimeFormat)
	tests := []struct {
		c    conditions
		want outcome
	}{
		{conditions{}, proceed},
		{conditions{IfMatch: `"abc"`}, proceed},
		{conditions{IfMatch: "abc"}, proceed},
		{conditions{IfMatch: `"x", "abc"`}, proceed},
		{conditions{IfMatch: "*"}, proceed},
		{conditions{IfMatch: `"x"`}, failed},
		{conditions{IfUnmodifiedSince: before}, failed},
		{conditions{IfUnmodifiedSince: same}, proceed},
		{conditions{IfMatch: `"abc"`, IfUnmodifiedSince: before}, proceed},
		{conditions{IfNoneMatch: `"abc"`}, notModified},
		{conditions{IfNoneMatch: `"x"`}, proceed},
		{conditions{IfModifiedSince: after}, notModified},
		{conditions{IfModifiedSince: same}, notModified},
		{conditions{IfModifiedSince: before}, proceed},
		{conditions{IfNoneMatch: `"x"`, IfModifiedSince: after}, proceed},
		{conditions{IfNoneMatch: `"abc"`, IfModifiedSince: before}, notModified},
		{conditions{IfMatch: `"x"`, IfNoneMatch: `"abc"`}, failed},
		{conditions{IfModifiedSince: "not a date"}, proceed},
	}
	for _, tt := range tests {
		if got, _ := tt.c.evaluate(o); got != tt.want {
			t.Errorf("%+v = %v, want %v", tt.c, got, tt.want)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"bytes=0-9", "bytes=-5", "bytes=5-", "bytes=9-0", "bytes=0-1,2-3", "bytes=99999999999999999999-"} {
		f.Add(s, int64(100))
	}
	f.Fuzz(func(t *testing.T, h string, size int64) {
		if size < 0 {
			size = -size
			if size < 0 {
				size = 0
			}
		}
		r, res := parseRange(h, size)
		if res == rangeOK && (r.Start < 0 || r.End >= size || r.Start > r.End) {
			t.Fatalf("parseRange(%q, %d) = %+v outside the object", h, size, r)
		}
	})
}

func FuzzParseCopySource(f *testing.F) {
	for _, s := range []string{"/b/k", "b/k?versionId=v", "/b/a%2Fb", "%", "/b/k?versionId=%zz", "arn:aws:s3:::x/y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		src, err := parseCopySource(v)
		requireS3Error(t, err)
		if err == nil && (src.Bucket == "" || src.Key == "") {
			t.Fatalf("parseCopySource(%q) = %+v with an empty part", v, src)
		}
	})
}

func FuzzParseCopySourceRange(f *testing.F) {
	for _, s := range []string{"bytes=0-4", "bytes=-1", "bytes=1-0", "bytes=0-99999999999999999999"} {
		f.Add(s, int64(10))
	}
	f.Fuzz(func(t *testing.T, v string, size int64) {
		r, err := parseCopySourceRange(v, size)
		requireS3Error(t, err)
		if err == nil && (r.Start < 0 || r.End >= size || r.Start > r.End) {
			t.Fatalf("parseCopySourceRange(%q, %d) = %+v", v, size, r)
		}
	})
}
