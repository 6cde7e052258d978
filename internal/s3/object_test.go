package s3_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestPutGetHeadDelete(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("objs")
	data := randomBytes(10_000)
	sum := md5.Sum(data)
	out := e.put(b, "dir/file.bin", data, func(in *s3.PutObjectInput) {
		in.ContentType = aws.String("application/x-test")
		in.Metadata = map[string]string{"Color": "blue", "owner-name": "ana"}
		in.CacheControl = aws.String("max-age=60")
		in.ContentDisposition = aws.String(`attachment; filename="f.bin"`)
		in.ContentEncoding = aws.String("identity")
		in.ContentLanguage = aws.String("es")
		in.Expires = aws.Time(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	})
	wantETag := `"` + hex.EncodeToString(sum[:]) + `"`
	if aws.ToString(out.ETag) != wantETag {
		t.Fatalf("ETag = %s, want %s", aws.ToString(out.ETag), wantETag)
	}
	if got := e.get(b, "dir/file.bin"); !bytes.Equal(got, data) {
		t.Fatal("GET returned different bytes")
	}
	head, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("dir/file.bin")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt64(head.ContentLength) != 10_000 || aws.ToString(head.ContentType) != "application/x-test" ||
		head.Metadata["color"] != "blue" || head.Metadata["owner-name"] != "ana" ||
		aws.ToString(head.CacheControl) != "max-age=60" || aws.ToString(head.ContentLanguage) != "es" ||
		aws.ToString(head.ContentDisposition) != `attachment; filename="f.bin"` || aws.ToString(head.ContentEncoding) != "identity" ||
		aws.ToString(head.ExpiresString) != "Wed, 02 Jan 2030 03:04:05 GMT" || aws.ToString(head.ETag) != wantETag ||
		head.LastModified == nil || aws.ToString(head.AcceptRanges) != "bytes" {
		t.Fatalf("HeadObject = %+v", head)
	}
	if _, err := e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("dir/file.bin")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("dir/file.bin")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("dir/file.bin")})
	wantErr(t, err, "NotFound", 404)
	// Deleting what is not there succeeds.
	if _, err := e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("nothing")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String("no-such-bucket"), Key: aws.String("k")})
	wantErr(t, err, "NoSuchBucket", 404)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String("no-such-bucket"), Key: aws.String("k"), Body: strings.NewReader("x")})
	wantErr(t, err, "NoSuchBucket", 404)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String(strings.Repeat("k", 1025)), Body: strings.NewReader("x")})
	wantErr(t, err, "KeyTooLongError", 400)
	// Keys keep every byte: spaces, unicode, repeated slashes.
	for _, k := range []string{"a b+c", "ñandú/€", "x//y", "q?x=1&y", "dot/./seg"} {
		e.put(b, k, []byte(k))
		if got := e.get(b, k); string(got) != k {
			t.Errorf("key %q read back %q", k, got)
		}
	}
	e.put(b, "empty", nil)
	if got := e.get(b, "empty"); len(got) != 0 {
		t.Errorf("empty object read back %d bytes", len(got))
	}
}

func TestRanges(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("ranges")
	data := []byte("0123456789abcdefghij")
	e.put(b, "k", data)
	tests := []struct {
		rng, want, contentRange string
	}{
		{"bytes=0-4", "01234", "bytes 0-4/20"},
		{"bytes=15-", "fghij", "bytes 15-19/20"},
		{"bytes=-3", "hij", "bytes 17-19/20"},
		{"bytes=18-100", "ij", "bytes 18-19/20"},
	}
	for _, tt := range tests {
		out, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"), Range: aws.String(tt.rng)})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if string(got) != tt.want || aws.ToString(out.ContentRange) != tt.contentRange || aws.ToInt64(out.ContentLength) != int64(len(tt.want)) {
			t.Errorf("%s: %q %s %d", tt.rng, got, aws.ToString(out.ContentRange), aws.ToInt64(out.ContentLength))
		}
	}
	_, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"), Range: aws.String("bytes=20-")})
	wantErr(t, err, "InvalidRange", 416)
	// A range S3 cannot parse is ignored.
	out, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"), Range: aws.String("bytes=5-2")})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(out.Body)
	if !bytes.Equal(got, data) || out.ContentRange != nil {
		t.Errorf("ignored range: %q %v", got, out.ContentRange)
	}
}

