package edge

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
)

// newS3Edge serves an edge with a fake S3 over TLS when tls is set (the
// SDK sends trailing checksums only over HTTPS) or plain HTTP.
func newS3Edge(t *testing.T, tls bool) (*httptest.Server, *fakeS3) {
	t.Helper()
	v := &sigv4.Verifier{Credentials: func(ak string) (string, bool) { return "test", ak == "test" }}
	e := New(v, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Fallback = "s3"
	fake := &fakeS3{}
	e.Handle(&Route{SigningName: "s3", Protocol: RestXML, StreamingBody: true, AllowAnonymous: true, Service: fake})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(e)
	} else {
		srv = httptest.NewServer(e)
	}
	t.Cleanup(srv.Close)
	return srv, fake
}

func s3Client(srv *httptest.Server, secret string) *s3.Client {
	return s3.New(s3.Options{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("test", secret, ""),
		BaseEndpoint:     aws.String(srv.URL),
		UsePathStyle:     true,
		HTTPClient:       srv.Client(),
		RetryMaxAttempts: 1,
		// What recent SDKs default to: a CRC32 with every upload.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
	})
}

func crc32Base64(b []byte) string {
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc32.ChecksumIEEE(b))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// TestS3ClientUploads drives the edge with aws-sdk-go-v2's S3 client: over
// HTTPS it streams STREAMING-UNSIGNED-PAYLOAD-TRAILER with a trailing
// checksum, over HTTP it signs the payload hash; both arrive intact.
func TestS3ClientUploads(t *testing.T) {
	data := bytes.Repeat([]byte("nubo streams aws-chunked bodies; "), 100_000) // ~3.3 MB
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		tls  bool
		algo types.ChecksumAlgorithm
		body func() io.Reader
	}{
		{"https default checksum", true, "", func() io.Reader { return bytes.NewReader(data) }},
		{"https crc64nvme", true, types.ChecksumAlgorithmCrc64nvme, func() io.Reader { return bytes.NewReader(data) }},
		{"https unseekable body", true, types.ChecksumAlgorithmCrc32, func() io.Reader { return io.MultiReader(bytes.NewReader(data)) }},
		{"http signed payload", false, "", func() io.Reader { return bytes.NewReader(data) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, fake := newS3Edge(t, tc.tls)
			in := &s3.PutObjectInput{Bucket: aws.String("bucket"), Key: aws.String("dir/key.bin"), Body: tc.body(), ChecksumAlgorithm: tc.algo}
			if _, ok := in.Body.(io.Seeker); !ok {
				in.ContentLength = aws.Int64(int64(len(data)))
			}
			if _, err := s3Client(srv, "test").PutObject(ctx, in); err != nil {
				t.Fatalf("PutObject: %v", err)
			}
			got, id, trailer := fake.last()
			if !bytes.Equal(got, data) {
				t.Fatalf("S3 received %d bytes, want %d", len(got), len(data))
			}
			if id.AccessKey != "test" || id.Anonymous {
				t.Fatalf("identity %+v", id)
			}
			if !tc.tls {
				return
			}
			switch tc.algo {
			case types.ChecksumAlgorithmCrc64nvme:
				if trailer["X-Amz-Checksum-Crc64nvme"] == "" {
					t.Fatalf("trailers %v", trailer)
				}
			default:
				if trailer["X-Amz-Checksum-Crc32"] != crc32Base64(data) {
					t.Fatalf("trailers %v, want crc32 %s", trailer, crc32Base64(data))
				}
			}
		})
	}
}

func TestS3ClientErrorsAndPresign(t *testing.T) {
	ctx := context.Background()
	srv, fake := newS3Edge(t, true)

	_, err := s3Client(srv, "wrong").PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"), Body: strings.NewReader("x")})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "SignatureDoesNotMatch" {
		t.Fatalf("wrong secret: %v", err)
	}

	pc := s3.NewPresignClient(s3Client(srv, "test"))
	put, err := pc.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("up load+.txt")}, s3.WithPresignExpires(5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(put.Method, put.URL, strings.NewReader("presigned body"))
	for k, v := range put.SignedHeader {
		if k != "Host" {
			req.Header[k] = v
		}
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, _, _ := fake.last(); resp.StatusCode != 200 || string(got) != "presigned body" {
		t.Fatalf("presigned PUT: %d %q", resp.StatusCode, got)
	}

	get, err := pc.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("dir/ü key")})
	if err != nil {
		t.Fatal(err)
	}
	resp, err = srv.Client().Get(get.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "object bytes" {
		t.Fatalf("presigned GET: %d %s", resp.StatusCode, body)
	}
}

