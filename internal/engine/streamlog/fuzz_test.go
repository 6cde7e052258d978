package streamlog

import (
	"bytes"
	"context"
	"testing"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// validSegment returns the bytes of a segment holding n records at base,
// in Appends of two.
func validSegment(base uint64, n int) []byte {
	var b []byte
	for i := 0; i < n; i++ {
		r := testRecord(i)
		if i%3 == 0 {
			r.Meta = []byte("m")
		}
		buf := make([]byte, frameSize(&r))
		var flags byte
		if i%2 == 1 || i == n-1 {
			flags = flagEndOfAppend
		}
		encodeFrame(buf, &r, base+uint64(i), 1000+int64(i/4), flags)
		b = append(b, buf...)
	}
	return b
}

// FuzzRecover feeds arbitrary bytes to recovery as a log's last segment:
// opening never fails or panics, and every record read back is a frame
// that is verbatim in the input with a correct checksum, at dense offsets.
func FuzzRecover(f *testing.F) {
	seg := validSegment(0, 12)
	f.Add(seg)
	f.Add(seg[:len(seg)-5])
	f.Add(append(append([]byte{}, seg...), 0, 0, 0, 0, 0, 0, 0, 0))
	bad := append([]byte{}, seg...)
	bad[len(bad)/2] ^= 1
	f.Add(bad)
	f.Add(validSegment(7, 3)) // offsets that do not match the file name
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		fs := vfs.NewMem()
		opts := Options{FS: fs, Dir: "/s", Logger: quietLogger, SegmentBytes: 1 << 20}
		if err := fs.MkdirAll("/s/a", 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, fs, "/s/a/00000000000000000000.seg", data)
		s, err := Open(opts)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		l, err := s.Log("a")
		if err != nil {
			t.Fatal(err)
		}
		recs, err := l.Read(context.Background(), 0, 0, 0)
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if _, next := l.Bounds(); next != uint64(len(recs)) {
			t.Fatalf("next %d but %d records read", next, len(recs))
		}
		pos := 0
		for i, r := range recs {
			if r.Offset != uint64(i) {
				t.Fatalf("record %d has offset %d", i, r.Offset)
			}
			// Re-encoding the record must give the input's bytes exactly,
			// checksum included, with one flag value or the other.
			buf := make([]byte, frameSize(&r))
			ok := false
			for _, flags := range []byte{0, flagEndOfAppend} {
				n := encodeFrame(buf, &r, r.Offset, r.Timestamp, flags)
				if pos+n <= len(data) && bytes.Equal(buf, data[pos:pos+n]) {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("record %d is not a verbatim valid frame of the input", i)
			}
			pos += len(buf)
		}
		// The log keeps working after recovery.
		if first, _, err := l.Append(context.Background(), []Record{{Value: []byte("x")}}); err != nil || first != uint64(len(recs)) {
			t.Fatalf("Append after recovery = %d, %v", first, err)
		}
	})
}

// FuzzDecodeFrame checks the frame decoder on arbitrary bytes.
func FuzzDecodeFrame(f *testing.F) {
	f.Add(validSegment(0, 1))
	f.Add([]byte{25, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var fr frame
		if decodeFrame(data, true, &fr) != frameOK {
			return
		}
		r := fr.record()
		buf := make([]byte, frameSize(&r))
		encodeFrame(buf, &r, fr.offset, fr.ts, fr.flags)
		if !bytes.Equal(buf, data[:fr.size]) {
			t.Fatalf("decoded frame does not re-encode to its input")
		}
	})
}
