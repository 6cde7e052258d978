package sigv4

// This file decodes aws-chunked request bodies, the framing S3 clients use
// to stream a payload whose hash they cannot compute up front:
//
//	STREAMING-AWS4-HMAC-SHA256-PAYLOAD
//	    hex-size ";chunk-signature=" sig CRLF data CRLF ...
//	    "0;chunk-signature=" sig CRLF CRLF
//	STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
//	    the same, with trailing headers and x-amz-trailer-signature before the last CRLF
//	STREAMING-UNSIGNED-PAYLOAD-TRAILER
//	    hex-size CRLF data CRLF ... "0" CRLF trailing headers CRLF
//
// Each chunk signature chains from the previous one, starting at the seed
// signature of the Authorization header:
//
//	AWS4-HMAC-SHA256-PAYLOAD \n date \n scope \n previous-signature \n
//	sha256("") \n sha256(chunk-data)
//
// and the trailer signature covers the canonical trailing headers
// ("name:value\n" each, sorted):
//
//	AWS4-HMAC-SHA256-TRAILER \n date \n scope \n last-chunk-signature \n
//	sha256(canonical-trailers)
//
// The decoder streams: it holds one small bufio buffer (which bounds the
// length of a chunk header or trailer line), reads chunk data straight into
// the caller's buffer, and reuses its hashes from chunk to chunk. Every
// chunk but the last must hold at least 8 KiB, and the chunk sizes must add
// up to x-amz-decoded-content-length.
//
// # Trailing headers
//
// The decoded body implements
//
//	interface{ Trailer() http.Header }
//
// and Trailers(body) returns that header for any body WrapBody returned.
// Before the body reaches io.EOF the header holds the names announced in
// x-amz-trailer with no values; once Read has returned io.EOF it holds the
// values the client sent (for example X-Amz-Checksum-Crc32), already
// verified against their signature in the signed variant. WrapBody also
// installs the same map as r.Trailer, Go's usual place for trailers.
//
// # Errors
//
// Read returns *Error values: Mismatch for a bad chunk or trailer
// signature, IncompleteBody for broken framing or a body that ends early,
// LengthMismatch when the chunks do not add up to the decoded length,
// ChunkTooSmall, and MalformedTrailer. A service must discard everything it
// read from a body that failed: the decoder hands out a chunk's data before
// it can check that chunk's signature, and it holds back only the last
// read of the chunk.

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
)

const (
	// minChunkSize is the smallest chunk AWS accepts before the last one.
	minChunkSize = 8192
	// chunkLineMax bounds a chunk header or trailer line (the bufio size).
	chunkLineMax = 4096
	// maxTrailers bounds the number of trailing headers.
	maxTrailers = 16

	chunkSigExt        = ";chunk-signature="
	trailerSigName     = "x-amz-trailer-signature"
	payloadAlgorithm   = "AWS4-HMAC-SHA256-PAYLOAD"
	trailerAlgorithm   = "AWS4-HMAC-SHA256-TRAILER"
	emptyHashLine      = "\n" + EmptySHA256 + "\n"
	hexSig             = 2 * sha256.Size
	decodedLengthField = "X-Amz-Decoded-Content-Length"
)

// Trailers returns the trailing headers of a request body that WrapBody
// returned, or nil when the body carries none. The values are there once
// the body has been read to io.EOF.
func Trailers(body io.Reader) http.Header {
	if t, ok := body.(interface{ Trailer() http.Header }); ok {
		return t.Trailer()
	}
	return nil
}

type chunkedReader struct {
	src io.ReadCloser
	br  *bufio.Reader

	signed  bool
	trailer bool

	// The signature chain (signed variants only).
	mac       hash.Hash
	sha       hash.Hash
	date      string
	scope     string
	prefix    []byte // payloadAlgorithm \n date \n scope \n
	prev      [hexSig]byte
	want      [hexSig]byte
	accessKey string
	// Scratch space for the chain, kept in the reader so that hashing a
	// chunk allocates nothing.
	mid     [len(emptyHashLine)]byte
	sum     [sha256.Size]byte
	dataHex [hexSig]byte
	got     [hexSig]byte

	declared int64 // x-amz-decoded-content-length
	seen     int64 // sum of the chunk sizes so far
	left     int64 // data bytes left in the current chunk
	chunks   int64
	lastSize int64
	inData   bool
	done     bool
	err      error

	announced []string // lower-case names from x-amz-trailer
	trailers  http.Header
}

var _ interface{ Trailer() http.Header } = (*chunkedReader)(nil)

