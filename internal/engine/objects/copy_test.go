package objects

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"testing"
	"testing/iotest"
)

// failingWriter fails once more than limit bytes were written.
type failingWriter struct {
	buf   bytes.Buffer
	limit int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > w.limit {
		return 0, errors.New("write failed")
	}
	return w.buf.Write(p)
}

func TestCopyHashed(t *testing.T) {
	te := newTestEngine(t)
	ctx := context.Background()
	boom := errors.New("boom")
	sizes := []int{0, 1, copyBufSize - 1, copyBufSize, copyBufSize + 1, 3*copyBufSize + 17, 7 * copyBufSize}
	for _, size := range sizes {
		body := partBody(uint64(size), size)
		readers := map[string]io.Reader{
			"plain":    bytes.NewReader(body),
			"onebyte":  iotest.OneByteReader(bytes.NewReader(body)),
			"halfread": iotest.HalfReader(bytes.NewReader(body)),
		}
		for name, r := range readers {
			var out bytes.Buffer
			md, sh := md5.New(), sha256.New()
			n, err := te.copyHashed(ctx, &out, r, []hash.Hash{md, sh})
			wantMD5, wantSHA := md5.Sum(body), sha256.Sum256(body)
			if err != nil || n != int64(size) || !bytes.Equal(out.Bytes(), body) ||
				!bytes.Equal(md.Sum(nil), wantMD5[:]) || !bytes.Equal(sh.Sum(nil), wantSHA[:]) {
				t.Fatalf("size %d %s: n=%d err=%v", size, name, n, err)
			}
		}
		// Read errors, before and after some data, and write errors.
		for _, cut := range []int{0, size / 2} {
			r := io.MultiReader(bytes.NewReader(body[:cut]), errReader{boom})
			if _, err := te.copyHashed(ctx, io.Discard, r, []hash.Hash{md5.New()}); !errors.Is(err, boom) {
				t.Fatalf("size %d cut %d: err = %v", size, cut, err)
			}
		}
		if size > 0 {
			w := &failingWriter{limit: size / 2}
			if _, err := te.copyHashed(ctx, w, bytes.NewReader(body), nil); err == nil {
				t.Fatalf("size %d: write error lost", size)
			}
		}
	}
}