func TestConditionalReads(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("cond")
	etag := aws.ToString(e.put(b, "k", []byte("hello")).ETag)
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	lm := *head.LastModified
	get := func(mod func(*s3.GetObjectInput)) error {
		in := &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k")}
		mod(in)
		out, err := e.c.GetObject(e.ctx, in)
		if err == nil {
			out.Body.Close()
		}
		return err
	}
	if err := get(func(in *s3.GetObjectInput) { in.IfMatch = aws.String(etag) }); err != nil {
		t.Fatal(err)
	}
	wantErr(t, get(func(in *s3.GetObjectInput) { in.IfMatch = aws.String(`"nope"`) }), "PreconditionFailed", 412)
	wantErr(t, get(func(in *s3.GetObjectInput) { in.IfNoneMatch = aws.String(etag) }), "NotModified", 304)
	wantErr(t, get(func(in *s3.GetObjectInput) { in.IfModifiedSince = aws.Time(lm.Add(time.Hour)) }), "NotModified", 304)
	wantErr(t, get(func(in *s3.GetObjectInput) { in.IfUnmodifiedSince = aws.Time(lm.Add(-time.Hour)) }), "PreconditionFailed", 412)
	if err := get(func(in *s3.GetObjectInput) { in.IfModifiedSince = aws.Time(lm.Add(-time.Hour)) }); err != nil {
		t.Fatal(err)
	}
	// If-Match true wins over If-Unmodified-Since false; If-None-Match false
	// wins over If-Modified-Since.
	if err := get(func(in *s3.GetObjectInput) {
		in.IfMatch = aws.String(etag)
		in.IfUnmodifiedSince = aws.Time(lm.Add(-time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	if err := get(func(in *s3.GetObjectInput) {
		in.IfNoneMatch = aws.String(`"other"`)
		in.IfModifiedSince = aws.Time(lm.Add(time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	_, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k"), IfMatch: aws.String(`"nope"`)})
	wantErr(t, err, "PreconditionFailed", 412)
}

func TestConditionalWrites(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("condw")
	first := e.put(b, "k", []byte("v1"), func(in *s3.PutObjectInput) { in.IfNoneMatch = aws.String("*") })
	_, err := e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("k"), Body: strings.NewReader("v2"), IfNoneMatch: aws.String("*")})
	wantErr(t, err, "PreconditionFailed", 412)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("k"), Body: strings.NewReader("v2"), IfMatch: aws.String(`"0000"`)})
	wantErr(t, err, "PreconditionFailed", 412)
	e.put(b, "k", []byte("v2"), func(in *s3.PutObjectInput) { in.IfMatch = first.ETag })
	if got := e.get(b, "k"); string(got) != "v2" {
		t.Fatalf("after conditional overwrite: %q", got)
	}
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("absent"), Body: strings.NewReader("x"), IfMatch: first.ETag})
	wantErr(t, err, "NoSuchKey", 404)
}

func TestResponseOverrides(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("overrides")
	e.put(b, "k", []byte("x"))
	out, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"),
		ResponseContentType: aws.String("text/plain"), ResponseContentDisposition: aws.String("inline"),
		ResponseCacheControl: aws.String("no-cache"), ResponseContentLanguage: aws.String("fr"),
		ResponseContentEncoding: aws.String("gzip"), ResponseExpires: aws.Time(time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	out.Body.Close()
	if aws.ToString(out.ContentType) != "text/plain" || aws.ToString(out.ContentDisposition) != "inline" ||
		aws.ToString(out.CacheControl) != "no-cache" || aws.ToString(out.ContentLanguage) != "fr" ||
		aws.ToString(out.ContentEncoding) != "gzip" || aws.ToString(out.ExpiresString) != "Wed, 01 Jan 2031 00:00:00 GMT" {
		t.Fatalf("overrides = %+v", out)
	}
}

func TestContentMD5(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("md5")
	data := []byte("payload")
	sum := md5.Sum(data)
	e.put(b, "ok", data, func(in *s3.PutObjectInput) { in.ContentMD5 = aws.String(base64.StdEncoding.EncodeToString(sum[:])) })
	bad := md5.Sum([]byte("other"))
	_, err := e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("bad"), Body: bytes.NewReader(data),
		ContentMD5: aws.String(base64.StdEncoding.EncodeToString(bad[:]))})
	wantErr(t, err, "BadDigest", 400)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("bad"), Body: bytes.NewReader(data),
		ContentMD5: aws.String("not-base64!")})
	wantErr(t, err, "InvalidDigest", 400)
	_, err = e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("bad")})
	wantErr(t, err, "NotFound", 404)
}