// TestChunkedBodyErrorsReachS3 sends an aws-chunked body whose seed
// signature is right but whose chunk signature is not: S3, reading the
// body, answers SignatureDoesNotMatch through S3Error.
func TestChunkedBodyErrorsReachS3(t *testing.T) {
	srv, _ := newS3Edge(t, false)
	body := "400;chunk-signature=" + strings.Repeat("0", 64) + "\r\n" + strings.Repeat("a", 1024) + "\r\n" +
		"0;chunk-signature=" + strings.Repeat("0", 64) + "\r\n\r\n"
	r, _ := http.NewRequest("PUT", srv.URL+"/bucket/key", strings.NewReader(body))
	r.Header.Set("X-Amz-Content-Sha256", sigv4.StreamingPayload)
	r.Header.Set("Content-Encoding", "aws-chunked")
	r.Header.Set("X-Amz-Decoded-Content-Length", "1024")
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	if err := signer.SignHTTP(context.Background(), testCreds, r, sigv4.StreamingPayload, "s3", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	status, _, got := do(t, r)
	if status != 403 || !strings.Contains(got, "<Code>SignatureDoesNotMatch</Code>") || !strings.Contains(got, "AWS4-HMAC-SHA256-PAYLOAD") {
		t.Fatalf("got %d %s", status, got)
	}
}

func TestS3ErrorMapping(t *testing.T) {
	tests := []struct {
		err    error
		code   string
		status int
	}{
		{&sigv4.Error{Kind: sigv4.Mismatch}, "SignatureDoesNotMatch", 403},
		{&sigv4.Error{Kind: sigv4.IncompleteBody, Message: "The request body terminated unexpectedly"}, "IncompleteBody", 400},
		{&sigv4.Error{Kind: sigv4.LengthMismatch}, "IncompleteBody", 400},
		{&sigv4.Error{Kind: sigv4.ChunkTooSmall, Chunk: 2, ProvidedBytes: 100}, "InvalidChunkSizeError", 400},
		{&sigv4.Error{Kind: sigv4.MalformedTrailer}, "MalformedTrailerError", 400},
		{&sigv4.Error{Kind: sigv4.MissingDecodedLength}, "MissingContentLength", 411},
		{&sigv4.Error{Kind: sigv4.PayloadMismatch}, "XAmzContentSHA256Mismatch", 400},
		{&sigv4.Error{Kind: sigv4.PolicyConditionFailed}, "AccessDenied", 403},
		{&sigv4.Error{Kind: sigv4.PolicyInvalid}, "InvalidPolicyDocument", 400},
		{&sigv4.Error{Kind: sigv4.PostMissingField, Value: "key"}, "InvalidArgument", 400},
		{&sigv4.Error{Kind: sigv4.EntityTooLarge}, "EntityTooLarge", 400},
		{&sigv4.Error{Kind: sigv4.EntityTooSmall}, "EntityTooSmall", 400},
	}
	for _, tc := range tests {
		e := S3Error(tc.err)
		if e == nil || e.Code != tc.code || e.HTTPStatus != tc.status {
			t.Errorf("S3Error(kind %d) = %+v, want %s %d", tc.err.(*sigv4.Error).Kind, e, tc.code, tc.status)
		}
	}
	if S3Error(io.ErrClosedPipe) != nil {
		t.Error("an error from elsewhere must map to nil")
	}
	if e := S3Error(&sigv4.Error{Kind: sigv4.ChunkTooSmall, Chunk: 2, ProvidedBytes: 100}); len(e.Fields) != 2 || e.Fields[0].Value != "2" || e.Fields[1].Value != "100" {
		t.Errorf("chunk fields %+v", e.Fields)
	}
}
