package objects

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

const mib = 1 << 20

// partBody is a deterministic part of n bytes.
func partBody(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

func TestMultipartParallelOutOfOrder(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	up, err := te.CreateMultipartUpload(ctx, "b", "big", PutInput{ContentType: "application/x", Metadata: map[string]string{"m": "1"}, Tags: map[string]string{"t": "1"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{5 * mib, 5*mib + 1, 5 * mib, 123}
	bodies := make([][]byte, len(sizes))
	etags := make([]string, len(sizes))
	var wg sync.WaitGroup
	for i := len(sizes) - 1; i >= 0; i-- {
		bodies[i] = partBody(uint64(i), sizes[i])
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p, err := te.UploadPart(ctx, "b", "big", up.UploadID, i+1, bytes.NewReader(bodies[i]), PartInput{Size: int64(sizes[i])})
			if err != nil {
				t.Error(err)
				return
			}
			etags[i] = p.ETag
		}(i)
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	// Replace part 2 with new bytes.
	bodies[1] = partBody(99, 5*mib+7)
	p2, err := te.UploadPart(ctx, "b", "big", up.UploadID, 2, bytes.NewReader(bodies[1]), PartInput{Size: -1})
	if err != nil {
		t.Fatal(err)
	}
	etags[1] = p2.ETag
	parts, truncated, err := te.ListParts(ctx, "b", "big", up.UploadID, 0, 2)
	if err != nil || len(parts) != 2 || !truncated || parts[0].Number != 1 || parts[1].Number != 2 || parts[1].Size != 5*mib+7 {
		t.Fatalf("ListParts = %+v, %v, %v", parts, truncated, err)
	}
	parts, truncated, _ = te.ListParts(ctx, "b", "big", up.UploadID, 2, 10)
	if len(parts) != 2 || truncated || parts[0].Number != 3 {
		t.Fatalf("ListParts page 2 = %+v, %v", parts, truncated)
	}
	var list []CompletedPart
	var md5s []byte
	var whole []byte
	for i := range sizes {
		list = append(list, CompletedPart{Number: i + 1, ETag: etags[i]})
		sum := md5.Sum(bodies[i])
		md5s = append(md5s, sum[:]...)
		whole = append(whole, bodies[i]...)
	}
	o, err := te.CompleteMultipartUpload(ctx, "b", "big", up.UploadID, list, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(md5s)
	wantETag := `"` + hex.EncodeToString(sum[:]) + `-4"`
	if o.ETag != wantETag || o.Size != int64(len(whole)) || o.ContentType != "application/x" || o.Metadata["m"] != "1" || o.Tags["t"] != "1" || len(o.Parts) != 4 {
		t.Fatalf("completed = %+v", o)
	}
	if !o.LastModified.Equal(up.Initiated) {
		t.Fatalf("LastModified %v, want the initiation time %v", o.LastModified, up.Initiated)
	}
	if o.Parts[1].Size != 5*mib+7 || o.Parts[1].ETag != etags[1] {
		t.Fatalf("parts = %+v", o.Parts)
	}
	if got := te.mustRead(t, "b", "big", ""); got != string(whole) {
		t.Fatal("assembled object differs")
	}
	// Only the object's file remains.
	if files := listFiles(t, te.fs, "/data/objects"); len(files) != 1 || files[0] != o.Path {
		t.Fatalf("files after complete = %v", files)
	}
	_, err = te.GetUpload(ctx, "b", "big", up.UploadID)
	wantErr(t, err, ErrNoSuchUpload)
	// An idempotent retry returns the same object; other parts do not.
	again, err := te.CompleteMultipartUpload(ctx, "b", "big", up.UploadID, list, nil)
	if err != nil || again.ETag != o.ETag || again.VersionID != o.VersionID {
		t.Fatalf("retry = %+v, %v", again, err)
	}
	_, err = te.CompleteMultipartUpload(ctx, "b", "big", up.UploadID, list[:3], nil)
	wantErr(t, err, ErrNoSuchUpload)
}

func TestMultipartErrors(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	up, _ := te.CreateMultipartUpload(ctx, "b", "k", PutInput{}, "")
	small, _ := te.UploadPart(ctx, "b", "k", up.UploadID, 1, strings.NewReader("tiny"), PartInput{Size: -1})
	big, _ := te.UploadPart(ctx, "b", "k", up.UploadID, 2, bytes.NewReader(partBody(1, 5*mib)), PartInput{Size: -1})
	last, _ := te.UploadPart(ctx, "b", "k", up.UploadID, 3, strings.NewReader("end"), PartInput{Size: -1})
	cases := []struct {
		name  string
		parts []CompletedPart
		want  error
	}{
		{"empty", nil, ErrInvalidPart},
		{"unknown part", []CompletedPart{{Number: 4, ETag: last.ETag}}, ErrInvalidPart},
		{"etag mismatch", []CompletedPart{{Number: 3, ETag: small.ETag}}, ErrInvalidPart},
		{"checksum mismatch", []CompletedPart{{Number: 3, ETag: last.ETag, Checksum: "AAAAAA=="}}, nil},
		{"descending", []CompletedPart{{Number: 2, ETag: big.ETag}, {Number: 1, ETag: small.ETag}}, ErrInvalidPartOrder},
		{"repeated", []CompletedPart{{Number: 2, ETag: big.ETag}, {Number: 2, ETag: big.ETag}}, ErrInvalidPartOrder},
		{"too small", []CompletedPart{{Number: 1, ETag: small.ETag}, {Number: 3, ETag: last.ETag}}, ErrEntityTooSmall},
	}
	for _, c := range cases {
		if c.want == nil {
			continue // checksums are only compared when the upload has an algorithm
		}
		t.Run(c.name, func(t *testing.T) {
			_, err := te.CompleteMultipartUpload(ctx, "b", "k", up.UploadID, c.parts, nil)
			wantErr(t, err, c.want)
		})
	}
	_, err := te.CompleteMultipartUploadWith(ctx, "b", "k", up.UploadID, CompleteInput{Parts: []CompletedPart{{Number: 3, ETag: last.ETag}}, ObjectSize: 4})
	wantErr(t, err, ErrObjectSizeMismatch)
	_, err = te.UploadPart(ctx, "b", "k", up.UploadID, 0, strings.NewReader("x"), PartInput{Size: -1})
	wantErr(t, err, ErrInvalidPartNumber)
	_, err = te.UploadPart(ctx, "b", "k", up.UploadID, 10001, strings.NewReader("x"), PartInput{Size: -1})
	wantErr(t, err, ErrInvalidPartNumber)
	_, err = te.UploadPart(ctx, "b", "k", "bogus", 1, strings.NewReader("x"), PartInput{Size: -1})
	wantErr(t, err, ErrNoSuchUpload)
	_, err = te.UploadPart(ctx, "b", "other-key", up.UploadID, 1, strings.NewReader("x"), PartInput{Size: -1})
	wantErr(t, err, ErrNoSuchUpload)
	// Skipping part numbers is allowed; the unused part's file goes.
	o, err := te.CompleteMultipartUpload(ctx, "b", "k", up.UploadID, []CompletedPart{{Number: 2, ETag: big.ETag}, {Number: 3, ETag: `"` + strings.Trim(last.ETag, `"`) + `"`}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.Size != 5*mib+3 {
		t.Fatalf("size = %d", o.Size)
	}
	if n := countFiles(t, te.fs, "/data/objects"); n != 1 {
		t.Fatalf("%d files after complete", n)
	}

	// Abort.
	up2, _ := te.CreateMultipartUpload(ctx, "b", "k2", PutInput{}, "")
	te.UploadPart(ctx, "b", "k2", up2.UploadID, 1, strings.NewReader("x"), PartInput{Size: -1})
	if err := te.AbortMultipartUpload(ctx, "b", "k2", up2.UploadID); err != nil {
		t.Fatal(err)
	}
	wantErr(t, te.AbortMultipartUpload(ctx, "b", "k2", up2.UploadID), ErrNoSuchUpload)
	_, err = te.CompleteMultipartUpload(ctx, "b", "k2", up2.UploadID, []CompletedPart{{Number: 1, ETag: "x"}}, nil)
	wantErr(t, err, ErrNoSuchUpload)
	if n := countFiles(t, te.fs, "/data/objects"); n != 1 {
		t.Fatalf("%d files after abort", n)
	}
}

func TestMultipartSinglePartReusesFile(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	up, _ := te.CreateMultipartUpload(ctx, "b", "k", PutInput{}, "")
	p, _ := te.UploadPart(ctx, "b", "k", up.UploadID, 1, strings.NewReader("only"), PartInput{Size: -1})
	o, err := te.CompleteMultipartUpload(ctx, "b", "k", up.UploadID, []CompletedPart{{Number: 1, ETag: p.ETag}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := te.mustRead(t, "b", "k", ""); got != "only" {
		t.Fatalf("read = %q", got)
	}
	sum := md5.Sum([]byte("only"))
	outer := md5.Sum(sum[:])
	if o.ETag != `"`+hex.EncodeToString(outer[:])+`-1"` {
		t.Fatalf("ETag = %s", o.ETag)
	}
}

func TestMultipartChecksums(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	bodies := [][]byte{partBody(1, 5*mib), partBody(2, 1000)}
	whole := append(append([]byte{}, bodies[0]...), bodies[1]...)
	crcB64 := func(b []byte) string {
		return base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(b)))
	}
	for _, typ := range []string{ChecksumComposite, ChecksumFullObject} {
		t.Run(typ, func(t *testing.T) {
			up, err := te.CreateMultipartUpload(ctx, "b", "k", PutInput{ChecksumAlgorithm: CRC32}, typ)
			if err != nil || up.ChecksumType != typ || up.ChecksumAlgorithm != CRC32 {
				t.Fatalf("create = %+v, %v", up, err)
			}
			var list []CompletedPart
			var raws []byte
			for i, b := range bodies {
				p, err := te.UploadPart(ctx, "b", "k", up.UploadID, i+1, bytes.NewReader(b), PartInput{ChecksumAlgorithm: CRC32, ExpectedChecksum: crcB64(b), Size: -1})
				if err != nil {
					t.Fatal(err)
				}
				if p.Checksum.Value != crcB64(b) {
					t.Fatalf("part checksum %+v", p.Checksum)
				}
				raw, _ := base64.StdEncoding.DecodeString(p.Checksum.Value)
				raws = append(raws, raw...)
				list = append(list, CompletedPart{Number: i + 1, ETag: p.ETag, Checksum: p.Checksum.Value})
			}
			want := crcB64(whole)
			if typ == ChecksumComposite {
				want = crcB64(raws) + "-2"
			}
			// A wrong whole-object checksum is refused.
			_, err = te.CompleteMultipartUploadWith(ctx, "b", "k", up.UploadID, CompleteInput{Parts: list, ExpectedChecksum: "AAAAAA==", ObjectSize: -1})
			wantErr(t, err, ErrChecksumMismatch)
			_, err = te.CompleteMultipartUploadWith(ctx, "b", "k", up.UploadID, CompleteInput{Parts: list, ChecksumType: "OTHER", ObjectSize: -1})
			wantErr(t, err, ErrInvalidChecksum)
			bad := append([]CompletedPart{}, list...)
			bad[0].Checksum = "AAAAAA=="
			_, err = te.CompleteMultipartUpload(ctx, "b", "k", up.UploadID, bad, nil)
			wantErr(t, err, ErrInvalidPart)
			o, err := te.CompleteMultipartUploadWith(ctx, "b", "k", up.UploadID, CompleteInput{Parts: list, ExpectedChecksum: want, ChecksumType: typ, ObjectSize: int64(len(whole))})
			if err != nil {
				t.Fatal(err)
			}
			if o.Checksum != (Checksum{Algorithm: CRC32, Type: typ, Value: want}) {
				t.Fatalf("checksum = %+v, want %s", o.Checksum, want)
			}
			if o.Parts[0].Checksum.Value != list[0].Checksum {
				t.Fatalf("part checksums = %+v", o.Parts)
			}
		})
	}
	// A part checksum with a different algorithm than the upload's.
	up, _ := te.CreateMultipartUpload(ctx, "b", "k", PutInput{ChecksumAlgorithm: SHA256}, "")
	_, err := te.UploadPart(ctx, "b", "k", up.UploadID, 1, strings.NewReader("x"), PartInput{ChecksumAlgorithm: CRC32, Size: -1})
	wantErr(t, err, ErrInvalidChecksum)
	_, err = te.UploadPart(ctx, "b", "k", up.UploadID, 1, strings.NewReader("x"), PartInput{ChecksumAlgorithm: SHA256, ExpectedChecksum: base64.StdEncoding.EncodeToString(make([]byte, 32)), Size: -1})
	wantErr(t, err, ErrChecksumMismatch)
	_, err = te.CreateMultipartUpload(ctx, "b", "k", PutInput{ChecksumAlgorithm: CRC64NVME}, ChecksumComposite)
	wantErr(t, err, ErrInvalidChecksum)
}

func TestListMultipartUploads(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	var ids []string
	keys := []string{"a", "a", "b/1", "b/2", "c", "c"}
	for _, k := range keys {
		up, err := te.CreateMultipartUpload(ctx, "b", k, PutInput{}, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, up.UploadID)
	}
	var got []string
	in := ListUploadsInput{MaxUploads: 1}
	for {
		ups, cps, truncated, nk, nu, err := te.ListMultipartUploads(ctx, "b", in)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range ups {
			got = append(got, u.Key+"@"+u.UploadID)
		}
		if len(cps) != 0 {
			t.Fatal("common prefixes without delimiter")
		}
		if !truncated {
			break
		}
		in.KeyMarker, in.UploadIDMarker = nk, nu
	}
	var want []string
	for i, k := range keys {
		want = append(want, k+"@"+ids[i])
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("uploads\n got  %v\n want %v", got, want)
	}
	ups, cps, truncated, _, _, err := te.ListMultipartUploads(ctx, "b", ListUploadsInput{Delimiter: "/", MaxUploads: 10})
	if err != nil || len(ups) != 4 || fmt.Sprint(cps) != "[b/]" || truncated {
		t.Fatalf("with delimiter = %v %v %v %v", ups, cps, truncated, err)
	}
	ups, _, _, _, _, _ = te.ListMultipartUploads(ctx, "b", ListUploadsInput{Prefix: "b/", MaxUploads: 10})
	if len(ups) != 2 {
		t.Fatalf("with prefix = %v", ups)
	}
}
