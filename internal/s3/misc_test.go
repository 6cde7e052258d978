package s3_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestGetObjectAttributesSimple(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("attrs")
	put := e.put(b, "k", []byte("12345"), func(in *s3.PutObjectInput) { in.StorageClass = types.StorageClassStandardIa })
	out, err := e.c.GetObjectAttributes(e.ctx, &s3.GetObjectAttributesInput{Bucket: aws.String(b), Key: aws.String("k"),
		ObjectAttributes: []types.ObjectAttributes{types.ObjectAttributesEtag, types.ObjectAttributesChecksum, types.ObjectAttributesObjectSize,
			types.ObjectAttributesStorageClass, types.ObjectAttributesObjectParts}})
	if err != nil {
		t.Fatal(err)
	}
	if `"`+aws.ToString(out.ETag)+`"` != aws.ToString(put.ETag) || aws.ToInt64(out.ObjectSize) != 5 || out.StorageClass != types.StorageClassStandardIa ||
		out.ObjectParts != nil || out.Checksum == nil || out.Checksum.ChecksumCRC32 == nil || out.LastModified == nil {
		t.Fatalf("attributes = %+v", out)
	}
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	if head.StorageClass != types.StorageClassStandardIa {
		t.Errorf("storage class on HEAD = %q", head.StorageClass)
	}
	_, err = e.c.GetObjectAttributes(e.ctx, &s3.GetObjectAttributesInput{Bucket: aws.String(b), Key: aws.String("k"), ObjectAttributes: []types.ObjectAttributes{"Color"}})
	wantErr(t, err, "InvalidArgument", 400)
	_, err = e.c.GetObjectAttributes(e.ctx, &s3.GetObjectAttributesInput{Bucket: aws.String(b), Key: aws.String("nope"), ObjectAttributes: []types.ObjectAttributes{types.ObjectAttributesEtag}})
	wantErr(t, err, "NoSuchKey", 404)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("g"), Body: strings.NewReader("x"), StorageClass: "PLATINUM"})
	wantErr(t, err, "InvalidStorageClass", 400)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("g"), Body: strings.NewReader("x"), StorageClass: types.StorageClassGlacier})
	wantErr(t, err, "NotImplemented", 501)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("g"), Body: strings.NewReader("x"), Metadata: map[string]string{"big": strings.Repeat("v", 2100)}})
	wantErr(t, err, "MetadataTooLarge", 400)
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("g"), Body: strings.NewReader("x"), ACL: types.ObjectCannedACLPublicRead})
	wantErr(t, err, "AccessControlListNotSupported", 400)
	e.put(b, "g", []byte("x"), func(in *s3.PutObjectInput) { in.ACL = types.ObjectCannedACLBucketOwnerFullControl })
}

func TestDeleteObjectsNeedsDigest(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("del-digest")
	body := []byte(`<Delete><Object><Key>a</Key></Object></Delete>`)
	req := signedRequest(t, "POST", e.srv.URL+"/"+b+"?delete", body, "UNSIGNED-PAYLOAD", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(msg), "<Code>InvalidRequest</Code>") {
		t.Fatalf("DeleteObjects without Content-MD5: %d %s", resp.StatusCode, msg)
	}
}

func TestListMultipartUploadsGrouping(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("uploads-list")
	for _, k := range []string{"a/1", "a/2", "b/1", "c"} {
		if _, err := e.c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String(k)}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := e.c.ListMultipartUploads(e.ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(b), Delimiter: aws.String("/")})
	if err != nil || len(out.Uploads) != 1 || len(out.CommonPrefixes) != 2 {
		t.Fatalf("grouped = %+v %v", out, err)
	}
	out, err = e.c.ListMultipartUploads(e.ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(b), Prefix: aws.String("a/"), MaxUploads: aws.Int32(1)})
	if err != nil || len(out.Uploads) != 1 || !aws.ToBool(out.IsTruncated) || aws.ToString(out.NextKeyMarker) != "a/1" {
		t.Fatalf("prefix page = %+v %v", out, err)
	}
	next, err := e.c.ListMultipartUploads(e.ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(b), Prefix: aws.String("a/"),
		KeyMarker: out.NextKeyMarker, UploadIdMarker: out.NextUploadIdMarker})
	if err != nil || len(next.Uploads) != 1 || aws.ToString(next.Uploads[0].Key) != "a/2" {
		t.Fatalf("next page = %+v %v", next, err)
	}
	// DeleteBucket is not blocked by uploads in progress.
	if _, err := e.c.DeleteBucket(e.ctx, &s3.DeleteBucketInput{Bucket: aws.String(b)}); err != nil {
		t.Fatalf("DeleteBucket with uploads in progress: %v", err)
	}
}
