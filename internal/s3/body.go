package s3

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/edge"
)

// bodyError maps a failure to read a request body onto S3's error: the
// edge's SigV4 reader reports payload-hash and chunk-signature mismatches
// and broken aws-chunked framing (edge.S3Error has AWS's wording), and a
// client that sends fewer bytes than it declared gets IncompleteBody. It
// returns nil for errors that are not about the body.
func bodyError(err error) *awsproto.Error {
	if e := edge.S3Error(err); e != nil {
		return e
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errIncompleteBody()
	}
	return nil
}

// maxXMLBody bounds configuration documents (a CompleteMultipartUpload of
// 10,000 parts is well under it).
const maxXMLBody = 4 << 20

// readBody reads a small request body (an XML document) whole.
func readBody(r *request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxXMLBody+1))
	if err != nil {
		if e := bodyError(err); e != nil {
			return nil, e
		}
		return nil, err
	}
	if len(data) > maxXMLBody {
		return nil, errMalformedXML()
	}
	return data, nil
}

// readXMLBody reads a request document, checks it against Content-MD5 and
// x-amz-checksum-* headers, and refuses an empty one.
func readXMLBody(r *request) ([]byte, error) {
	data, err := readBody(r)
	if err != nil {
		return nil, err
	}
	if err := checkBodyDigests(r, data); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, awsproto.NewError("MissingRequestBodyError", http.StatusBadRequest, "Request Body is empty")
	}
	return data, nil
}

// checkBodyDigests verifies Content-MD5 and any x-amz-checksum-* header
// against a body that was read whole.
func checkBodyDigests(r *request, data []byte) error {
	if v := r.Header.Get("Content-MD5"); v != "" {
		want, err := decodeContentMD5(v)
		if err != nil {
			return err
		}
		got := md5.Sum(data)
		if !bytes.Equal(want, got[:]) {
			return errBadDigest()
		}
	}
	spec, err := parseChecksumHeaders(r.Header)
	if err != nil {
		return err
	}
	if spec.Algorithm != "" && spec.Value != "" {
		if got := computeChecksum(spec.Algorithm, data); got != spec.Value {
			return errChecksumMismatch(spec.Algorithm)
		}
	}
	return nil
}

// requireBodyChecksum enforces S3's rule that some operations carry
// Content-MD5 or an x-amz-checksum-* header (or trailer).
func requireBodyChecksum(r *request) error {
	if r.Header.Get("Content-MD5") != "" || r.Header.Get("X-Amz-Trailer") != "" {
		return nil
	}
	for name := range r.Header {
		if strings.HasPrefix(name, "X-Amz-Checksum-") && name != "X-Amz-Checksum-Type" && name != "X-Amz-Checksum-Mode" && name != "X-Amz-Checksum-Algorithm" {
			return nil
		}
	}
	return errInvalidRequest("Missing required header for this request: Content-MD5 OR x-amz-checksum-*")
}

// decodeContentMD5 decodes a Content-MD5 header: base64 of 16 bytes, or
// InvalidDigest.
func decodeContentMD5(v string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(b) != md5.Size {
		return nil, errInvalidDigest(v)
	}
	return b, nil
}

// unmarshalXML parses a request document; any syntax error is MalformedXML.
func unmarshalXML(data []byte, v any) error {
	if err := xml.Unmarshal(data, v); err != nil {
		return errMalformedXML()
	}
	return nil
}
