package sigv4

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// awsChunkedExample is the request of "Example: PUT Object" in the S3 API
// reference (sigv4-streaming): 65 KiB of 'a' in a 64 KiB and a 1 KiB chunk.
func awsChunkedExample(t testing.TB, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPut, "/examplebucket/chunkObject.txt", strings.NewReader(body))
	r.Host = "s3.amazonaws.com"
	r.Header.Set("X-Amz-Date", "20130524T000000Z")
	r.Header.Set("X-Amz-Storage-Class", "REDUCED_REDUNDANCY")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"+
		"SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,"+
		"Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
	r.Header.Set("X-Amz-Content-Sha256", StreamingPayload)
	r.Header.Set("Content-Encoding", "aws-chunked")
	r.Header.Set("X-Amz-Decoded-Content-Length", "66560")
	r.Header.Set("Content-Length", "66824")
	return r
}

func awsChunkedExampleBody() string {
	return "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n" +
		strings.Repeat("a", 65536) + "\r\n" +
		"400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" +
		strings.Repeat("a", 1024) + "\r\n" +
		"0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"
}

// openStreaming verifies a streaming request and returns its decoded body.
func openStreaming(t testing.TB, r *http.Request, v *Verifier) (io.ReadCloser, error) {
	t.Helper()
	p, err := Parse(r)
	if err != nil {
		return nil, err
	}
	res, err := v.Verify(r, p, r.Header.Get("X-Amz-Content-Sha256"))
	if err != nil {
		return nil, err
	}
	return WrapBody(r, res)
}

func kindOf(err error) Kind {
	var se *Error
	if errors.As(err, &se) {
		return se.Kind
	}
	return 0
}

func TestChunkedAWSExample(t *testing.T) {
	v := &Verifier{Credentials: staticCreds(s3DocAccessKey, s3DocSecret), Now: clock("20130524T000000Z")}
	want := strings.Repeat("a", 66560)
	readers := map[string]func(io.Reader) io.Reader{
		"whole":            func(r io.Reader) io.Reader { return r },
		"one byte at once": iotest.OneByteReader,
		"half reads":       iotest.HalfReader,
	}
	for name, wrap := range readers {
		t.Run(name, func(t *testing.T) {
			body := awsChunkedExampleBody()
			if len(body) != 66824 {
				t.Fatalf("example body is %d bytes, want 66824", len(body))
			}
			r := awsChunkedExample(t, body)
			r.Body = io.NopCloser(wrap(strings.NewReader(body)))
			dec, err := openStreaming(t, r, v)
			if err != nil {
				t.Fatalf("open: %v\n%s", err, describe(err))
			}
			got, err := io.ReadAll(wrap(dec))
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if string(got) != want {
				t.Fatalf("decoded %d bytes, want %d of 'a'", len(got), len(want))
			}
			if r.ContentLength != 66560 || r.Header.Get("Content-Encoding") != "" {
				t.Fatalf("request not rewritten: length %d, encoding %q", r.ContentLength, r.Header.Get("Content-Encoding"))
			}
		})
	}
}

