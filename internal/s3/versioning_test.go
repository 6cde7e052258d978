package s3_test

import (
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func (e *env) versioning(bucket string, status types.BucketVersioningStatus) {
	e.t.Helper()
	_, err := e.c.PutBucketVersioning(e.ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(bucket),
		VersioningConfiguration: &types.VersioningConfiguration{Status: status}})
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestVersioning(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("versioned")
	v, err := e.c.GetBucketVersioning(e.ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(b)})
	if err != nil || v.Status != "" {
		t.Fatalf("initial versioning = %+v %v", v, err)
	}
	if out := e.put(b, "k", []byte("null-version")); out.VersionId != nil {
		t.Fatalf("unversioned PUT returned version %s", aws.ToString(out.VersionId))
	}
	e.versioning(b, types.BucketVersioningStatusEnabled)
	v, _ = e.c.GetBucketVersioning(e.ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(b)})
	if v.Status != types.BucketVersioningStatusEnabled {
		t.Fatalf("status = %q", v.Status)
	}
	v1 := aws.ToString(e.put(b, "k", []byte("one")).VersionId)
	v2 := aws.ToString(e.put(b, "k", []byte("two")).VersionId)
	if v1 == "" || v2 == "" || v1 == v2 {
		t.Fatalf("version ids %q %q", v1, v2)
	}
	read := func(version string) (string, error) {
		out, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"), VersionId: aws.String(version)})
		if err != nil {
			return "", err
		}
		defer out.Body.Close()
		data, _ := io.ReadAll(out.Body)
		if aws.ToString(out.VersionId) != version {
			t.Errorf("version header %q, want %q", aws.ToString(out.VersionId), version)
		}
		return string(data), nil
	}
	if got, err := read(v1); got != "one" || err != nil {
		t.Fatalf("v1 = %q %v", got, err)
	}
	if got, err := read("null"); got != "null-version" || err != nil {
		t.Fatalf("null version = %q %v", got, err)
	}
	del, err := e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	if err != nil || !aws.ToBool(del.DeleteMarker) || del.VersionId == nil {
		t.Fatalf("delete = %+v %v", del, err)
	}
	_, err = e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"), VersionId: del.VersionId})
	wantErr(t, err, "MethodNotAllowed", 405)
	_, err = e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"), VersionId: aws.String("bogus")})
	wantErr(t, err, "InvalidArgument", 400)
	if got, _ := read(v2); got != "two" {
		t.Fatalf("v2 after delete marker = %q", got)
	}
	vers, err := e.c.ListObjectVersions(e.ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(b)})
	if err != nil || len(vers.Versions) != 3 || len(vers.DeleteMarkers) != 1 || !aws.ToBool(vers.DeleteMarkers[0].IsLatest) {
		t.Fatalf("versions = %+v %v", vers, err)
	}
	if aws.ToString(vers.Versions[0].VersionId) != v2 || aws.ToString(vers.Versions[2].VersionId) != "null" {
		t.Fatalf("version order: %s %s %s", aws.ToString(vers.Versions[0].VersionId), aws.ToString(vers.Versions[1].VersionId), aws.ToString(vers.Versions[2].VersionId))
	}
	// Removing the delete marker brings the object back.
	if _, err := e.c.DeleteObject(e.ctx, &s3.DeleteObjectInput{Bucket: aws.String(b), Key: aws.String("k"), VersionId: del.VersionId}); err != nil {
		t.Fatal(err)
	}
	if got := e.get(b, "k"); string(got) != "two" {
		t.Fatalf("after removing marker: %q", got)
	}
	page, err := e.c.ListObjectVersions(e.ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(b), MaxKeys: aws.Int32(1)})
	if err != nil || !aws.ToBool(page.IsTruncated) || len(page.Versions) != 1 || page.NextKeyMarker == nil || page.NextVersionIdMarker == nil {
		t.Fatalf("paged versions = %+v %v", page, err)
	}
	next, err := e.c.ListObjectVersions(e.ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(b), MaxKeys: aws.Int32(5), KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker})
	if err != nil || len(next.Versions) != 2 {
		t.Fatalf("next page = %+v %v", next, err)
	}
	e.versioning(b, types.BucketVersioningStatusSuspended)
	v, _ = e.c.GetBucketVersioning(e.ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(b)})
	if v.Status != types.BucketVersioningStatusSuspended {
		t.Fatalf("status = %q", v.Status)
	}
	_, err = e.c.PutBucketVersioning(e.ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(b), VersioningConfiguration: &types.VersioningConfiguration{Status: "On"}})
	wantErr(t, err, "MalformedXML", 400)
	// DeleteObjects reports delete markers.
	e.versioning(b, types.BucketVersioningStatusEnabled)
	dm, err := e.c.DeleteObjects(e.ctx, &s3.DeleteObjectsInput{Bucket: aws.String(b), Delete: &types.Delete{Objects: []types.ObjectIdentifier{{Key: aws.String("k")}}}})
	if err != nil || len(dm.Deleted) != 1 || !aws.ToBool(dm.Deleted[0].DeleteMarker) || dm.Deleted[0].DeleteMarkerVersionId == nil {
		t.Fatalf("DeleteObjects = %+v %v", dm, err)
	}
}

// TestVersionHeaderOnReads: as in S3, GET and HEAD of a null version carry
// x-amz-version-id: null once the bucket has had versioning configured
// (Enabled or Suspended), and no header where versioning was never
// enabled; a PUT into a suspended bucket reports no version.
func TestVersionHeaderOnReads(t *testing.T) {
	e := newEnv(t)
	check := func(b, want string) {
		t.Helper()
		head, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
		if err != nil {
			t.Fatal(err)
		}
		get, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
		if err != nil {
			t.Fatal(err)
		}
		get.Body.Close()
		for op, got := range map[string]*string{"HEAD": head.VersionId, "GET": get.VersionId} {
			if (want == "") != (got == nil) || aws.ToString(got) != want {
				t.Errorf("%s %s: version header %v, want %q", b, op, aws.ToString(got), want)
			}
		}
	}

	never := e.bucket("never-versioned")
	e.put(never, "k", []byte("x"))
	check(never, "")

	suspended := e.bucket("suspended")
	e.versioning(suspended, types.BucketVersioningStatusSuspended)
	if out := e.put(suspended, "k", []byte("x")); out.VersionId != nil {
		t.Errorf("PUT into a suspended bucket returned version %q", aws.ToString(out.VersionId))
	}
	check(suspended, "null")

	enabled := e.bucket("enabled-later")
	e.put(enabled, "k", []byte("before versioning"))
	e.versioning(enabled, types.BucketVersioningStatusEnabled)
	check(enabled, "null")
	v := aws.ToString(e.put(enabled, "k", []byte("after")).VersionId)
	if v == "" || v == "null" {
		t.Fatalf("PUT with versioning enabled returned version %q", v)
	}
	check(enabled, v)
}
