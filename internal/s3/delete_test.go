package s3_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// TestConditionalDelete: If-Match on DeleteObject is judged against the
// key's current version, as in S3: a wrong ETag is 412 and deletes
// nothing, the right one or "*" deletes, and with no current version (an
// absent key, or a delete marker on top) the answer is 404 NoSuchKey.
func TestConditionalDelete(t *testing.T) {
	e := newEnv(t)
	for _, versioning := range []types.BucketVersioningStatus{"", types.BucketVersioningStatusEnabled, types.BucketVersioningStatusSuspended} {
		b := e.bucket("cond-delete-" + map[types.BucketVersioningStatus]string{"": "plain", "Enabled": "enabled", "Suspended": "suspended"}[versioning])
		if versioning != "" {
			e.versioning(b, versioning)
		}
		del := func(key, ifMatch string) error {
			_, err := e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String(key), IfMatch: aws.String(ifMatch)})
			return err
		}
		etag := aws.ToString(e.put(b, "k", []byte("data")).ETag)
		wantErr(t, del("k", `"0123456789abcdef0123456789abcdef"`), "PreconditionFailed", 412)
		if got := e.get(b, "k"); string(got) != "data" {
			t.Fatalf("%s: refused delete changed the object: %q", versioning, got)
		}
		if err := del("k", etag); err != nil {
			t.Fatalf("%s: delete with the right ETag: %v", versioning, err)
		}
		wantErr(t, del("k", "*"), "NoSuchKey", 404)
		wantErr(t, del("k", etag), "NoSuchKey", 404)
		wantErr(t, del("never-written", "*"), "NoSuchKey", 404)
		e.put(b, "star", []byte("x"))
		if err := del("star", "*"); err != nil {
			t.Fatalf("%s: If-Match: * on an existing object: %v", versioning, err)
		}
	}

	// A versioned delete is judged against the current version too.
	b := e.bucket("cond-delete-version")
	e.versioning(b, types.BucketVersioningStatusEnabled)
	v1 := e.put(b, "k", []byte("one"))
	e.put(b, "k", []byte("two"))
	_, err := e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("k"), VersionId: v1.VersionId, IfMatch: v1.ETag})
	wantErr(t, err, "PreconditionFailed", 412)

	// The directory-bucket conditions stay refused rather than ignored.
	_, err = e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("k"), IfMatchSize: aws.Int64(3)})
	wantErr(t, err, "NotImplemented", 501)
	_, err = e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("k"), IfMatchLastModifiedTime: aws.Time(time.Now())})
	wantErr(t, err, "NotImplemented", 501)
}

// TestConditionalDeleteObjects: an entry's ETag is a precondition on that
// key alone; failures are per-key errors.
func TestConditionalDeleteObjects(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("cond-delete-batch")
	good := aws.ToString(e.put(b, "good", []byte("1")).ETag)
	e.put(b, "stale", []byte("2"))
	e.put(b, "sized", []byte("3"))
	out, err := e.c.DeleteObjects(e.ctx, &s3.DeleteObjectsInput{Bucket: aws.String(b), Delete: &types.Delete{Objects: []types.ObjectIdentifier{
		{Key: aws.String("good"), ETag: aws.String(good)},
		{Key: aws.String("stale"), ETag: aws.String(`"0123456789abcdef0123456789abcdef"`)},
		{Key: aws.String("absent"), ETag: aws.String("*")},
		{Key: aws.String("sized"), Size: aws.Int64(1)},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Deleted) != 1 || aws.ToString(out.Deleted[0].Key) != "good" {
		t.Fatalf("deleted = %+v", out.Deleted)
	}
	codes := map[string]string{}
	for _, er := range out.Errors {
		codes[aws.ToString(er.Key)] = aws.ToString(er.Code)
	}
	want := map[string]string{"stale": "PreconditionFailed", "absent": "NoSuchKey", "sized": "NotImplemented"}
	for k, c := range want {
		if codes[k] != c {
			t.Errorf("%s: error %q, want %q (all: %v)", k, codes[k], c, codes)
		}
	}
	for _, k := range []string{"stale", "sized"} {
		if got := e.get(b, k); len(got) != 1 {
			t.Errorf("%s was deleted", k)
		}
	}
}
