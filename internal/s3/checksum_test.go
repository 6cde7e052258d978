package s3_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func crc32Of(data []byte) string {
	var b [4]byte
	v := crc32.ChecksumIEEE(data)
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	return b64(b[:])
}

func TestDefaultChecksums(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("checksums")
	data := randomBytes(100_000)
	// A default PutObject from aws-sdk-go-v2 sends a CRC32.
	out := e.put(b, "k", data)
	if aws.ToString(out.ChecksumCRC32) != crc32Of(data) || out.ChecksumType != types.ChecksumTypeFullObject {
		t.Fatalf("PUT checksum = %v %v", aws.ToString(out.ChecksumCRC32), out.ChecksumType)
	}
	get, err := e.c.GetObject(e.ctx, &s3.GetObjectInput{Bucket: aws.String(b), Key: aws.String("k"), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, get.Body)
	get.Body.Close()
	if aws.ToString(get.ChecksumCRC32) != crc32Of(data) || get.ChecksumType != types.ChecksumTypeFullObject {
		t.Fatalf("GET checksum = %v %v", aws.ToString(get.ChecksumCRC32), get.ChecksumType)
	}
	head, _ := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	if head.ChecksumCRC32 != nil {
		t.Fatal("checksum returned without x-amz-checksum-mode")
	}
	for _, alg := range []types.ChecksumAlgorithm{types.ChecksumAlgorithmSha256, types.ChecksumAlgorithmSha1, types.ChecksumAlgorithmCrc32c, types.ChecksumAlgorithmCrc64nvme} {
		key := "alg-" + string(alg)
		e.put(b, key, data, func(in *s3.PutObjectInput) { in.ChecksumAlgorithm = alg })
		h, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
		if err != nil {
			t.Fatal(err)
		}
		got := map[types.ChecksumAlgorithm]*string{types.ChecksumAlgorithmSha256: h.ChecksumSHA256, types.ChecksumAlgorithmSha1: h.ChecksumSHA1,
			types.ChecksumAlgorithmCrc32c: h.ChecksumCRC32C, types.ChecksumAlgorithmCrc64nvme: h.ChecksumCRC64NVME}[alg]
		if got == nil {
			t.Errorf("%s: no checksum on HEAD", alg)
		}
	}
	sum := sha256.Sum256([]byte("something else"))
	_, err = e.c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("bad"), Body: bytes.NewReader(data), ChecksumSHA256: aws.String(b64(sum[:]))})
	wantErr(t, err, "BadDigest", 400)
	_, err = e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("bad")})
	wantErr(t, err, "NotFound", 404)
}

// TestTrailingChecksum: against an HTTPS endpoint aws-sdk-go-v2 streams
// PutObject bodies as aws-chunked with the checksum in a trailer.
func TestTrailingChecksum(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("trailers")
	c := tlsLikeClient(e.srv.URL)
	data := randomBytes(300_000)
	for _, alg := range []types.ChecksumAlgorithm{"", types.ChecksumAlgorithmCrc32, types.ChecksumAlgorithmCrc64nvme, types.ChecksumAlgorithmSha256} {
		key := "t-" + string(alg)
		out, err := c.PutObject(e.ctx, &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String(key), Body: bytes.NewReader(data), ChecksumAlgorithm: alg})
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if out.ChecksumType != types.ChecksumTypeFullObject {
			t.Errorf("%s: checksum type %q", alg, out.ChecksumType)
		}
		if got := e.get(b, key); !bytes.Equal(got, data) {
			t.Fatalf("%s: stored bytes differ", alg)
		}
	}
	// UploadPart streams its body the same way.
	up, err := c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("mp"), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
	if err != nil {
		t.Fatal(err)
	}
	part, err := c.UploadPart(e.ctx, &s3.UploadPartInput{Bucket: aws.String(b), Key: aws.String("mp"), UploadId: up.UploadId,
		PartNumber: aws.Int32(1), Body: bytes.NewReader(data), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(part.ChecksumCRC32); got != crc32Of(data) {
		t.Fatalf("part checksum %q, want %q", got, crc32Of(data))
	}
}

// signedRequest builds a request signed with SigV4 for payloadHash.
func signedRequest(t *testing.T, method, url string, body []byte, payloadHash string, headers map[string]string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	creds, _ := nubotest.ConfigFor(url).Credentials.Retrieve(context.Background())
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payloadHash, "s3", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	return req
}

// unsignedTrailerBody frames data as STREAMING-UNSIGNED-PAYLOAD-TRAILER.
func unsignedTrailerBody(data []byte, trailerName, trailerValue string) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%x\r\n", len(data))
	buf.Write(data)
	buf.WriteString("\r\n0\r\n")
	fmt.Fprintf(&buf, "%s:%s\r\n\r\n", trailerName, trailerValue)
	return buf.Bytes()
}