func TestChunkedAWSExampleTampered(t *testing.T) {
	v := &Verifier{Credentials: staticCreds(s3DocAccessKey, s3DocSecret), Now: clock("20130524T000000Z")}
	good := awsChunkedExampleBody()
	firstData := strings.Index(good, "\r\n") + 2
	tests := []struct {
		name    string
		body    string
		decoded string
		want    Kind
	}{
		{"data byte changed", good[:firstData+100] + "b" + good[firstData+101:], "", Mismatch},
		{"last chunk signature changed", strings.Replace(good, "b6c6ea8a", "b6c6ea8b", 1), "", Mismatch},
		{"chunks swapped signature", strings.Replace(good, "0055627c", "ad80c730", 1), "", Mismatch},
		{"truncated", good[:len(good)-40], "", IncompleteBody},
		{"no final CRLF", good[:len(good)-2], "", IncompleteBody},
		{"data CRLF missing", strings.Replace(good, strings.Repeat("a", 1024)+"\r\n", strings.Repeat("a", 1024)+"xx", 1), "", IncompleteBody},
		{"garbage after end", good + "x", "", IncompleteBody},
		{"bad size", strings.Replace(good, "400;", "4g0;", 1), "", IncompleteBody},
		{"signature missing", strings.Replace(good, "400;chunk-signature=", "400;", 1), "", IncompleteBody},
		// x-amz-decoded-content-length is signed: changing it breaks the seed.
		{"decoded length changed", good, "66561", Mismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := awsChunkedExample(t, tc.body)
			if tc.decoded != "" {
				r.Header.Set("X-Amz-Decoded-Content-Length", tc.decoded)
			}
			dec, err := openStreaming(t, r, v)
			if err == nil {
				_, err = io.Copy(io.Discard, dec)
			}
			if k := kindOf(err); k != tc.want {
				t.Fatalf("got %v (kind %d), want kind %d", err, k, tc.want)
			}
			if err == nil || errors.Is(err, io.EOF) {
				t.Fatal("a bad body must not end in io.EOF")
			}
		})
	}
}

// chunkSigner signs chunks the way the S3 streaming documentation
// describes, independently of the decoder.
type chunkSigner struct {
	key         []byte
	date, scope string
	prev        string
}

