package streamlog

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"sort"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// indexEntry maps a record's offset to the file position of its frame and
// its timestamp. A segment's index holds one entry per interval bytes
// (sparse), so finding any record reads at most about interval bytes.
type indexEntry struct {
	offset uint64
	pos    int64
	ts     int64
}

const indexEntrySize = 24

// Index intervals: about maxIndexEntries entries per full segment, but never
// finer than minIndexInterval bytes, so an index stays a few tens of KiB.
const (
	maxIndexEntries  = 1024
	minIndexInterval = 4 << 10
)

func indexInterval(segmentBytes int64) int64 {
	return max(segmentBytes/maxIndexEntries, minIndexInterval)
}

// indexBuilder collects entries while frames are appended or scanned.
type indexBuilder struct {
	interval int64
	entries  []indexEntry
}

// add records a frame if it starts a new interval (or is the first).
func (b *indexBuilder) add(pos int64, offset uint64, ts int64) {
	if n := len(b.entries); n > 0 && pos/b.interval == b.entries[n-1].pos/b.interval {
		return
	}
	b.entries = append(b.entries, indexEntry{offset: offset, pos: pos, ts: ts})
}

// until returns the entries of frames starting before size.
func (b *indexBuilder) until(size int64) []indexEntry {
	i := sort.Search(len(b.entries), func(i int) bool { return b.entries[i].pos >= size })
	return b.entries[:i]
}

// seekOffset returns the last entry at or before offset, if any.
func seekOffset(entries []indexEntry, offset uint64) (indexEntry, bool) {
	i := sort.Search(len(entries), func(i int) bool { return entries[i].offset > offset })
	if i == 0 {
		return indexEntry{}, false
	}
	return entries[i-1], true
}

// seekTime returns the last entry whose timestamp is below ts, if any:
// the first record at or after ts lies after it.
func seekTime(entries []indexEntry, ts int64) (indexEntry, bool) {
	i := sort.Search(len(entries), func(i int) bool { return entries[i].ts >= ts })
	if i == 0 {
		return indexEntry{}, false
	}
	return entries[i-1], true
}

// An index file (<base>.idx) is written when a segment is rolled, so that
// opening a store reads only a fixed-size header per sealed segment instead
// of scanning it. Its layout (little-endian):
//
//	0  [8]byte magic "NSLIDX01"
//	8  uint64  base offset
//	16 uint64  next offset (after the segment's last record)
//	24 int64   valid size of the segment file
//	32 int64   first timestamp
//	40 int64   last timestamp
//	48 uint32  number of entries
//	52 uint32  CRC32C of the entries
//	56 uint32  CRC32C of bytes 0..56
//	60 uint32  zero
//	64 entries, 24 bytes each: offset, position, timestamp
//
// A missing or damaged index file is rebuilt by scanning the segment.
const (
	idxMagic      = "NSLIDX01"
	idxHeaderSize = 64
)

var errBadIndex = errors.New("streamlog: bad index file")

// segmentSummary is what a sealed segment's index header says.
type segmentSummary struct {
	base, next      uint64
	size            int64
	firstTS, lastTS int64
	count           uint32
	entriesCRC      uint32
}

func encodeIndex(sum segmentSummary, entries []indexEntry) []byte {
	buf := make([]byte, idxHeaderSize+len(entries)*indexEntrySize)
	body := buf[idxHeaderSize:]
	for i, e := range entries {
		b := body[i*indexEntrySize:]
		binary.LittleEndian.PutUint64(b[0:], e.offset)
		binary.LittleEndian.PutUint64(b[8:], uint64(e.pos))
		binary.LittleEndian.PutUint64(b[16:], uint64(e.ts))
	}
	copy(buf, idxMagic)
	binary.LittleEndian.PutUint64(buf[8:], sum.base)
	binary.LittleEndian.PutUint64(buf[16:], sum.next)
	binary.LittleEndian.PutUint64(buf[24:], uint64(sum.size))
	binary.LittleEndian.PutUint64(buf[32:], uint64(sum.firstTS))
	binary.LittleEndian.PutUint64(buf[40:], uint64(sum.lastTS))
	binary.LittleEndian.PutUint32(buf[48:], uint32(len(entries)))
	binary.LittleEndian.PutUint32(buf[52:], crc32.Checksum(body, castagnoli))
	binary.LittleEndian.PutUint32(buf[56:], crc32.Checksum(buf[:56], castagnoli))
	return buf
}

func decodeIndexHeader(b []byte) (segmentSummary, error) {
	if len(b) < idxHeaderSize || string(b[:8]) != idxMagic ||
		crc32.Checksum(b[:56], castagnoli) != binary.LittleEndian.Uint32(b[56:]) {
		return segmentSummary{}, errBadIndex
	}
	s := segmentSummary{
		base:       binary.LittleEndian.Uint64(b[8:]),
		next:       binary.LittleEndian.Uint64(b[16:]),
		size:       int64(binary.LittleEndian.Uint64(b[24:])),
		firstTS:    int64(binary.LittleEndian.Uint64(b[32:])),
		lastTS:     int64(binary.LittleEndian.Uint64(b[40:])),
		count:      binary.LittleEndian.Uint32(b[48:]),
		entriesCRC: binary.LittleEndian.Uint32(b[52:]),
	}
	if s.next < s.base || s.size < 0 || s.count > uint32(s.size/minIndexInterval)+2 {
		return segmentSummary{}, errBadIndex
	}
	return s, nil
}

func decodeIndexEntries(sum segmentSummary, body []byte) ([]indexEntry, error) {
	if len(body) != int(sum.count)*indexEntrySize || crc32.Checksum(body, castagnoli) != sum.entriesCRC {
		return nil, errBadIndex
	}
	entries := make([]indexEntry, sum.count)
	for i := range entries {
		b := body[i*indexEntrySize:]
		entries[i] = indexEntry{
			offset: binary.LittleEndian.Uint64(b[0:]),
			pos:    int64(binary.LittleEndian.Uint64(b[8:])),
			ts:     int64(binary.LittleEndian.Uint64(b[16:])),
		}
	}
	return entries, nil
}

// readIndexHeader reads the summary of an index file.
func readIndexHeader(fs vfs.FS, path string) (segmentSummary, error) {
	f, err := fs.Open(path)
	if err != nil {
		return segmentSummary{}, err
	}
	defer f.Close()
	var b [idxHeaderSize]byte
	if _, err := f.ReadAt(b[:], 0); err != nil {
		return segmentSummary{}, errBadIndex
	}
	return decodeIndexHeader(b[:])
}

// readIndex reads a whole index file and checks it describes want.
func readIndex(fs vfs.FS, path string, want segmentSummary) ([]indexEntry, error) {
	f, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, idxHeaderSize+int(want.count)*indexEntrySize)
	if _, err := f.ReadAt(buf, 0); err != nil {
		return nil, errBadIndex
	}
	sum, err := decodeIndexHeader(buf)
	if err != nil || sum != want {
		return nil, errBadIndex
	}
	return decodeIndexEntries(sum, buf[idxHeaderSize:])
}
