package objects

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"strconv"
	"strings"
)

// crc64NVMEPoly is the CRC-64/NVME polynomial (0xad93d23594c93659) in the
// bit-reflected form hash/crc64 and the combine code use.
const crc64NVMEPoly = 0x9a6c9329ac4bc9b5

// checksums holds the tables the engine's checksum hashes share, built
// once per engine (hash/crc64 has no built-in NVMe table).
type checksums struct {
	crc32c   *crc32.Table
	crc64nvm *crc64.Table
}

func newChecksums() checksums {
	return checksums{
		crc32c:   crc32.MakeTable(crc32.Castagnoli),
		crc64nvm: crc64.MakeTable(crc64NVMEPoly),
	}
}

// newHash returns a hash for a checksum algorithm, or nil for "".
func (c checksums) newHash(alg string) (hash.Hash, error) {
	switch alg {
	case "":
		return nil, nil
	case CRC32:
		return crc32.NewIEEE(), nil
	case CRC32C:
		return crc32.New(c.crc32c), nil
	case CRC64NVME:
		return crc64.New(c.crc64nvm), nil
	case SHA1:
		return sha1.New(), nil
	case SHA256:
		return sha256.New(), nil
	}
	return nil, fmt.Errorf("%w: unknown checksum algorithm %q", ErrInvalidChecksum, alg)
}

// checksumSize is the raw length of an algorithm's checksum.
func checksumSize(alg string) int {
	switch alg {
	case CRC32, CRC32C:
		return 4
	case CRC64NVME:
		return 8
	case SHA1:
		return sha1.Size
	case SHA256:
		return sha256.Size
	}
	return 0
}

// decodeChecksum decodes a base64 checksum value sent for alg, checking
// its length.
func decodeChecksum(alg, value string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(value)
	if err != nil || len(raw) != checksumSize(alg) {
		return nil, fmt.Errorf("%w: value for %s is not a base64-encoded %d-byte checksum", ErrInvalidChecksum, alg, checksumSize(alg))
	}
	return raw, nil
}

// multipartChecksumType validates an upload's algorithm and type and
// returns the type, applying S3's defaults: CRC64NVME only supports full
// object checksums, SHA-1 and SHA-256 only composite ones, and CRC32 and
// CRC32C both (composite unless asked otherwise).
func multipartChecksumType(alg, typ string) (string, error) {
	if typ != "" && typ != ChecksumFullObject && typ != ChecksumComposite {
		return "", fmt.Errorf("%w: unknown checksum type %q", ErrInvalidChecksum, typ)
	}
	switch alg {
	case "":
		if typ != "" {
			return "", fmt.Errorf("%w: a checksum type needs a checksum algorithm", ErrInvalidChecksum)
		}
		return "", nil
	case CRC64NVME:
		if typ == ChecksumComposite {
			return "", fmt.Errorf("%w: the COMPOSITE checksum type is not supported for CRC64NVME", ErrInvalidChecksum)
		}
		return ChecksumFullObject, nil
	case SHA1, SHA256:
		if typ == ChecksumFullObject {
			return "", fmt.Errorf("%w: the FULL_OBJECT checksum type is not supported for %s", ErrInvalidChecksum, alg)
		}
		return ChecksumComposite, nil
	case CRC32, CRC32C:
		if typ == "" {
			return ChecksumComposite, nil
		}
		return typ, nil
	}
	return "", fmt.Errorf("%w: unknown checksum algorithm %q", ErrInvalidChecksum, alg)
}

// compositeChecksum is S3's COMPOSITE multipart checksum: the checksum of
// the concatenated raw part checksums, base64, followed by "-N".
func (c checksums) compositeChecksum(alg string, parts [][]byte) (string, error) {
	h, err := c.newHash(alg)
	if err != nil || h == nil {
		return "", err
	}
	for _, p := range parts {
		h.Write(p)
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil)) + "-" + strconv.Itoa(len(parts)), nil
}

// fullObjectCRC combines the parts' CRCs into the CRC of the whole object
// without reading it again.
func fullObjectCRC(alg string, parts [][]byte, sizes []int64) (string, error) {
	spec, ok := crcSpecs(alg)
	if !ok {
		return "", fmt.Errorf("%w: %s has no full-object multipart checksum", ErrInvalidChecksum, alg)
	}
	var crc uint64
	for i, p := range parts {
		var v uint64
		if spec.width == 32 {
			v = uint64(binary.BigEndian.Uint32(p))
		} else {
			v = binary.BigEndian.Uint64(p)
		}
		if i == 0 {
			crc = v
			continue
		}
		crc = spec.combine(crc, v, uint64(sizes[i]))
	}
	out := make([]byte, spec.width/8)
	if spec.width == 32 {
		binary.BigEndian.PutUint32(out, uint32(crc))
	} else {
		binary.BigEndian.PutUint64(out, crc)
	}
	return base64.StdEncoding.EncodeToString(out), nil
}

// checksumEqual compares a computed checksum with one a client sent; for
// composite checksums the client may leave out the "-N" suffix.
func checksumEqual(stored, sent string) bool {
	if stored == sent {
		return true
	}
	return !strings.Contains(sent, "-") && strings.HasPrefix(stored, sent+"-")
}

// etagEqual compares ETags ignoring quotes.
func etagEqual(a, b string) bool {
	return bytes.Equal([]byte(strings.Trim(a, `"`)), []byte(strings.Trim(b, `"`)))
}