func hmacHex(key []byte, s string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

func (s *chunkSigner) chunk(data []byte) string {
	h := sha256.Sum256(data)
	s.prev = hmacHex(s.key, "AWS4-HMAC-SHA256-PAYLOAD\n"+s.date+"\n"+s.scope+"\n"+s.prev+"\n"+EmptySHA256+"\n"+hex.EncodeToString(h[:]))
	return s.prev
}

func (s *chunkSigner) trailer(canonical string) string {
	h := sha256.Sum256([]byte(canonical))
	return hmacHex(s.key, "AWS4-HMAC-SHA256-TRAILER\n"+s.date+"\n"+s.scope+"\n"+s.prev+"\n"+hex.EncodeToString(h[:]))
}

// encodeChunked frames data in chunks of the given sizes (the rest in one
// last chunk), signed when s is not nil, with trailing headers.
func encodeChunked(data []byte, sizes []int, s *chunkSigner, trailers [][2]string) []byte {
	var b bytes.Buffer
	header := func(chunk []byte) {
		b.WriteString(strconv.FormatInt(int64(len(chunk)), 16))
		if s != nil {
			b.WriteString(";chunk-signature=" + s.chunk(chunk))
		}
		b.WriteString("\r\n")
	}
	for _, n := range sizes {
		header(data[:n])
		b.Write(data[:n])
		b.WriteString("\r\n")
		data = data[n:]
	}
	if len(data) > 0 {
		header(data)
		b.Write(data)
		b.WriteString("\r\n")
	}
	header(nil)
	var canon []string
	for _, tr := range trailers {
		b.WriteString(tr[0] + ":" + tr[1] + "\r\n")
		canon = append(canon, strings.ToLower(tr[0])+":"+tr[1]+"\n")
	}
	if s != nil && len(trailers) > 0 {
		sort.Strings(canon)
		b.WriteString("x-amz-trailer-signature:" + s.trailer(strings.Join(canon, "")) + "\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// streamingRequest builds a PUT signed by aws-sdk-go-v2's signer with an
// aws-chunked body (no x-amz-decoded-content-length when decodedLen is
// negative). encode receives the seed signature.
func streamingRequest(t testing.TB, marker string, decodedLen int, trailer string, encode func(seed string) []byte) *http.Request {
	t.Helper()
	dummy := encode(strings.Repeat("0", 64))
	r := httptest.NewRequest(http.MethodPut, "/bucket/key%20with%20space", bytes.NewReader(dummy))
	r.Host = "127.0.0.1:4566"
	r.Header.Set("X-Amz-Content-Sha256", marker)
	r.Header.Set("Content-Encoding", "aws-chunked")
	if decodedLen >= 0 {
		r.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(decodedLen))
	}
	if trailer != "" {
		r.Header.Set("X-Amz-Trailer", trailer)
	}
	r.ContentLength = int64(len(dummy))
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	if err := signer.SignHTTP(context.Background(), creds, r, marker, "s3", "us-east-1", streamTime); err != nil {
		t.Fatal(err)
	}
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	body := encode(p.Signature)
	if len(body) != len(dummy) {
		t.Fatalf("encoding length changed with the seed")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return r
}

var streamTime = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func streamSigner(seed string) *chunkSigner {
	return &chunkSigner{key: SigningKey("test", "20250314", "us-east-1", "s3"),
		date: "20250314T150926Z", scope: "20250314/us-east-1/s3/aws4_request", prev: seed}
}

func testData(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>8)
	}
	return b
}

func TestChunkedVariants(t *testing.T) {
	v := &Verifier{Credentials: staticCreds("test", "test"), Now: func() time.Time { return streamTime }}
	data := testData(3*minChunkSize + 123)
	crc := [][2]string{{"x-amz-checksum-crc32", "sOO8/Q=="}}
	crc64 := [][2]string{{"x-amz-checksum-crc64nvme", "OOJZ0D8xKts="}}
	tests := []struct {
		name     string
		marker   string
		trailer  string
		sizes    []int
		trailers [][2]string
		signed   bool
	}{
		{"signed", StreamingPayload, "", []int{minChunkSize, 2 * minChunkSize}, nil, true},
		{"signed one chunk", StreamingPayload, "", nil, nil, true},
		{"signed trailer", StreamingPayloadTrailer, "x-amz-checksum-crc32", []int{minChunkSize}, crc, true},
		{"unsigned trailer crc32", StreamingUnsignedTrailer, "x-amz-checksum-crc32", []int{minChunkSize, minChunkSize}, crc, false},
		{"unsigned trailer crc64nvme", StreamingUnsignedTrailer, "x-amz-checksum-crc64nvme", []int{2 * minChunkSize}, crc64, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := streamingRequest(t, tc.marker, len(data), tc.trailer, func(seed string) []byte {
				var s *chunkSigner
				if tc.signed {
					s = streamSigner(seed)
				}
				return encodeChunked(data, tc.sizes, s, tc.trailers)
			})
			dec, err := openStreaming(t, r, v)
			if err != nil {
				t.Fatalf("open: %v\n%s", err, describe(err))
			}
			if tr := Trailers(dec); len(tc.trailers) > 0 && tr.Get(tc.trailers[0][0]) != "" {
				t.Fatal("trailer value visible before EOF")
			}
			got, err := io.ReadAll(iotest.HalfReader(dec))
			if err != nil {
				t.Fatalf("read: %v\n%s", err, describe(err))
			}
			if !bytes.Equal(got, data) {
				t.Fatal("decoded data differs")
			}
			for _, tr := range tc.trailers {
				if g := Trailers(dec).Get(tr[0]); g != tr[1] {
					t.Fatalf("trailer %s = %q, want %q", tr[0], g, tr[1])
				}
				if g := r.Trailer.Get(tr[0]); g != tr[1] {
					t.Fatalf("r.Trailer %s = %q, want %q", tr[0], g, tr[1])
				}
			}
		})
	}
}

func TestChunkedErrors(t *testing.T) {
	v := &Verifier{Credentials: staticCreds("test", "test"), Now: func() time.Time { return streamTime }}
	data := testData(2*minChunkSize + 10)
	crc := [][2]string{{"x-amz-checksum-crc32", "sOO8/Q=="}}
	tests := []struct {
		name    string
		marker  string
		trailer string
		encode  func(seed string) []byte
		want    Kind
		decoded int
	}{
		{"decoded length larger", StreamingPayload, "", func(seed string) []byte {
			return encodeChunked(data, []int{minChunkSize}, streamSigner(seed), nil)
		}, LengthMismatch, len(data) + 1},
		{"decoded length smaller", StreamingPayload, "", func(seed string) []byte {
			return encodeChunked(data, []int{minChunkSize}, streamSigner(seed), nil)
		}, LengthMismatch, len(data) - 1},
		{"decoded length missing", StreamingPayload, "", func(seed string) []byte {
			return encodeChunked(data, []int{minChunkSize}, streamSigner(seed), nil)
		}, MissingDecodedLength, -1},
		{"small chunk before others", StreamingUnsignedTrailer, "x-amz-checksum-crc32", func(string) []byte {
			return encodeChunked(data, []int{100, minChunkSize}, nil, crc)
		}, ChunkTooSmall, 0},
		{"signed small chunk", StreamingPayload, "", func(seed string) []byte {
			return encodeChunked(data, []int{minChunkSize - 1}, streamSigner(seed), nil)
		}, ChunkTooSmall, 0},
		{"trailer not announced", StreamingUnsignedTrailer, "x-amz-checksum-crc32c", func(string) []byte {
			return encodeChunked(data, []int{minChunkSize}, nil, crc)
		}, MalformedTrailer, 0},
		{"announced trailer missing", StreamingUnsignedTrailer, "x-amz-checksum-crc32", func(string) []byte {
			return encodeChunked(data, []int{minChunkSize}, nil, nil)
		}, MalformedTrailer, 0},
		{"trailer in a stream without trailers", StreamingPayload, "", func(seed string) []byte {
			return encodeChunked(data, []int{minChunkSize}, streamSigner(seed), crc)
		}, MalformedTrailer, 0},
		{"trailer value changed", StreamingPayloadTrailer, "x-amz-checksum-crc32", func(seed string) []byte {
			b := encodeChunked(data, []int{minChunkSize}, streamSigner(seed), crc)
			return bytes.Replace(b, []byte("sOO8/Q=="), []byte("sOO8/R=="), 1)
		}, Mismatch, 0},
		{"trailer signature missing", StreamingPayloadTrailer, "x-amz-checksum-crc32", func(seed string) []byte {
			b := encodeChunked(data, []int{minChunkSize}, streamSigner(seed), crc)
			i := bytes.Index(b, []byte("x-amz-trailer-signature"))
			return append(b[:i:i], "\r\n"...)
		}, MalformedTrailer, 0},
		{"trailer line malformed", StreamingUnsignedTrailer, "x-amz-checksum-crc32", func(string) []byte {
			b := encodeChunked(data, []int{minChunkSize}, nil, crc)
			return bytes.Replace(b, []byte("x-amz-checksum-crc32:"), []byte("x-amz-checksum-crc32="), 1)
		}, MalformedTrailer, 0},
		{"seed from another request", StreamingPayload, "", func(string) []byte {
			return encodeChunked(data, []int{minChunkSize}, streamSigner(strings.Repeat("1", 64)), nil)
		}, Mismatch, 0},
		{"chunk larger than declared", StreamingUnsignedTrailer, "x-amz-checksum-crc32", func(string) []byte {
			b := encodeChunked(data, nil, nil, crc)
			return bytes.Replace(b, []byte(strconv.FormatInt(int64(len(data)), 16)+"\r\n"), []byte(strconv.FormatInt(int64(len(data)+1), 16)+"\r\n"), 1)
		}, LengthMismatch, 0},
		{"header line too long", StreamingUnsignedTrailer, "x-amz-checksum-crc32", func(string) []byte {
			return []byte("1" + strings.Repeat(";x", chunkLineMax) + "\r\n")
		}, IncompleteBody, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			decoded := len(data)
			if tc.decoded != 0 {
				decoded = tc.decoded
			}
			r := streamingRequest(t, tc.marker, decoded, tc.trailer, tc.encode)
			dec, err := openStreaming(t, r, v)
			if err == nil {
				_, err = io.Copy(io.Discard, dec)
			}
			if k := kindOf(err); k != tc.want {
				t.Fatalf("got %v (kind %d), want kind %d", err, k, tc.want)
			}
			// Errors are sticky.
			if dec != nil {
				if _, again := dec.Read(make([]byte, 10)); kindOf(again) != tc.want {
					t.Fatalf("second read: %v", again)
				}
			}
		})
	}
}