func newChunkedReader(r *http.Request, res *Result) (io.ReadCloser, error) {
	declared, err := strconv.ParseInt(r.Header.Get(decodedLengthField), 10, 64)
	if err != nil || declared < 0 {
		return nil, &Error{Kind: MissingDecodedLength, Message: "You must provide the Content-Length HTTP header."}
	}
	c := &chunkedReader{
		src:      r.Body,
		br:       bufio.NewReaderSize(r.Body, chunkLineMax),
		signed:   res.PayloadHash != StreamingUnsignedTrailer,
		trailer:  res.PayloadHash != StreamingPayload,
		declared: declared,
		trailers: http.Header{},
	}
	if c.signed {
		if len(res.Signature) != hexSig {
			return nil, &Error{Kind: Mismatch, Message: msgMismatch, AccessKey: res.AccessKey}
		}
		c.mac = hmac.New(sha256.New, res.SigningKey)
		c.sha = sha256.New()
		c.date = res.Date.UTC().Format(timeFormat)
		c.scope = res.Scope
		c.prefix = []byte(payloadAlgorithm + "\n" + c.date + "\n" + c.scope + "\n")
		copy(c.prev[:], res.Signature)
		copy(c.mid[:], emptyHashLine)
		c.accessKey = res.AccessKey
	}
	if c.trailer {
		for _, v := range r.Header.Values("X-Amz-Trailer") {
			for name := range strings.SplitSeq(v, ",") {
				if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
					c.announced = append(c.announced, name)
					c.trailers[textproto.CanonicalMIMEHeaderKey(name)] = nil
				}
			}
		}
	}
	decodeRequest(r, declared, c.trailers)
	return c, nil
}

// decodeRequest makes the request describe the decoded body: its length,
// and a Content-Encoding without "aws-chunked" (which S3 does not store).
func decodeRequest(r *http.Request, length int64, trailers http.Header) {
	r.ContentLength = length
	if r.Header.Get("Content-Length") != "" {
		r.Header.Set("Content-Length", strconv.FormatInt(length, 10))
	}
	if ce := r.Header.Values("Content-Encoding"); len(ce) > 0 {
		var keep []string
		for _, v := range ce {
			for enc := range strings.SplitSeq(v, ",") {
				if enc = strings.TrimSpace(enc); enc != "" && !strings.EqualFold(enc, "aws-chunked") {
					keep = append(keep, enc)
				}
			}
		}
		if len(keep) == 0 {
			r.Header.Del("Content-Encoding")
		} else {
			r.Header.Set("Content-Encoding", strings.Join(keep, ","))
		}
	}
	r.Trailer = trailers
}

// Trailer returns the trailing headers; see the package notes above.
func (c *chunkedReader) Trailer() http.Header { return c.trailers }

func (c *chunkedReader) Close() error { return c.src.Close() }

func (c *chunkedReader) Read(p []byte) (int, error) {
	switch {
	case c.err != nil:
		return 0, c.err
	case c.done:
		return 0, io.EOF
	case len(p) == 0:
		return 0, nil
	}
	if !c.inData {
		if err := c.nextChunk(); err != nil {
			return 0, c.fail(err)
		}
		if c.done {
			return 0, io.EOF
		}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.br.Read(p)
	if c.signed {
		c.sha.Write(p[:n])
	}
	c.left -= int64(n)
	if c.left == 0 {
		if err := c.endChunk(); err != nil {
			return 0, c.fail(err)
		}
		return n, nil
	}
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return n, c.fail(err)
	}
	return n, nil
}

// fail records a sticky error, turning transport failures into *Error.
func (c *chunkedReader) fail(err error) error {
	if _, ok := err.(*Error); !ok {
		err = incompleteBody(err)
	}
	c.err = err
	return err
}

// nextChunk reads a chunk header. For the final, empty chunk it also reads
// and checks the trailing headers.
func (c *chunkedReader) nextChunk() error {
	line, err := c.readLine()
	if err != nil {
		return err
	}
	size, err := c.parseHeader(line)
	if err != nil {
		return err
	}
	c.chunks++
	if size > 0 && c.chunks > 1 && c.lastSize < minChunkSize {
		return chunkTooSmall(c.chunks-1, c.lastSize)
	}
	if size > c.declared-c.seen {
		return lengthMismatch(c.declared, c.seen+size)
	}
	c.seen += size
	c.lastSize = size
	if c.signed {
		c.sha.Reset()
	}
	if size > 0 {
		c.left, c.inData = size, true
		return nil
	}
	if c.seen != c.declared {
		return lengthMismatch(c.declared, c.seen)
	}
	if c.signed {
		if err := c.verifyChunk(); err != nil {
			return err
		}
	}
	if err := c.readTrailers(); err != nil {
		return err
	}
	if _, err := c.br.ReadByte(); err != io.EOF {
		return incompleteBody(err)
	}
	c.done = true
	return nil
}

