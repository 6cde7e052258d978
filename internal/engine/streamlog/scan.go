package streamlog

import (
	"errors"
	"io"
)

// scanBufSize is how much of a segment the scanner reads at a time.
const scanBufSize = 1 << 20

// scanResult describes the valid prefix of a segment file.
type scanResult struct {
	next    uint64 // offset after the last kept record (base when none)
	size    int64  // bytes of the kept prefix
	firstTS int64
	lastTS  int64
	entries []indexEntry
	// clean reports that the kept prefix is the whole file.
	clean bool
}

// segReader reads a file sequentially through one reusable buffer.
type segReader struct {
	r        io.ReaderAt
	fileSize int64
	buf      []byte
	start    int64 // file position of buf[0]
}

// at returns the bytes of the file from pos, at least n of them unless the
// file ends first.
func (s *segReader) at(pos int64, n int) ([]byte, error) {
	if pos >= s.start && pos+int64(n) <= s.start+int64(len(s.buf)) {
		return s.buf[pos-s.start:], nil
	}
	want := max(n, scanBufSize)
	if rest := s.fileSize - pos; int64(want) > rest {
		want = int(max(rest, 0))
	}
	if cap(s.buf) < want {
		s.buf = make([]byte, want)
	}
	s.buf = s.buf[:want]
	s.start = pos
	m, err := s.r.ReadAt(s.buf, pos)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	s.buf = s.buf[:m]
	return s.buf, nil
}

// scanSegment validates the frames of a segment file from its start. It
// expects dense offsets from base and non-decreasing timestamps, and stops at
// the first frame that is torn, fails its checksum or breaks that order, or
// whose offset reaches limit (the next segment's base). With wholeAppends set
// (the last segment of a log) it also drops the records after the last
// end-of-append flag, so an Append torn by a crash disappears entirely.
func scanSegment(r io.ReaderAt, fileSize int64, base, limit uint64, wholeAppends bool, interval int64) (scanResult, error) {
	res := scanResult{next: base}
	ib := indexBuilder{interval: interval}
	sr := segReader{r: r, fileSize: fileSize}
	var f frame
	pos, next, lastTS := int64(0), base, int64(0)
	for pos < fileSize && next < limit {
		b, err := sr.at(pos, framePrefix)
		if err != nil {
			return res, err
		}
		size, st := frameLen(b)
		if st != frameOK {
			break
		}
		if b, err = sr.at(pos, size); err != nil {
			return res, err
		}
		if decodeFrame(b, true, &f) != frameOK || f.offset != next || (next > base && f.ts < lastTS) {
			break
		}
		ib.add(pos, f.offset, f.ts)
		if next == base {
			res.firstTS = f.ts
		}
		pos += int64(f.size)
		next++
		lastTS = f.ts
		if !wholeAppends || f.flags&flagEndOfAppend != 0 {
			res.next, res.size, res.lastTS = next, pos, lastTS
		}
	}
	res.entries = ib.until(res.size)
	res.clean = res.size == fileSize
	return res, nil
}
