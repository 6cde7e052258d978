package s3_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const mib = 1 << 20

// multipartETag is S3's ETag of a multipart object: the MD5 of the parts'
// MD5s, a dash and the part count.
func multipartETag(parts ...[]byte) string {
	var all []byte
	for _, p := range parts {
		s := md5.Sum(p)
		all = append(all, s[:]...)
	}
	s := md5.Sum(all)
	return fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(s[:]), len(parts))
}

func TestMultipartUpload(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("mpu")
	create, err := e.c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("big"),
		ContentType: aws.String("application/zip"), Metadata: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	id := create.UploadId
	parts := [][]byte{randomBytes(5 * mib), randomBytes(5 * mib), randomBytes(1234)}
	etags := make([]*string, 3)
	var wg sync.WaitGroup
	// Parts go up in parallel and out of order.
	for _, i := range []int{2, 0, 1} {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out, err := e.c.UploadPart(e.ctx, &s3.UploadPartInput{Bucket: aws.String(b), Key: aws.String("big"), UploadId: id,
				PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(parts[i])})
			if err != nil {
				t.Error(err)
				return
			}
			etags[i] = out.ETag
		}(i)
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	lp, err := e.c.ListParts(e.ctx, &s3.ListPartsInput{Bucket: aws.String(b), Key: aws.String("big"), UploadId: id, MaxParts: aws.Int32(2)})
	if err != nil || len(lp.Parts) != 2 || !aws.ToBool(lp.IsTruncated) || aws.ToString(lp.NextPartNumberMarker) != "2" {
		t.Fatalf("ListParts = %+v %v", lp, err)
	}
	ups, err := e.c.ListMultipartUploads(e.ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(b)})
	if err != nil || len(ups.Uploads) != 1 || aws.ToString(ups.Uploads[0].UploadId) != aws.ToString(id) {
		t.Fatalf("ListMultipartUploads = %+v %v", ups, err)
	}
	completed := &types.CompletedMultipartUpload{Parts: []types.CompletedPart{
		{PartNumber: aws.Int32(1), ETag: etags[0]}, {PartNumber: aws.Int32(2), ETag: etags[1]}, {PartNumber: aws.Int32(3), ETag: etags[2]}}}
	done, err := e.c.CompleteMultipartUpload(e.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("big"), UploadId: id, MultipartUpload: completed})
	if err != nil {
		t.Fatal(err)
	}
	if want := multipartETag(parts...); aws.ToString(done.ETag) != want {
		t.Fatalf("ETag = %s, want %s", aws.ToString(done.ETag), want)
	}
	if !strings.Contains(aws.ToString(done.Location), "/mpu/big") {
		t.Errorf("Location = %s", aws.ToString(done.Location))
	}
	// A retry of the same completion succeeds with the same object.
	again, err := e.c.CompleteMultipartUpload(e.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("big"), UploadId: id, MultipartUpload: completed})
	if err != nil || aws.ToString(again.ETag) != aws.ToString(done.ETag) {
		t.Fatalf("retry = %+v %v", again, err)
	}
	if got := e.get(b, "big"); !bytes.Equal(got, bytes.Join(parts, nil)) {
		t.Fatal("assembled object differs")
	}
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("big")})
	if aws.ToString(head.ContentType) != "application/zip" || head.Metadata["k"] != "v" {
		t.Fatalf("attributes lost: %+v", head)
	}
	// GET/HEAD ?partNumber=N returns one part.
	p2, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("big"), PartNumber: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(p2.Body)
	p2.Body.Close()
	if !bytes.Equal(got, parts[1]) || aws.ToInt32(p2.PartsCount) != 3 || aws.ToString(p2.ContentRange) != fmt.Sprintf("bytes %d-%d/%d", 5*mib, 10*mib-1, 10*mib+1234) {
		t.Fatalf("part 2: %d bytes, parts %v, range %s", len(got), p2.PartsCount, aws.ToString(p2.ContentRange))
	}
	hp, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("big"), PartNumber: aws.Int32(3)})
	if err != nil || aws.ToInt64(hp.ContentLength) != 1234 || aws.ToInt32(hp.PartsCount) != 3 {
		t.Fatalf("head part 3 = %+v %v", hp, err)
	}
	_, err = e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("big"), PartNumber: aws.Int32(4)})
	wantErr(t, err, "InvalidPartNumber", 416)
	attrs, err := e.c.GetObjectAttributes(e.ctx, &s3.GetObjectAttributesInput{Bucket: aws.String(b), Key: aws.String("big"),
		ObjectAttributes: []types.ObjectAttributes{types.ObjectAttributesEtag, types.ObjectAttributesObjectParts, types.ObjectAttributesObjectSize, types.ObjectAttributesStorageClass}})
	if err != nil || aws.ToInt64(attrs.ObjectSize) != 10*mib+1234 || attrs.ObjectParts == nil || aws.ToInt32(attrs.ObjectParts.TotalPartsCount) != 3 ||
		strings.Contains(aws.ToString(attrs.ETag), `"`) || attrs.StorageClass != "STANDARD" {
		t.Fatalf("attributes = %+v %v", attrs, err)
	}
	_, err = e.c.UploadPart(e.ctx, &s3.UploadPartInput{Bucket: aws.String(b), Key: aws.String("big"), UploadId: id, PartNumber: aws.Int32(1), Body: strings.NewReader("x")})
	wantErr(t, err, "NoSuchUpload", 404)
}

