package s3_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
	"github.com/nubo-dev/nubo/internal/nubotest"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// selfChecking returns n bytes whose first 32 are the SHA-256 of the rest,
// so that any object read back can be checked on its own.
func selfChecking(r *rand.Rand, n int) []byte {
	body := make([]byte, n-32)
	for i := range body {
		body[i] = byte(r.Uint32())
	}
	sum := sha256.Sum256(body)
	return append(sum[:], body...)
}

func intact(data []byte) bool {
	if len(data) < 32 {
		return false
	}
	sum := sha256.Sum256(data[32:])
	return bytes.Equal(sum[:], data[:32])
}

// TestCrashDuringWrites kills nubo with SIGKILL while PUTs and multipart
// uploads are in flight, restarts it on the same data dir, and checks that
// every acknowledged object reads back byte-identical and that every listed
// object is whole.
func TestCrashDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts nubo processes")
	}
	dir := t.TempDir()
	p := nubotest.StartProcess(t, dir)
	c := pathClient(p.URL, func(o *s3.Options) { o.RetryMaxAttempts = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("crash")}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	acked := map[string][32]byte{}
	// The kill comes after a number of acknowledged writes, not after a
	// time, so that the test does the same work on any machine.
	const killAfter = 120
	enough := make(chan struct{})
	record := func(key string, data []byte) {
		mu.Lock()
		acked[key] = sha256.Sum256(data)
		if len(acked) == killAfter {
			close(enough)
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for i := 0; ctx.Err() == nil; i++ {
				key := fmt.Sprintf("put/%d/%d", w, i)
				data := selfChecking(r, 64+r.IntN(256<<10))
				if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("crash"), Key: aws.String(key), Body: bytes.NewReader(data)}); err != nil {
					return
				}
				record(key, data)
			}
		}(w)
	}
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 2))
			for i := 0; ctx.Err() == nil; i++ {
				key := fmt.Sprintf("mpu/%d/%d", w, i)
				data := selfChecking(r, 5*mib+r.IntN(64<<10))
				if err := uploadMultipart(ctx, c, "crash", key, data, 5*mib); err != nil {
					return
				}
				record(key, data)
			}
		}(w)
	}
	<-enough
	p.Kill()
	cancel()
	wg.Wait()

	p2 := nubotest.StartProcess(t, dir)
	c2 := pathClient(p2.URL)
	ctx2 := context.Background()
	for key, sum := range acked {
		out, err := c2.GetObject(ctx2, &s3.GetObjectInput{Bucket: aws.String("crash"), Key: aws.String(key)})
		if err != nil {
			t.Fatalf("acknowledged %s lost: %v", key, err)
		}
		data, err := io.ReadAll(out.Body)
		out.Body.Close()
		if err != nil || sha256.Sum256(data) != sum {
			t.Fatalf("acknowledged %s differs after the crash (%v)", key, err)
		}
	}
	listed := 0
	pager := s3.NewListObjectsV2Paginator(c2, &s3.ListObjectsV2Input{Bucket: aws.String("crash")})
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx2)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			listed++
			out, err := c2.GetObject(ctx2, &s3.GetObjectInput{Bucket: aws.String("crash"), Key: o.Key})
			if err != nil {
				t.Fatalf("listed %s unreadable: %v", aws.ToString(o.Key), err)
			}
			data, _ := io.ReadAll(out.Body)
			out.Body.Close()
			if int64(len(data)) != aws.ToInt64(o.Size) || !intact(data) {
				t.Fatalf("listed %s is half-written (%d bytes)", aws.ToString(o.Key), len(data))
			}
		}
	}
	if listed < len(acked) {
		t.Fatalf("%d objects listed, %d acknowledged", listed, len(acked))
	}
	t.Logf("%d acknowledged, %d listed after kill -9", len(acked), listed)
}

func uploadMultipart(ctx context.Context, c *s3.Client, bucket, key string, data []byte, partSize int) error {
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return err
	}
	var parts []types.CompletedPart
	for n, off := int32(1), 0; off < len(data); n, off = n+1, off+partSize {
		end := min(off+partSize, len(data))
		out, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String(bucket), Key: aws.String(key), UploadId: up.UploadId,
			PartNumber: aws.Int32(n), Body: bytes.NewReader(data[off:end])})
		if err != nil {
			return err
		}
		parts = append(parts, types.CompletedPart{PartNumber: aws.Int32(n), ETag: out.ETag})
	}
	_, err = c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String(key), UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	return err
}

// TestDiskFull fills the disk under the object files: writes fail with
// 503 ServiceUnavailable, nothing half-written appears, earlier objects
// are untouched, and writes work again once there is space.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	var full atomic.Bool
	objectsDir := filepath.Join(dir, "objects") + string(filepath.Separator)
	fs := errorfs.Wrap(vfs.Default, errorfs.InjectorFunc(func(op errorfs.Op) error {
		if full.Load() && strings.HasPrefix(op.Path, objectsDir) && (op.Kind == errorfs.OpFileWrite || op.Kind == errorfs.OpCreate || op.Kind == errorfs.OpFileSync) {
			return syscall.ENOSPC
		}
		return nil
	}))
	srv := nubotest.StartOn(t, fs, dir)
	c := pathClient(srv.URL, func(o *s3.Options) { o.RetryMaxAttempts = 1 })
	ctx := context.Background()
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("full")}); err != nil {
		t.Fatal(err)
	}
	before := randomBytes(200_000)
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("full"), Key: aws.String("before"), Body: bytes.NewReader(before)}); err != nil {
		t.Fatal(err)
	}
	up, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String("full"), Key: aws.String("mpu")})
	if err != nil {
		t.Fatal(err)
	}
	full.Store(true)
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("full"), Key: aws.String("during"), Body: bytes.NewReader(randomBytes(300_000))})
	wantErr(t, err, "ServiceUnavailable", 503)
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("full"), Key: aws.String("before"), Body: bytes.NewReader(randomBytes(1000))})
	wantErr(t, err, "ServiceUnavailable", 503)
	_, err = c.UploadPart(ctx, &s3.UploadPartInput{Bucket: aws.String("full"), Key: aws.String("mpu"), UploadId: up.UploadId, PartNumber: aws.Int32(1), Body: bytes.NewReader(randomBytes(1000))})
	wantErr(t, err, "ServiceUnavailable", 503)
	full.Store(false)
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("full"), Key: aws.String("before")})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(out.Body)
	out.Body.Close()
	if !bytes.Equal(data, before) {
		t.Fatal("an object written before the disk filled changed")
	}
	_, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("full"), Key: aws.String("during")})
	wantErr(t, err, "NotFound", 404)
	list, _ := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("full")})
	if len(list.Contents) != 1 {
		t.Fatalf("listed %d objects, want 1", len(list.Contents))
	}
	parts, _ := c.ListParts(ctx, &s3.ListPartsInput{Bucket: aws.String("full"), Key: aws.String("mpu"), UploadId: up.UploadId})
	if len(parts.Parts) != 0 {
		t.Fatalf("a failed part is listed: %+v", parts.Parts)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("full"), Key: aws.String("after"), Body: strings.NewReader("ok")}); err != nil {
		t.Fatalf("PUT after space came back: %v", err)
	}
}
