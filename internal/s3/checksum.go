package s3

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"net/http"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// checksumAlgorithms are S3's flexible checksums: the algorithm name, the
// header that carries its value, and the length of the raw digest.
var checksumAlgorithms = [...]struct {
	Name   string
	Header string
	Size   int
}{
	{objects.CRC32, "X-Amz-Checksum-Crc32", 4},
	{objects.CRC32C, "X-Amz-Checksum-Crc32c", 4},
	{objects.CRC64NVME, "X-Amz-Checksum-Crc64nvme", 8},
	{objects.SHA1, "X-Amz-Checksum-Sha1", 20},
	{objects.SHA256, "X-Amz-Checksum-Sha256", 32},
}

// checksumHeader returns the header carrying alg's value ("" if unknown).
func checksumHeader(alg string) string {
	for _, a := range checksumAlgorithms {
		if a.Name == alg {
			return a.Header
		}
	}
	return ""
}

// checksumSize returns the length of alg's raw digest (0 if unknown).
func checksumSize(alg string) int {
	for _, a := range checksumAlgorithms {
		if a.Name == alg {
			return a.Size
		}
	}
	return 0
}

// normalizeAlgorithm returns the canonical spelling of an algorithm name
// given in any case, or "" if S3 does not know it.
func normalizeAlgorithm(v string) string {
	for _, a := range checksumAlgorithms {
		if strings.EqualFold(a.Name, v) {
			return a.Name
		}
	}
	return ""
}

// checksumSpec is what a request says about its body's checksum.
type checksumSpec struct {
	Algorithm string
	// Value is the base64 digest sent in a header; empty when it comes in
	// a trailer (Trailer true) or not at all.
	Value   string
	Trailer bool
}

// parseChecksumHeaders reads x-amz-sdk-checksum-algorithm,
// x-amz-checksum-<alg> and x-amz-trailer, with S3's rules: at most one
// checksum, a valid algorithm, a well-formed value.
func parseChecksumHeaders(h http.Header) (checksumSpec, error) {
	var spec checksumSpec
	for _, a := range checksumAlgorithms {
		v := h.Get(a.Header)
		if v == "" {
			continue
		}
		if spec.Algorithm != "" {
			return spec, errInvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
		}
		if raw, err := base64.StdEncoding.DecodeString(v); err != nil || len(raw) != a.Size {
			return spec, errInvalidRequest("Value for " + strings.ToLower(a.Header) + " header is invalid.")
		}
		spec.Algorithm, spec.Value = a.Name, v
	}
	if t := h.Get("X-Amz-Trailer"); t != "" {
		alg := ""
		for _, a := range checksumAlgorithms {
			if strings.EqualFold(strings.TrimSpace(t), a.Header) {
				alg = a.Name
			}
		}
		if alg == "" {
			return spec, errInvalidRequest("The value specified in the x-amz-trailer header is not supported")
		}
		if spec.Algorithm != "" && spec.Algorithm != alg {
			return spec, errInvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
		}
		spec.Algorithm, spec.Trailer = alg, true
	}
	if sdk := h.Get("X-Amz-Sdk-Checksum-Algorithm"); sdk != "" {
		alg := normalizeAlgorithm(sdk)
		if alg == "" {
			return spec, errInvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
		}
		if spec.Algorithm == "" {
			return spec, errInvalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.")
		}
		if spec.Algorithm != alg {
			return spec, errInvalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.")
		}
	}
	return spec, nil
}

// crc64NVME is the CRC-64/NVME table (reflected polynomial).
func crc64NVME() *crc64.Table { return crc64.MakeTable(0x9a6c9329ac4bc9b5) }

// newChecksumHash returns a hash for alg (nil if unknown).
func newChecksumHash(alg string) hash.Hash {
	switch alg {
	case objects.CRC32:
		return crc32.NewIEEE()
	case objects.CRC32C:
		return crc32.New(crc32.MakeTable(crc32.Castagnoli))
	case objects.CRC64NVME:
		return crc64.New(crc64NVME())
	case objects.SHA1:
		return sha1.New()
	case objects.SHA256:
		return sha256.New()
	}
	return nil
}

// computeChecksum returns the base64 checksum of data.
func computeChecksum(alg string, data []byte) string {
	h := newChecksumHash(alg)
	if h == nil {
		return ""
	}
	h.Write(data)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func errChecksumMismatch(alg string) *awsproto.Error {
	return awsproto.NewError("BadDigest", http.StatusBadRequest, "The %s you specified did not match the calculated checksum.", alg)
}

// setChecksumHeaders adds a stored checksum to a response.
func setChecksumHeaders(h http.Header, c objects.Checksum) {
	if c.Algorithm == "" || c.Value == "" {
		return
	}
	h.Set(checksumHeader(c.Algorithm), c.Value)
	if c.Type != "" {
		h.Set("X-Amz-Checksum-Type", c.Type)
	}
}

// checksumXML fills the checksum members of an XML result.
func checksumXML(c objects.Checksum) checksumFields {
	var f checksumFields
	switch c.Algorithm {
	case objects.CRC32:
		f.ChecksumCRC32 = c.Value
	case objects.CRC32C:
		f.ChecksumCRC32C = c.Value
	case objects.CRC64NVME:
		f.ChecksumCRC64NVME = c.Value
	case objects.SHA1:
		f.ChecksumSHA1 = c.Value
	case objects.SHA256:
		f.ChecksumSHA256 = c.Value
	}
	return f
}

// value returns the one checksum a CompletedPart or similar carries.
func (f checksumFields) value() (alg, v string) {
	switch {
	case f.ChecksumCRC32 != "":
		return objects.CRC32, f.ChecksumCRC32
	case f.ChecksumCRC32C != "":
		return objects.CRC32C, f.ChecksumCRC32C
	case f.ChecksumCRC64NVME != "":
		return objects.CRC64NVME, f.ChecksumCRC64NVME
	case f.ChecksumSHA1 != "":
		return objects.SHA1, f.ChecksumSHA1
	case f.ChecksumSHA256 != "":
		return objects.SHA256, f.ChecksumSHA256
	}
	return "", ""
}