func TestObjectTagging(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("tags")
	e.put(b, "k", []byte("x"), func(in *s3.PutObjectInput) { in.Tagging = aws.String("a=1&b=two%20words") })
	tg, err := e.c.GetObjectTagging(e.ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(b), Key: aws.String("k")})
	if err != nil || len(tg.TagSet) != 2 || aws.ToString(tg.TagSet[1].Value) != "two words" {
		t.Fatalf("tags = %+v, %v", tg, err)
	}
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	out, _ := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	out.Body.Close()
	if aws.ToInt32(out.TagCount) != 2 || head == nil {
		t.Fatalf("tag count = %v", out.TagCount)
	}
	_, err = e.c.PutObjectTagging(e.ctx, &s3.PutObjectTaggingInput{Bucket: aws.String(b), Key: aws.String("k"),
		Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("only"), Value: aws.String("one")}}}})
	if err != nil {
		t.Fatal(err)
	}
	tg, _ = e.c.GetObjectTagging(e.ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(b), Key: aws.String("k")})
	if len(tg.TagSet) != 1 || aws.ToString(tg.TagSet[0].Key) != "only" {
		t.Fatalf("tags after put = %+v", tg.TagSet)
	}
	var many []types.Tag
	for i := 0; i < 11; i++ {
		many = append(many, types.Tag{Key: aws.String(string(rune('a' + i))), Value: aws.String("v")})
	}
	_, err = e.c.PutObjectTagging(e.ctx, &s3.PutObjectTaggingInput{Bucket: aws.String(b), Key: aws.String("k"), Tagging: &types.Tagging{TagSet: many}})
	wantErr(t, err, "InvalidTag", 400)
	if _, err := e.c.DeleteObjectTagging(e.ctx, &s3.DeleteObjectTaggingInput{Bucket: aws.String(b), Key: aws.String("k")}); err != nil {
		t.Fatal(err)
	}
	tg, _ = e.c.GetObjectTagging(e.ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(b), Key: aws.String("k")})
	if len(tg.TagSet) != 0 {
		t.Fatalf("tags after delete = %+v", tg.TagSet)
	}
	_, err = e.c.GetObjectTagging(e.ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(b), Key: aws.String("absent")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("k2"), Body: strings.NewReader("x"), Tagging: aws.String("aws:x=1")})
	wantErr(t, err, "InvalidTag", 400)
}

func TestDeleteObjects(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("multi-del")
	for _, k := range []string{"a", "b", "c"} {
		e.put(b, k, []byte(k))
	}
	ids := []types.ObjectIdentifier{{Key: aws.String("a")}, {Key: aws.String("b")}, {Key: aws.String("missing")}, {Key: aws.String(strings.Repeat("k", 1100))}}
	out, err := e.c.DeleteObjects(e.ctx, &s3.DeleteObjectsInput{Bucket: aws.String(b), Delete: &types.Delete{Objects: ids}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Deleted) != 3 || len(out.Errors) != 1 || aws.ToString(out.Errors[0].Code) != "KeyTooLongError" {
		t.Fatalf("DeleteObjects = %+v", out)
	}
	quiet, err := e.c.DeleteObjects(e.ctx, &s3.DeleteObjectsInput{Bucket: aws.String(b), Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("c")}}, Quiet: aws.Bool(true)}})
	if err != nil || len(quiet.Deleted) != 0 || len(quiet.Errors) != 0 {
		t.Fatalf("quiet = %+v, %v", quiet, err)
	}
	list, _ := e.c.ListObjectsV2(e.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b)})
	if len(list.Contents) != 0 {
		t.Fatalf("left: %+v", list.Contents)
	}
	var tooMany []types.ObjectIdentifier
	for i := 0; i < 1001; i++ {
		tooMany = append(tooMany, types.ObjectIdentifier{Key: aws.String("k")})
	}
	_, err = e.c.DeleteObjects(e.ctx, &s3.DeleteObjectsInput{Bucket: aws.String(b), Delete: &types.Delete{Objects: tooMany}})
	wantErr(t, err, "MalformedXML", 400)
}