func TestMultipartErrors(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("mpu-errors")
	create, err := e.c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("k")})
	if err != nil {
		t.Fatal(err)
	}
	id := create.UploadId
	up := func(n int32, data []byte) *string {
		out, err := e.c.UploadPart(e.ctx, &s3.UploadPartInput{Bucket: aws.String(b), Key: aws.String("k"), UploadId: id, PartNumber: aws.Int32(n), Body: bytes.NewReader(data)})
		if err != nil {
			t.Fatal(err)
		}
		return out.ETag
	}
	small1, small2 := up(1, []byte("tiny")), up(2, []byte("tiny too"))
	complete := func(parts ...types.CompletedPart) error {
		_, err := e.c.CompleteMultipartUpload(e.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("k"), UploadId: id,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
		return err
	}
	wantErr(t, complete(types.CompletedPart{PartNumber: aws.Int32(1), ETag: small1}, types.CompletedPart{PartNumber: aws.Int32(2), ETag: small2}), "EntityTooSmall", 400)
	wantErr(t, complete(types.CompletedPart{PartNumber: aws.Int32(2), ETag: small2}, types.CompletedPart{PartNumber: aws.Int32(1), ETag: small1}), "InvalidPartOrder", 400)
	wantErr(t, complete(types.CompletedPart{PartNumber: aws.Int32(1), ETag: aws.String(`"0123"`)}), "InvalidPart", 400)
	wantErr(t, complete(types.CompletedPart{PartNumber: aws.Int32(7), ETag: small1}), "InvalidPart", 400)
	_, err = e.c.CompleteMultipartUpload(e.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("k"), UploadId: id,
		MultipartUpload: &types.CompletedMultipartUpload{}})
	wantErr(t, err, "MalformedXML", 400)
	_, err = e.c.UploadPart(e.ctx, &s3.UploadPartInput{Bucket: aws.String(b), Key: aws.String("k"), UploadId: id, PartNumber: aws.Int32(10001), Body: strings.NewReader("x")})
	wantErr(t, err, "InvalidArgument", 400)
	// A single small part is a valid upload (the last part may be small).
	if err := complete(types.CompletedPart{PartNumber: aws.Int32(1), ETag: small1}); err != nil {
		t.Fatal(err)
	}
	create2, _ := e.c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("k2")})
	if _, err := e.c.AbortMultipartUpload(e.ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("k2"), UploadId: create2.UploadId}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.AbortMultipartUpload(e.ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("k2"), UploadId: create2.UploadId})
	wantErr(t, err, "NoSuchUpload", 404)
	_, err = e.c.ListParts(e.ctx, &s3.ListPartsInput{Bucket: aws.String(b), Key: aws.String("k2"), UploadId: create2.UploadId})
	wantErr(t, err, "NoSuchUpload", 404)
	ups, _ := e.c.ListMultipartUploads(e.ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(b)})
	if len(ups.Uploads) != 0 {
		t.Fatalf("uploads left: %+v", ups.Uploads)
	}
}

func TestUploadPartCopy(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("partcopy")
	src := randomBytes(6 * mib)
	e.put(b, "src", src)
	create, _ := e.c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("dst")})
	p1, err := e.c.UploadPartCopy(e.ctx, &s3.UploadPartCopyInput{Bucket: aws.String(b), Key: aws.String("dst"), UploadId: create.UploadId,
		PartNumber: aws.Int32(1), CopySource: aws.String(b + "/src"), CopySourceRange: aws.String(fmt.Sprintf("bytes=0-%d", 5*mib-1))})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := e.c.UploadPartCopy(e.ctx, &s3.UploadPartCopyInput{Bucket: aws.String(b), Key: aws.String("dst"), UploadId: create.UploadId,
		PartNumber: aws.Int32(2), CopySource: aws.String(b + "/src"), CopySourceRange: aws.String(fmt.Sprintf("bytes=%d-%d", 5*mib, 6*mib-1))})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.c.UploadPartCopy(e.ctx, &s3.UploadPartCopyInput{Bucket: aws.String(b), Key: aws.String("dst"), UploadId: create.UploadId,
		PartNumber: aws.Int32(3), CopySource: aws.String(b + "/src"), CopySourceRange: aws.String(fmt.Sprintf("bytes=0-%d", 6*mib))})
	wantErr(t, err, "InvalidArgument", 400)
	_, err = e.c.CompleteMultipartUpload(e.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("dst"), UploadId: create.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{
			{PartNumber: aws.Int32(1), ETag: p1.CopyPartResult.ETag}, {PartNumber: aws.Int32(2), ETag: p2.CopyPartResult.ETag}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.get(b, "dst"); !bytes.Equal(got, src) {
		t.Fatal("copied parts differ from the source")
	}
}

func TestManagerUploadDownload(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("manager")
	data := randomBytes(23 * mib)
	up := manager.NewUploader(e.c, func(u *manager.Uploader) { u.PartSize = 5 * mib; u.Concurrency = 4 })
	// An io.Reader without Seek forces the uploader's streaming path.
	out, err := up.Upload(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("big.bin"), Body: io.MultiReader(bytes.NewReader(data))})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(aws.ToString(out.ETag), `-5"`) {
		t.Fatalf("ETag %s is not a 5-part ETag", aws.ToString(out.ETag))
	}
	small, err := up.Upload(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("small.bin"), Body: bytes.NewReader(data[:1024])})
	if err != nil || strings.Contains(aws.ToString(small.ETag), "-") {
		t.Fatalf("small upload = %+v %v", small, err)
	}
	down := manager.NewDownloader(e.c, func(d *manager.Downloader) { d.PartSize = 4 * mib; d.Concurrency = 4 })
	buf := manager.NewWriteAtBuffer(nil)
	n, err := down.Download(e.ctx, buf, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("big.bin")})
	if err != nil || n != int64(len(data)) || !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("download: %d bytes, %v", n, err)
	}
}