// endChunk checks the CRLF after a chunk's data and the chunk's signature.
func (c *chunkedReader) endChunk() error {
	c.inData = false
	for _, want := range [2]byte{'\r', '\n'} {
		b, err := c.br.ReadByte()
		if err != nil || b != want {
			return incompleteBody(err)
		}
	}
	if c.signed {
		return c.verifyChunk()
	}
	return nil
}

// readLine returns the next CRLF-terminated line without its CRLF. The
// slice is valid until the next read.
func (c *chunkedReader) readLine() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, incompleteBody(err)
	}
	if len(line) < 2 || line[len(line)-2] != '\r' {
		return nil, incompleteBody(nil)
	}
	return line[:len(line)-2], nil
}

// parseHeader reads "hex-size[;chunk-signature=sig]". The unsigned variant
// ignores chunk extensions; the signed one requires exactly the signature.
func (c *chunkedReader) parseHeader(line []byte) (int64, error) {
	i := 0
	for i < len(line) && isHex(line[i]) {
		i++
	}
	if i == 0 || i > 15 {
		return 0, incompleteBody(nil)
	}
	var size int64
	for _, d := range line[:i] {
		size = size<<4 | int64(unhex(d))
	}
	rest := line[i:]
	if !c.signed {
		if len(rest) > 0 && rest[0] != ';' {
			return 0, incompleteBody(nil)
		}
		return size, nil
	}
	sig, ok := bytes.CutPrefix(rest, []byte(chunkSigExt))
	if !ok || len(sig) != hexSig {
		return 0, incompleteBody(nil)
	}
	copy(c.want[:], sig)
	return size, nil
}

// verifyChunk checks the current chunk's signature against the chain.
func (c *chunkedReader) verifyChunk() error {
	hex.Encode(c.dataHex[:], c.sha.Sum(c.sum[:0]))
	c.mac.Reset()
	c.mac.Write(c.prefix)
	c.mac.Write(c.prev[:])
	c.mac.Write(c.mid[:])
	c.mac.Write(c.dataHex[:])
	hex.Encode(c.got[:], c.mac.Sum(c.sum[:0]))
	if !hmac.Equal(c.got[:], c.want[:]) {
		sts := string(c.prefix) + string(c.prev[:]) + emptyHashLine + string(c.dataHex[:])
		return &Error{Kind: Mismatch, Message: msgMismatch, AccessKey: c.accessKey,
			StringToSign: sts, SignatureProvided: string(c.want[:])}
	}
	c.prev = c.want
	return nil
}

// readTrailers reads the trailing headers up to the empty line that ends
// the body, and checks them against x-amz-trailer and their signature.
func (c *chunkedReader) readTrailers() error {
	var names []string
	var sig string
	for {
		line, err := c.readLine()
		if err != nil {
			return err
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte{':'})
		if !ok || !c.trailer || len(names) >= maxTrailers {
			return malformedTrailer()
		}
		n := strings.ToLower(string(bytes.TrimSpace(name)))
		v := string(bytes.TrimSpace(value))
		if n == trailerSigName {
			sig = v
			continue
		}
		if n == "" || slices.Contains(names, n) {
			return malformedTrailer()
		}
		names = append(names, n)
		c.trailers[textproto.CanonicalMIMEHeaderKey(n)] = []string{v}
	}
	if c.trailer && !sameSet(names, c.announced) {
		return malformedTrailer()
	}
	if c.signed && c.trailer {
		return c.verifyTrailer(names, sig)
	}
	return nil
}

func malformedTrailer() *Error {
	return &Error{Kind: MalformedTrailer,
		Message: "The request contained trailing data that was not well-formed or did not conform to our published schema."}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// verifyTrailer checks x-amz-trailer-signature over the canonical trailers.
func (c *chunkedReader) verifyTrailer(names []string, sig string) error {
	if sig == "" {
		return malformedTrailer()
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		io.WriteString(h, n+":"+c.trailers.Get(n)+"\n")
	}
	var sum [sha256.Size]byte
	sts := trailerAlgorithm + "\n" + c.date + "\n" + c.scope + "\n" + string(c.prev[:]) + "\n" + hex.EncodeToString(h.Sum(sum[:0]))
	c.mac.Reset()
	io.WriteString(c.mac, sts)
	got := hex.EncodeToString(c.mac.Sum(sum[:0]))
	if !hmac.Equal([]byte(got), []byte(sig)) {
		return &Error{Kind: Mismatch, Message: msgMismatch, AccessKey: c.accessKey, StringToSign: sts, SignatureProvided: sig}
	}
	return nil
}
