package streamlog

import (
	"encoding/binary"
	"hash/crc32"
)

// A segment file is a sequence of frames, one per record:
//
//	0  uint32  body length (bytes after this 8-byte prefix)
//	4  uint32  CRC32C (Castagnoli) of the body
//	8  body:
//	   0   uint64  offset
//	   8   int64   timestamp, Unix milliseconds
//	   16  uint8   flags (flagEndOfAppend marks the last record of one Append)
//	   17  uint32  key length
//	   21  uint32  meta length
//	   25  key, meta, value
//
// All integers are little-endian. The offset in every frame lets recovery
// reject stale bytes that happen to form a valid frame, and the end-of-append
// flag makes a multi-record Append all-or-nothing: recovery keeps only whole
// Appends.
const (
	framePrefix   = 8
	frameHeader   = 25
	frameOverhead = framePrefix + frameHeader

	flagEndOfAppend = 1

	// MaxRecordBytes bounds len(Key)+len(Value)+len(Meta) of one record. It
	// is far above Kinesis's 10 MiB and keeps a corrupt length field from
	// making the scanner allocate gigabytes.
	MaxRecordBytes = 64 << 20
	maxFrameBody   = frameHeader + MaxRecordBytes
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frameSize is the number of bytes a record takes in a segment.
func frameSize(r *Record) int {
	return frameOverhead + len(r.Key) + len(r.Meta) + len(r.Value)
}

// encodeFrame writes r as a frame at the start of dst, which must hold
// frameSize(r) bytes, and returns the number of bytes written.
func encodeFrame(dst []byte, r *Record, offset uint64, ts int64, flags byte) int {
	body := dst[framePrefix:]
	binary.LittleEndian.PutUint64(body[0:], offset)
	binary.LittleEndian.PutUint64(body[8:], uint64(ts))
	body[16] = flags
	binary.LittleEndian.PutUint32(body[17:], uint32(len(r.Key)))
	binary.LittleEndian.PutUint32(body[21:], uint32(len(r.Meta)))
	n := frameHeader
	n += copy(body[n:], r.Key)
	n += copy(body[n:], r.Meta)
	n += copy(body[n:], r.Value)
	binary.LittleEndian.PutUint32(dst[0:], uint32(n))
	binary.LittleEndian.PutUint32(dst[4:], crc32.Checksum(body[:n], castagnoli))
	return framePrefix + n
}

// frameStatus says what decodeFrame found at the start of a buffer.
type frameStatus int

const (
	frameOK      frameStatus = iota
	frameShort               // the buffer ends inside the frame: read more
	frameCorrupt             // the length, checksum or layout is wrong
)

// frame is one decoded frame. Key, Meta and Value alias the input buffer.
type frame struct {
	size   int // bytes the frame takes, prefix included
	offset uint64
	ts     int64
	flags  byte
	key    []byte
	meta   []byte
	value  []byte
}

// frameLen returns the total size of the frame starting at b; the status
// says whether b is too short to tell or the length field is impossible.
func frameLen(b []byte) (int, frameStatus) {
	if len(b) < framePrefix {
		return 0, frameShort
	}
	n := binary.LittleEndian.Uint32(b)
	if n < frameHeader || n > maxFrameBody {
		return 0, frameCorrupt
	}
	return framePrefix + int(n), frameOK
}

// decodeFrame decodes the frame at the start of b. With verify set it checks
// the CRC; data that Append itself just wrote (the tail cache) skips it.
func decodeFrame(b []byte, verify bool, f *frame) frameStatus {
	size, st := frameLen(b)
	if st != frameOK {
		return st
	}
	if len(b) < size {
		return frameShort
	}
	body := b[framePrefix:size]
	if verify && crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(b[4:]) {
		return frameCorrupt
	}
	klen := uint64(binary.LittleEndian.Uint32(body[17:]))
	mlen := uint64(binary.LittleEndian.Uint32(body[21:]))
	if klen+mlen > uint64(len(body)-frameHeader) {
		return frameCorrupt
	}
	f.size = size
	f.offset = binary.LittleEndian.Uint64(body[0:])
	f.ts = int64(binary.LittleEndian.Uint64(body[8:]))
	f.flags = body[16]
	k := frameHeader + int(klen)
	m := k + int(mlen)
	f.key = body[frameHeader:k:k]
	f.meta = body[k:m:m]
	f.value = body[m:len(body):len(body)]
	return frameOK
}

// record turns a decoded frame into a Record; empty Key/Meta become nil.
func (f *frame) record() Record {
	r := Record{Offset: f.offset, Timestamp: f.ts, Value: f.value}
	if len(f.key) > 0 {
		r.Key = f.key
	}
	if len(f.meta) > 0 {
		r.Meta = f.meta
	}
	return r
}