func TestChunkTooSmallReportsChunk(t *testing.T) {
	v := &Verifier{Credentials: staticCreds("test", "test"), Now: func() time.Time { return streamTime }}
	data := testData(3 * minChunkSize)
	r := streamingRequest(t, StreamingUnsignedTrailer, len(data), "", func(string) []byte {
		return encodeChunked(data, []int{minChunkSize, 100, minChunkSize}, nil, nil)
	})
	dec, err := openStreaming(t, r, v)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, dec)
	var se *Error
	if !errors.As(err, &se) || se.Kind != ChunkTooSmall || se.Chunk != 2 || se.ProvidedBytes != 100 {
		t.Fatalf("got %+v", err)
	}
}

func TestPlainBodies(t *testing.T) {
	v := &Verifier{Credentials: staticCreds("test", "test"), Now: func() time.Time { return streamTime }}
	payload := []byte("hello, nubo")
	sum := sha256.Sum256(payload)
	tests := []struct {
		name, hash string
		body       io.Reader
		want       Kind
	}{
		{"signed payload", hex.EncodeToString(sum[:]), bytes.NewReader(payload), 0},
		{"payload differs", hex.EncodeToString(sum[:]), strings.NewReader("hello, nubO"), PayloadMismatch},
		{"unsigned", UnsignedPayload, bytes.NewReader(payload), 0},
		{"transport fails", UnsignedPayload, iotest.ErrReader(io.ErrUnexpectedEOF), LengthMismatch},
		{"connection reset", UnsignedPayload, iotest.ErrReader(errors.New("reset")), IncompleteBody},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPut, "/b/k", tc.body)
			r.ContentLength = int64(len(payload))
			r.Header.Set("X-Amz-Content-Sha256", tc.hash)
			signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
			if err := signer.SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, r, tc.hash, "s3", "us-east-1", streamTime); err != nil {
				t.Fatal(err)
			}
			dec, err := openStreaming(t, r, v)
			if err == nil {
				_, err = io.Copy(io.Discard, dec)
			}
			if k := kindOf(err); k != tc.want {
				t.Fatalf("got %v, want kind %d", err, tc.want)
			}
		})
	}
	if err := CheckPayloadHash("ABC"); kindOf(err) != BadContentSHA256 {
		t.Fatalf("CheckPayloadHash(ABC) = %v", err)
	}
}

