package sigv4

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// BenchmarkVerifyHeader measures parsing and verifying a typical S3 GET
// signed in the Authorization header (the per-request cost of the edge).
func BenchmarkVerifyHeader(b *testing.B) {
	r := httptest.NewRequest(http.MethodGet, "/bucket/some/object/key.parquet?versionId=abc", nil)
	r.Host = "127.0.0.1:4566"
	r.Header.Set("X-Amz-Content-Sha256", EmptySHA256)
	r.Header.Set("User-Agent", "aws-sdk-go-v2/1.0")
	r.Header.Set("Range", "bytes=0-1023")
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	now := time.Now()
	if err := signer.SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, r, EmptySHA256, "s3", "us-east-1", now); err != nil {
		b.Fatal(err)
	}
	v := &Verifier{Credentials: staticCreds("test", "test"), Now: func() time.Time { return now }}
	b.ReportAllocs()
	for b.Loop() {
		p, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Verify(r, p, EmptySHA256); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyPresigned measures a presigned GET.
func BenchmarkVerifyPresigned(b *testing.B) {
	r := httptest.NewRequest(http.MethodGet, "/bucket/key.csv?X-Amz-Expires=900", nil)
	r.Host = "127.0.0.1:4566"
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	now := time.Now()
	signed, _, err := signer.PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, r, UnsignedPayload, "s3", "us-east-1", now)
	if err != nil {
		b.Fatal(err)
	}
	r = httptest.NewRequest(http.MethodGet, signed, nil)
	r.RequestURI = r.URL.RequestURI()
	r.Host = "127.0.0.1:4566"
	v := &Verifier{Credentials: staticCreds("test", "test"), Now: func() time.Time { return now }}
	b.ReportAllocs()
	for b.Loop() {
		p, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Verify(r, p, UnsignedPayload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChunkedDecode measures decoding a 16 MiB aws-chunked body in
// 64 KiB chunks, read 32 KiB at a time as io.Copy does.
func BenchmarkChunkedDecode(b *testing.B) {
	const size = 16 << 20
	data := testData(size)
	sizes := make([]int, size/(64<<10))
	for i := range sizes {
		sizes[i] = 64 << 10
	}
	for _, tc := range []struct {
		name   string
		marker string
	}{{"signed", StreamingPayload}, {"unsigned-trailer", StreamingUnsignedTrailer}} {
		b.Run(tc.name, func(b *testing.B) {
			signed := tc.marker == StreamingPayload
			seed := string(bytes.Repeat([]byte("c"), 64))
			var s *chunkSigner
			if signed {
				s = streamSigner(seed)
			}
			var trailers [][2]string
			if !signed {
				trailers = [][2]string{{"x-amz-checksum-crc32", "AAAAAA=="}}
			}
			body := encodeChunked(data, sizes[:len(sizes)-1], s, trailers)
			res := &Result{PayloadHash: tc.marker, SigningKey: SigningKey("test", "20250314", "us-east-1", "s3"),
				Signature: seed, Scope: "20250314/us-east-1/s3/aws4_request", Date: streamTime}
			buf := make([]byte, 32<<10)
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPut, "/b/k", bytes.NewReader(body))
				r.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(size))
				if !signed {
					r.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32")
				}
				dec, err := WrapBody(r, res)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.CopyBuffer(struct{ io.Writer }{io.Discard}, struct{ io.Reader }{dec}, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