func TestTrailerMismatchStoresNothing(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("trailer-bad")
	data := []byte("the real data")
	send := func(key, value string) *http.Response {
		body := unsignedTrailerBody(data, "x-amz-checksum-crc32", value)
		req := signedRequest(t, "PUT", e.srv.URL+"/"+b+"/"+key, body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", map[string]string{
			"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": strconv.Itoa(len(data)), "X-Amz-Trailer": "x-amz-checksum-crc32",
		})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := send("good", crc32Of(data))
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Amz-Checksum-Crc32") != crc32Of(data) {
		t.Fatalf("good trailer: %d %v", resp.StatusCode, resp.Header)
	}
	// A wrong value, a value that is not a CRC32, and an empty one: each is
	// refused and stores nothing.
	for _, tc := range []struct{ key, value, code string }{
		{"bad", crc32Of([]byte("other")), "BadDigest"},
		{"short", "AAAA", "InvalidRequest"},
		{"empty", "", "InvalidRequest"},
	} {
		resp = send(tc.key, tc.value)
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(msg), "<Code>"+tc.code+"</Code>") {
			t.Fatalf("%s trailer: %d %s", tc.key, resp.StatusCode, msg)
		}
		_, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String(tc.key)})
		wantErr(t, err, "NotFound", 404)
	}
}

func TestPayloadHashMismatch(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("payload")
	wrong := sha256.Sum256([]byte("not the body"))
	req := signedRequest(t, "PUT", e.srv.URL+"/"+b+"/k", []byte("the body"), hex.EncodeToString(wrong[:]), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(msg), "<Code>XAmzContentSHA256Mismatch</Code>") {
		t.Fatalf("mismatch: %d %s", resp.StatusCode, msg)
	}
	_, err = e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	wantErr(t, err, "NotFound", 404)
	// A bad chunk signature: SignatureDoesNotMatch, nothing stored.
	data := bytes.Repeat([]byte("z"), 100)
	body := []byte(fmt.Sprintf("%x;chunk-signature=%s\r\n%s\r\n0;chunk-signature=%s\r\n\r\n", len(data), strings.Repeat("0", 64), data, strings.Repeat("1", 64)))
	req = signedRequest(t, "PUT", e.srv.URL+"/"+b+"/chunked", body, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", map[string]string{
		"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": strconv.Itoa(len(data))})
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(msg), "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("bad chunk signature: %d %s", resp.StatusCode, msg)
	}
	_, err = e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("chunked")})
	wantErr(t, err, "NotFound", 404)
}

