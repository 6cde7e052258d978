package s3_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestCopyObject(t *testing.T) {
	e := newEnv(t)
	src, dst := e.bucket("src"), e.bucket("dst")
	data := randomBytes(3000)
	put := e.put(src, "a b/orig", data, func(in *s3.PutObjectInput) {
		in.ContentType = aws.String("text/csv")
		in.Metadata = map[string]string{"m": "1"}
		in.Tagging = aws.String("t=1")
	})
	out, err := e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(dst), Key: aws.String("copy"), CopySource: aws.String(src + "/a%20b/orig")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.CopyObjectResult.ETag) != aws.ToString(put.ETag) || out.CopyObjectResult.LastModified == nil {
		t.Fatalf("CopyObjectResult = %+v", out.CopyObjectResult)
	}
	if got := e.get(dst, "copy"); !bytes.Equal(got, data) {
		t.Fatal("copy has different bytes")
	}
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(dst), Key: aws.String("copy")})
	if aws.ToString(head.ContentType) != "text/csv" || head.Metadata["m"] != "1" {
		t.Fatalf("COPY directive lost attributes: %+v", head)
	}
	tg, _ := e.c.GetObjectTagging(e.ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(dst), Key: aws.String("copy")})
	if len(tg.TagSet) != 1 {
		t.Fatalf("tags not copied: %+v", tg.TagSet)
	}
	// REPLACE takes the request's metadata and tags.
	_, err = e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(dst), Key: aws.String("replaced"), CopySource: aws.String(src + "/a b/orig"),
		MetadataDirective: types.MetadataDirectiveReplace, ContentType: aws.String("text/plain"), Metadata: map[string]string{"n": "2"},
		TaggingDirective: types.TaggingDirectiveReplace, Tagging: aws.String("x=y&z=w")})
	if err != nil {
		t.Fatal(err)
	}
	head, _ = e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(dst), Key: aws.String("replaced")})
	if aws.ToString(head.ContentType) != "text/plain" || head.Metadata["n"] != "2" || head.Metadata["m"] != "" {
		t.Fatalf("REPLACE: %+v", head)
	}
	tg, _ = e.c.GetObjectTagging(e.ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(dst), Key: aws.String("replaced")})
	if len(tg.TagSet) != 2 {
		t.Fatalf("REPLACE tags: %+v", tg.TagSet)
	}
	// Copying onto itself needs a change.
	_, err = e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(src), Key: aws.String("a b/orig"), CopySource: aws.String(src + "/a b/orig")})
	wantErr(t, err, "InvalidRequest", 400)
	_, err = e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(src), Key: aws.String("a b/orig"), CopySource: aws.String(src + "/a b/orig"),
		MetadataDirective: types.MetadataDirectiveReplace, Metadata: map[string]string{"new": "yes"}})
	if err != nil {
		t.Fatalf("self-copy with REPLACE: %v", err)
	}
	_, err = e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(dst), Key: aws.String("x"), CopySource: aws.String(src + "/missing")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(dst), Key: aws.String("x"), CopySource: aws.String("nobucket/k")})
	wantErr(t, err, "NoSuchBucket", 404)
	_, err = e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(dst), Key: aws.String("x"), CopySource: aws.String("justbucket")})
	wantErr(t, err, "InvalidArgument", 400)
	_, err = e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(dst), Key: aws.String("x"), CopySource: aws.String(src + "/a b/orig"), MetadataDirective: "MOVE"})
	wantErr(t, err, "InvalidArgument", 400)
}

func TestCopySourceConditions(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("copycond")
	etag := e.put(b, "src", []byte("data")).ETag
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("src")})
	lm := *head.LastModified
	cp := func(mod func(*s3.CopyObjectInput)) error {
		in := &s3.CopyObjectInput{Bucket: aws.String(b), Key: aws.String("dst"), CopySource: aws.String(b + "/src")}
		mod(in)
		_, err := e.c.CopyObject(e.ctx, in)
		return err
	}
	if err := cp(func(in *s3.CopyObjectInput) { in.CopySourceIfMatch = etag }); err != nil {
		t.Fatal(err)
	}
	wantErr(t, cp(func(in *s3.CopyObjectInput) { in.CopySourceIfMatch = aws.String(`"x"`) }), "PreconditionFailed", 412)
	wantErr(t, cp(func(in *s3.CopyObjectInput) { in.CopySourceIfNoneMatch = etag }), "PreconditionFailed", 412)
	wantErr(t, cp(func(in *s3.CopyObjectInput) { in.CopySourceIfModifiedSince = aws.Time(lm.Add(time.Hour)) }), "PreconditionFailed", 412)
	wantErr(t, cp(func(in *s3.CopyObjectInput) { in.CopySourceIfUnmodifiedSince = aws.Time(lm.Add(-time.Hour)) }), "PreconditionFailed", 412)
	if err := cp(func(in *s3.CopyObjectInput) {
		in.CopySourceIfMatch = etag
		in.CopySourceIfUnmodifiedSince = aws.Time(lm.Add(-time.Hour))
	}); err != nil {
		t.Fatalf("If-Match true must win over If-Unmodified-Since: %v", err)
	}
}

func TestCopyVersion(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("copyver")
	e.versioning(b, types.BucketVersioningStatusEnabled)
	v1 := e.put(b, "k", []byte("one")).VersionId
	e.put(b, "k", []byte("two"))
	out, err := e.c.CopyObject(e.ctx, &s3.CopyObjectInput{Bucket: aws.String(b), Key: aws.String("old"), CopySource: aws.String(b + "/k?versionId=" + aws.ToString(v1))})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.CopySourceVersionId) != aws.ToString(v1) || out.VersionId == nil {
		t.Fatalf("copy output %+v", out)
	}
	if got := e.get(b, "old"); string(got) != "one" {
		t.Fatalf("copied version = %q", got)
	}
}
