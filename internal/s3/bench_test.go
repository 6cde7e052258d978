package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// Benchmarks of the whole S3 path (SDK client, edge, service, engine) in
// one process; run with -cpuprofile to see where the time goes.

func benchClient(b *testing.B) *s3.Client {
	srv := nubotest.Start(b)
	c := pathClient(srv.URL)
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("bench")}); err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkPutObject4KiB(b *testing.B) {
	c := benchClient(b)
	body := randomBytes(4 << 10)
	var n atomic.Int64
	b.SetBytes(int64(len(body)))
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			key := fmt.Sprintf("k-%d", n.Add(1))
			if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGetObject4KiB(b *testing.B) {
	c := benchClient(b)
	body := randomBytes(4 << 10)
	for i := 0; i < 64; i++ {
		if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String(fmt.Sprint(i)), Body: bytes.NewReader(body)}); err != nil {
			b.Fatal(err)
		}
	}
	var n atomic.Int64
	b.SetBytes(int64(len(body)))
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		buf := make([]byte, 8<<10)
		for pb.Next() {
			out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("bench"), Key: aws.String(fmt.Sprint(n.Add(1) % 64))})
			if err != nil {
				b.Fatal(err)
			}
			io.CopyBuffer(io.Discard, out.Body, buf)
			out.Body.Close()
		}
	})
}