func TestMultipartChecksums(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("mpu-sums")
	parts := [][]byte{randomBytes(5 * mib), randomBytes(777)}
	for _, tc := range []struct {
		alg   types.ChecksumAlgorithm
		ctype types.ChecksumType
	}{
		{types.ChecksumAlgorithmCrc32, types.ChecksumTypeComposite},
		{types.ChecksumAlgorithmSha256, ""},
		{types.ChecksumAlgorithmCrc64nvme, types.ChecksumTypeFullObject},
		{types.ChecksumAlgorithmCrc32c, types.ChecksumTypeFullObject},
	} {
		key := "o-" + string(tc.alg) + string(tc.ctype)
		create, err := e.c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String(key), ChecksumAlgorithm: tc.alg, ChecksumType: tc.ctype})
		if err != nil {
			t.Fatalf("%s/%s: %v", tc.alg, tc.ctype, err)
		}
		var done []types.CompletedPart
		for i, p := range parts {
			out, err := e.c.UploadPart(e.ctx, &s3.UploadPartInput{Bucket: aws.String(b), Key: aws.String(key), UploadId: create.UploadId,
				PartNumber: aws.Int32(int32(i + 1)), Body: bytes.NewReader(p), ChecksumAlgorithm: tc.alg})
			if err != nil {
				t.Fatalf("%s part %d: %v", tc.alg, i+1, err)
			}
			done = append(done, types.CompletedPart{PartNumber: aws.Int32(int32(i + 1)), ETag: out.ETag,
				ChecksumCRC32: out.ChecksumCRC32, ChecksumCRC32C: out.ChecksumCRC32C, ChecksumSHA256: out.ChecksumSHA256, ChecksumCRC64NVME: out.ChecksumCRC64NVME})
		}
		out, err := e.c.CompleteMultipartUpload(e.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(b), Key: aws.String(key), UploadId: create.UploadId,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: done}})
		if err != nil {
			t.Fatalf("%s complete: %v", tc.alg, err)
		}
		want := tc.ctype
		if want == "" {
			want = types.ChecksumTypeComposite
		}
		if out.ChecksumType != want {
			t.Errorf("%s: checksum type %q, want %q", tc.alg, out.ChecksumType, want)
		}
		head, err := e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
		if err != nil || head.ChecksumType != want {
			t.Errorf("%s: head %+v %v", tc.alg, head, err)
		}
		if tc.alg == types.ChecksumAlgorithmCrc32 && !strings.HasSuffix(aws.ToString(head.ChecksumCRC32), "-2") {
			t.Errorf("composite CRC32 = %q", aws.ToString(head.ChecksumCRC32))
		}
		attrs, err := e.c.GetObjectAttributes(e.ctx, &s3.GetObjectAttributesInput{Bucket: aws.String(b), Key: aws.String(key),
			ObjectAttributes: []types.ObjectAttributes{types.ObjectAttributesChecksum, types.ObjectAttributesObjectParts}})
		if err != nil || attrs.Checksum == nil || attrs.Checksum.ChecksumType != want || attrs.ObjectParts == nil || len(attrs.ObjectParts.Parts) != 2 {
			t.Errorf("%s: attributes %+v %v", tc.alg, attrs, err)
		}
	}
	_, err := e.c.CreateMultipartUpload(e.ctx, &s3.CreateMultipartUploadInput{Bucket: aws.String(b), Key: aws.String("x"),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256, ChecksumType: types.ChecksumTypeFullObject})
	wantErr(t, err, "InvalidRequest", 400)
}

func TestTruncatedChunkedBody(t *testing.T) {
	e := newEnv(t)
	b := e.bucket("truncated")
	data := bytes.Repeat([]byte("q"), 100)
	// The chunk announces 100 bytes but carries 60 before the final chunk.
	body := []byte(fmt.Sprintf("%x\r\n%s\r\n0\r\nx-amz-checksum-crc32:%s\r\n\r\n", len(data), data[:60], crc32Of(data)))
	req := signedRequest(t, "PUT", e.srv.URL+"/"+b+"/k", body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", map[string]string{
		"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": strconv.Itoa(len(data)), "X-Amz-Trailer": "x-amz-checksum-crc32"})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(msg), "<Code>") {
		t.Fatalf("truncated chunk: %d %s", resp.StatusCode, msg)
	}
	_, err = e.c.HeadObject(e.ctx, &s3.HeadObjectInput{Bucket: aws.String(b), Key: aws.String("k")})
	wantErr(t, err, "NotFound", 404)
}
