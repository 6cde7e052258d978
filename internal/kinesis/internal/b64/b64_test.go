package b64

import (
	"bytes"
	"encoding/base64"
	"math/rand"
	"testing"
)

func TestMatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 2000; n++ {
		raw := make([]byte, n)
		rng.Read(raw)
		enc := base64.StdEncoding.EncodeToString(raw)
		if got := string(AppendEncode([]byte("prefix"), raw)); got != "prefix"+enc {
			t.Fatalf("encode %d bytes:\n%s\nwant\n%s", n, got, enc)
		}
		dst := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
		m, err := Decode(dst, []byte(enc))
		if err != nil || !bytes.Equal(dst[:m], raw) {
			t.Fatalf("decode %d bytes: %v", n, err)
		}
	}
}

func TestAlphabetEdges(t *testing.T) {
	// Every 6-bit value, including '+' and '/', in long inputs.
	raw := make([]byte, 0, 3*256)
	for i := 0; i < 256; i++ {
		raw = append(raw, byte(i), byte(255-i), byte(i*7))
	}
	enc := base64.StdEncoding.EncodeToString(raw)
	for _, c := range "+/AZaz09" {
		if !bytes.ContainsRune([]byte(enc), c) {
			t.Fatalf("test input lacks %q", c)
		}
	}
	checkDecode(t, []byte(enc))
	if got := string(AppendEncode(nil, raw)); got != enc {
		t.Fatal("encode differs")
	}
}

// checkDecode compares Decode with encoding/base64 on any input.
func checkDecode(t *testing.T, src []byte) {
	want := make([]byte, base64.StdEncoding.DecodedLen(len(src)))
	wn, werr := base64.StdEncoding.Decode(want, src)
	got := make([]byte, len(want))
	gn, gerr := Decode(got, src)
	if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
		t.Fatalf("%q: error %v, want %v", src, gerr, werr)
	}
	if werr == nil && (gn != wn || !bytes.Equal(got[:gn], want[:wn])) {
		t.Fatalf("%q: decoded %x, want %x", src, got[:gn], want[:wn])
	}
}

func TestInvalidInput(t *testing.T) {
	base := []byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("kinesis!"), 40)))
	for i := 0; i < len(base); i += 7 {
		for _, c := range []byte{'=', '-', '_', 0, 0x80, ' ', '\n', '\r', '.', ':', '@', '[', '`', '{', 0xff} {
			b := bytes.Clone(base)
			b[i] = c
			checkDecode(t, b)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1, 2, 3, 250}, 40))))
	f.Add([]byte("AAAA"))
	f.Fuzz(func(t *testing.T, src []byte) { checkDecode(t, src) })
}

func FuzzEncode(f *testing.F) {
	f.Add(bytes.Repeat([]byte{0xfb, 0xff}, 50))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if got, want := string(AppendEncode(nil, raw)), base64.StdEncoding.EncodeToString(raw); got != want {
			t.Fatalf("%x: %s, want %s", raw, got, want)
		}
	})
}

var benchRaw = bytes.Repeat([]byte("0123456789abcdef"), 64) // 1 KiB
var benchEnc = []byte(base64.StdEncoding.EncodeToString(benchRaw))

func BenchmarkDecode(b *testing.B) {
	dst := make([]byte, len(benchRaw)+8)
	b.SetBytes(int64(len(benchEnc)))
	for b.Loop() {
		Decode(dst, benchEnc)
	}
}

func BenchmarkDecodeStdlib(b *testing.B) {
	dst := make([]byte, len(benchRaw)+8)
	b.SetBytes(int64(len(benchEnc)))
	for b.Loop() {
		base64.StdEncoding.Decode(dst, benchEnc)
	}
}

func BenchmarkEncode(b *testing.B) {
	dst := make([]byte, 0, len(benchEnc))
	b.SetBytes(int64(len(benchRaw)))
	for b.Loop() {
		AppendEncode(dst[:0], benchRaw)
	}
}

func BenchmarkEncodeStdlib(b *testing.B) {
	dst := make([]byte, len(benchEnc))
	b.SetBytes(int64(len(benchRaw)))
	for b.Loop() {
		base64.StdEncoding.Encode(dst, benchRaw)
	}
}
