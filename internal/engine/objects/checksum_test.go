package objects

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"hash/crc64"
	"math/rand/v2"
	"strings"
	"testing"
)

// Known values: "hello world" from the AWS SDK for Go v2's checksum tests;
// CRC-64/NVME check values from the NVMe specification and AWS's
// aws-c-checksums tests.
func TestChecksumVectors(t *testing.T) {
	cases := []struct {
		alg, input, want string // want: base64
	}{
		{CRC32, "hello world", "DUoRhQ=="},
		{CRC32C, "hello world", "yZRlqg=="},
		{CRC64NVME, "hello world", "jSnVw/bqjr4="},
		{SHA1, "hello world", "Kq5sNclPz7QV2+lfQIuc6R7oRu0="},
		{SHA256, "hello world", "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="},
		{CRC64NVME, "123456789", hexB64("ae8b14860a799888")},
		{CRC64NVME, strings.Repeat("\x00", 32), hexB64("cf3473434d4ecf3b")},
		{CRC64NVME, "aaaaaaaaaa", hexB64("0c1a80036d65c555")},
		{CRC32, "", "AAAAAA=="},
		{CRC64NVME, "", "AAAAAAAAAAA="},
	}
	sums := newChecksums()
	for _, c := range cases {
		h, err := sums.newHash(c.alg)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(c.input))
		if got := base64.StdEncoding.EncodeToString(h.Sum(nil)); got != c.want {
			t.Errorf("%s(%q) = %s, want %s", c.alg, c.input, got, c.want)
		}
	}
	// And through PutObject, verified and stored.
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	for _, c := range cases[:5] {
		o, err := te.PutObject(ctx, "b", "k", strings.NewReader(c.input), PutInput{ChecksumAlgorithm: c.alg, ExpectedChecksum: c.want, Size: -1})
		if err != nil {
			t.Fatalf("%s: %v", c.alg, err)
		}
		want := Checksum{Algorithm: c.alg, Type: ChecksumFullObject, Value: c.want}
		if o.Checksum != want {
			t.Fatalf("%s: stored %+v", c.alg, o.Checksum)
		}
		g, _ := te.GetObject(ctx, "b", "k", "")
		if g.Checksum != want {
			t.Fatalf("%s: read back %+v", c.alg, g.Checksum)
		}
	}
}

func hexB64(h string) string {
	b, _ := hex.DecodeString(h)
	return base64.StdEncoding.EncodeToString(b)
}

func TestCRCCombine(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tables := map[string]func([]byte) uint64{
		CRC32:     func(b []byte) uint64 { return uint64(crc32.ChecksumIEEE(b)) },
		CRC32C:    func(b []byte) uint64 { return uint64(crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli))) },
		CRC64NVME: func(b []byte) uint64 { return crc64.Checksum(b, crc64.MakeTable(crc64NVMEPoly)) },
	}
	for alg, crc := range tables {
		spec, _ := crcSpecs(alg)
		for _, sizes := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {5, 1000}, {4096, 3}, {100000, 77777}} {
			a, b := make([]byte, sizes[0]), make([]byte, sizes[1])
			for i := range a {
				a[i] = byte(rng.Uint32())
			}
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			want := crc(append(append([]byte{}, a...), b...))
			if got := spec.combine(crc(a), crc(b), uint64(len(b))); got != want {
				t.Errorf("%s combine %v = %x, want %x", alg, sizes, got, want)
			}
		}
	}
}

func TestFullObjectAndCompositeChecksums(t *testing.T) {
	parts := [][]byte{[]byte("first part "), []byte("second "), []byte("3")}
	whole := []byte("first part second 3")
	sums := newChecksums()
	for _, alg := range []string{CRC32, CRC32C, CRC64NVME} {
		var raws [][]byte
		var sizes []int64
		for _, p := range parts {
			h, _ := sums.newHash(alg)
			h.Write(p)
			raws = append(raws, h.Sum(nil))
			sizes = append(sizes, int64(len(p)))
		}
		got, err := fullObjectCRC(alg, raws, sizes)
		if err != nil {
			t.Fatal(err)
		}
		h, _ := sums.newHash(alg)
		h.Write(whole)
		if want := base64.StdEncoding.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("%s full object = %s, want %s", alg, got, want)
		}
	}
	// Composite: the CRC32 of the concatenated big-endian part CRCs.
	var cat []byte
	var raws [][]byte
	for _, p := range parts {
		raw := binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(p))
		raws = append(raws, raw)
		cat = append(cat, raw...)
	}
	got, _ := sums.compositeChecksum(CRC32, raws)
	want := base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(cat))) + "-3"
	if got != want {
		t.Errorf("composite = %s, want %s", got, want)
	}
	if _, err := fullObjectCRC(SHA256, raws, nil); err == nil {
		t.Error("full-object SHA256 accepted")
	}
}

func TestMultipartChecksumType(t *testing.T) {
	cases := []struct {
		alg, typ, want string
		ok             bool
	}{
		{"", "", "", true},
		{"", ChecksumComposite, "", false},
		{CRC64NVME, "", ChecksumFullObject, true},
		{CRC64NVME, ChecksumFullObject, ChecksumFullObject, true},
		{CRC64NVME, ChecksumComposite, "", false},
		{CRC32, "", ChecksumComposite, true},
		{CRC32, ChecksumFullObject, ChecksumFullObject, true},
		{CRC32C, ChecksumComposite, ChecksumComposite, true},
		{SHA1, "", ChecksumComposite, true},
		{SHA256, ChecksumFullObject, "", false},
		{SHA256, ChecksumComposite, ChecksumComposite, true},
		{"MD5", "", "", false},
		{CRC32, "PARTIAL", "", false},
	}
	for _, c := range cases {
		got, err := multipartChecksumType(c.alg, c.typ)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("multipartChecksumType(%q, %q) = %q, %v", c.alg, c.typ, got, err)
		}
	}
}
