// Package b64 is standard base64 (RFC 4648, padded), as encoding/base64's
// StdEncoding, with AVX2 loops for the bulk of long inputs on amd64. It
// exists because base64 is the largest single cost of serving Kinesis
// records in awsJson: every record's Data crosses it once on the way in and
// once on the way out. Results are identical to encoding/base64's; the
// vector loops stop at the first block they cannot handle (padding, bytes
// outside the alphabet) and encoding/base64 does the rest, so errors are
// reported the same way.
package b64

import "encoding/base64"

// Decode decodes src into dst (which needs base64.StdEncoding.DecodedLen(len(src))
// bytes) and returns the number of bytes written.
func Decode(dst, src []byte) (int, error) {
	n, si := decodeBulk(dst, src)
	m, err := base64.StdEncoding.Decode(dst[n:], src[si:])
	if err != nil {
		if ce, ok := err.(base64.CorruptInputError); ok {
			err = base64.CorruptInputError(int64(ce) + int64(si))
		}
	}
	return n + m, err
}

// AppendEncode appends the encoding of src to dst.
func AppendEncode(dst, src []byte) []byte {
	n := base64.StdEncoding.EncodedLen(len(src))
	start := len(dst)
	dst = growTo(dst, start+n)
	out := dst[start : start+n]
	di, si := encodeBulk(out, src)
	base64.StdEncoding.Encode(out[di:], src[si:])
	return dst
}

func growTo(b []byte, n int) []byte {
	if cap(b) >= n {
		return b[:n]
	}
	nb := make([]byte, n, max(n, 2*cap(b)))
	copy(nb, b)
	return nb
}
