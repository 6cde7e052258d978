package objects

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"
)

// KV layout. Every key of the engine starts with "o/"; the next letter
// says what it holds:
//
//	o/b/<bucket>                                     bucket record
//	o/v/<bucket>\x00<key*>\x00\x01<^seq:8>           object version (newest first per key)
//	o/u/<bucket>\x00<key*>\x00\x01<uploadID:24>      multipart upload (oldest first per key)
//	o/p/<uploadID:24><part:4>                        uploaded part
//	o/c/<uploadID:24>                                completed upload (idempotent retries)
//	o/clean                                          present after a clean Close
//
// <key*> is the object key with each 0x00 byte escaped as 0x00 0xff, and
// \x00\x01 ends it. The escaping keeps bytewise order (a key sorts before
// every longer key it prefixes, since 0x01 < 0xff and 0x01 < any byte that
// can follow a 0x00 in an escaped key), so a scan of o/v/<bucket>\x00
// visits keys in S3's order (UTF-8 binary). Bucket names never contain
// 0x00, so one bucket's keys never interleave with another's. Version
// sequence numbers are stored inverted so a key's newest version comes
// first, and all keys under a prefix P form the single range
// [enc(P), PrefixEnd(enc(P))), which lets delimiter listing jump over a
// whole common prefix with one seek.
const (
	pfxBucket    = "o/b/"
	pfxVersion   = "o/v/"
	pfxUpload    = "o/u/"
	pfxPart      = "o/p/"
	pfxCompleted = "o/c/"
	keyClean     = "o/clean"
)

// keyEnd terminates an escaped object key.
var keyEnd = []byte{0x00, 0x01}

// appendEscaped appends key with 0x00 escaped.
func appendEscaped(dst []byte, key string) []byte {
	for i := 0; i < len(key); i++ {
		dst = append(dst, key[i])
		if key[i] == 0 {
			dst = append(dst, 0xff)
		}
	}
	return dst
}

// bucketPrefix is "<pfx><bucket>\x00", the start of a bucket's keys.
func bucketPrefix(pfx, bucket string) []byte {
	b := make([]byte, 0, len(pfx)+len(bucket)+1)
	b = append(b, pfx...)
	b = append(b, bucket...)
	return append(b, 0)
}

// keyPrefix is the start of every KV key of one object key.
func keyPrefix(pfx, bucket, key string) []byte {
	b := bucketPrefix(pfx, bucket)
	b = appendEscaped(b, key)
	return append(b, keyEnd...)
}

// keyRangePrefix is the start of every object key that begins with p.
func keyRangePrefix(pfx, bucket, p string) []byte {
	return appendEscaped(bucketPrefix(pfx, bucket), p)
}

// versionKey is the KV key of one version.
func versionKey(bucket, key string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(keyPrefix(pfxVersion, bucket, key), ^seq)
}

// uploadKey is the KV key of one multipart upload.
func uploadKey(bucket, key string, id uploadID) []byte {
	return append(keyPrefix(pfxUpload, bucket, key), id[:]...)
}

// partKey is the KV key of one part; partPrefix covers all of an upload's parts.
func partKey(id uploadID, number int) []byte {
	return binary.BigEndian.AppendUint32(partPrefix(id), uint32(number))
}

func partPrefix(id uploadID) []byte {
	return append([]byte(pfxPart), id[:]...)
}

func completedKey(id uploadID) []byte {
	return append([]byte(pfxCompleted), id[:]...)
}

// splitObjectKey parses the part of a version or upload KV key after the
// bucket prefix: it returns the object key and the remaining suffix.
func splitObjectKey(rest []byte) (key string, suffix []byte, ok bool) {
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		if rest[i] != 0 {
			b.WriteByte(rest[i])
			continue
		}
		if i+1 >= len(rest) {
			return "", nil, false
		}
		switch rest[i+1] {
		case 0xff:
			b.WriteByte(0)
			i++
		case 0x01:
			return b.String(), rest[i+2:], true
		default:
			return "", nil, false
		}
	}
	return "", nil, false
}

// seqFromVersionSuffix decodes the inverted sequence number after a key.
func seqFromVersionSuffix(suffix []byte) (uint64, bool) {
	if len(suffix) != 8 {
		return 0, false
	}
	return ^binary.BigEndian.Uint64(suffix), true
}

// idEncoding spells version and upload IDs: URL-safe, no padding. 24 bytes
// give the 32 characters of S3's version IDs.
var idEncoding = base64.RawURLEncoding

// newVersionID returns a version ID that embeds seq, so a version is found
// with one lookup, followed by random bytes so IDs cannot be guessed from
// one another.
func newVersionID(seq uint64) string {
	var raw [24]byte
	binary.BigEndian.PutUint64(raw[:8], seq)
	rand.Read(raw[8:])
	return idEncoding.EncodeToString(raw[:])
}

// parseVersionID returns the sequence number embedded in a version ID made
// by newVersionID.
func parseVersionID(id string) (uint64, bool) {
	if len(id) != 32 {
		return 0, false
	}
	var raw [24]byte
	n, err := idEncoding.Decode(raw[:], []byte(id))
	if err != nil || n != 24 {
		return 0, false
	}
	return binary.BigEndian.Uint64(raw[:8]), true
}

// uploadID is the raw form of a multipart upload ID: its initiation time
// (ns) followed by random bytes, so uploads of one key list in initiation
// order.
type uploadID [24]byte

func newUploadID(nowNanos uint64) uploadID {
	var id uploadID
	binary.BigEndian.PutUint64(id[:8], nowNanos)
	rand.Read(id[8:])
	return id
}

func (id uploadID) String() string { return idEncoding.EncodeToString(id[:]) }

func parseUploadID(s string) (uploadID, bool) {
	var id uploadID
	if len(s) != 32 {
		return id, false
	}
	n, err := idEncoding.Decode(id[:], []byte(s))
	return id, err == nil && n == len(id)
}

// newFileID names a new object or part file: 128 random bits, in hex.
func newFileID() string {
	var raw [16]byte
	rand.Read(raw[:])
	return hex.EncodeToString(raw[:])
}

// fileRel is the path of a file relative to the engine root:
// <bucket>/<a>/<b>/<id>, two levels of 16 directories named by the ID's
// first hex digits. Object keys never become paths. 256 leaf directories
// keep each one small enough (a million objects make 4,000 files each)
// while few enough that creating them, each made durable by an fsync of
// its parent, costs nothing after a bucket's first few hundred writes.
func fileRel(bucket, id string) string {
	return bucket + "/" + id[0:1] + "/" + id[1:2] + "/" + id
}
