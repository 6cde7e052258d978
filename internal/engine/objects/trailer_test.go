package objects

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestTrailingChecksum(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	boom := errors.New("trailer unreadable")
	big := string(partBody(4, 3*copyBufSize+5))
	cases := []struct {
		name    string
		body    string
		trailer string
		err     error
		want    error
	}{
		{"matches", "hello world", "DUoRhQ==", nil, nil},
		{"matches large", big, crc32B64(big), nil, nil},
		{"mismatch", "hello world", "AAAAAA==", nil, ErrChecksumMismatch},
		{"mismatch large", big, "AAAAAA==", nil, ErrChecksumMismatch},
		{"not base64", "hello world", "?", nil, ErrInvalidChecksum},
		{"absent", "hello world", "", nil, nil},
		{"error", "hello world", "", boom, boom},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			fn := func() (string, error) { calls++; return c.trailer, c.err }
			o, err := te.PutObject(ctx, "b", "k-"+c.name, strings.NewReader(c.body), PutInput{ChecksumAlgorithm: CRC32, ExpectedChecksumFunc: fn, Size: -1})
			wantErr(t, err, c.want)
			if calls != 1 {
				t.Fatalf("trailer read %d times", calls)
			}
			if c.want == nil && o.Checksum.Value != crc32B64(c.body) {
				t.Fatalf("stored %+v", o.Checksum)
			}
			if c.want != nil {
				if _, err := te.GetObject(ctx, "b", "k-"+c.name, ""); !errors.Is(err, ErrNoSuchKey) {
					t.Fatalf("failed write visible: %v", err)
				}
			}
			// The same through UploadPart.
			up, _ := te.CreateMultipartUpload(ctx, "b", "mp", PutInput{ChecksumAlgorithm: CRC32}, "")
			calls = 0
			_, err = te.UploadPart(ctx, "b", "mp", up.UploadID, 1, strings.NewReader(c.body), PartInput{ExpectedChecksumFunc: fn, Size: -1})
			wantErr(t, err, c.want)
			if calls != 1 {
				t.Fatalf("part trailer read %d times", calls)
			}
		})
	}
	if n := countFiles(t, te.fs, "/data/objects"); n != 6 {
		t.Fatalf("%d files, want the 3 good objects and their 3 parts", n)
	}
}

func crc32B64(s string) string {
	h, _ := newChecksums().newHash(CRC32)
	h.Write([]byte(s))
	return b64(h.Sum(nil))
}

// bodyError is an error type of the caller's, as the edge's SigV4 reader
// returns for a bad chunk signature.
type bodyError struct{ code string }

func (e *bodyError) Error() string { return e.code }

// TestBodyErrorsPassThrough: a body read error aborts the write, stores
// nothing, and reaches the caller with its type intact.
func TestBodyErrorsPassThrough(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	for _, size := range []int{10, 3 * copyBufSize} {
		body := io.MultiReader(bytes.NewReader(partBody(1, size)), errReader{&bodyError{"SignatureDoesNotMatch"}})
		_, err := te.PutObject(ctx, "b", "k", body, PutInput{Size: -1})
		var be *bodyError
		if !errors.As(err, &be) || be.code != "SignatureDoesNotMatch" {
			t.Fatalf("size %d: err = %v", size, err)
		}
		up, _ := te.CreateMultipartUpload(ctx, "b", "k", PutInput{}, "")
		body = io.MultiReader(bytes.NewReader(partBody(1, size)), errReader{&bodyError{"IncompleteBody"}})
		_, err = te.UploadPart(ctx, "b", "k", up.UploadID, 1, body, PartInput{Size: -1})
		if !errors.As(err, &be) || be.code != "IncompleteBody" {
			t.Fatalf("size %d: part err = %v", size, err)
		}
	}
	if n := countFiles(t, te.fs, "/data/objects"); n != 0 {
		t.Fatalf("%d files left", n)
	}
}