// chunkGenerator produces an unsigned aws-chunked body of n 64 KiB chunks
// on the fly, so that a huge body needs no memory in the test either.
type chunkGenerator struct {
	chunk   []byte // "10000\r\n" + data + "\r\n"
	left    int
	pending []byte
	tail    []byte
}

func (g *chunkGenerator) Read(p []byte) (int, error) {
	if len(g.pending) == 0 {
		switch {
		case g.left > 0:
			g.pending, g.left = g.chunk, g.left-1
		case g.tail != nil:
			g.pending, g.tail = g.tail, nil
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// TestChunkedDecodeConstantMemory streams a 5 GiB aws-chunked body through
// the decoder and checks that it allocates almost nothing while doing so.
func TestChunkedDecodeConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 5 GiB")
	}
	const chunk = 64 << 10
	const total = 5 << 30
	gen := &chunkGenerator{
		chunk: append(append([]byte("10000\r\n"), bytes.Repeat([]byte{'x'}, chunk)...), "\r\n"...),
		left:  total / chunk,
		tail:  []byte("0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"),
	}
	r := httptest.NewRequest(http.MethodPut, "/b/k", gen)
	r.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(total))
	r.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32")
	dec, err := WrapBody(r, &Result{PayloadHash: StreamingUnsignedTrailer})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 32<<10)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, err := io.CopyBuffer(struct{ io.Writer }{io.Discard}, struct{ io.Reader }{dec}, buf)
	runtime.ReadMemStats(&after)
	if err != nil || n != total {
		t.Fatalf("decoded %d bytes: %v", n, err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Fatalf("decoding 5 GiB allocated %d bytes", grew)
	}
	if Trailers(dec).Get("X-Amz-Checksum-Crc32") != "AAAAAA==" {
		t.Fatal("trailer lost")
	}
}
