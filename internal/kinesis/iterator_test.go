package kinesis

import (
	"encoding/base64"
	"strings"
	"testing"
)

var testIterKey = []byte("0123456789abcdef0123456789abcdef")

func TestIteratorRoundTrip(t *testing.T) {
	for _, it := range []shardIterator{
		{stream: "s", streamCreated: 1, shard: 0, offset: 0, issued: 1700000000000},
		{stream: strings.Repeat("n", 128), streamCreated: 1700000000123, shard: 4000, offset: 1 << 40, issued: 1700000000999},
	} {
		s := it.encode(testIterKey)
		if len(s) > 512 {
			t.Fatalf("iterator too long: %d", len(s))
		}
		got, err := parseIterator(s, testIterKey)
		if err != nil || got != it {
			t.Fatalf("round trip %+v -> %+v, %v", it, got, err)
		}
	}
}

func TestIteratorTamper(t *testing.T) {
	s := shardIterator{stream: "s", shard: 1, offset: 5, issued: 1}.encode(testIterKey)
	raw, _ := base64.StdEncoding.DecodeString(s)
	for i := range raw {
		b := append([]byte(nil), raw...)
		b[i] ^= 0x40
		if _, err := parseIterator(base64.StdEncoding.EncodeToString(b), testIterKey); err == nil {
			t.Fatalf("flipping byte %d went unnoticed", i)
		}
	}
	if _, err := parseIterator(s, []byte("other key")); err == nil {
		t.Fatal("iterator accepted under another key")
	}
	for _, bad := range []string{"", "AAAA", "not base64!", strings.Repeat("A", 600)} {
		if _, err := parseIterator(bad, testIterKey); err == nil {
			t.Fatalf("parseIterator(%q) accepted", bad)
		}
	}
}

func FuzzParseIterator(f *testing.F) {
	f.Add(shardIterator{stream: "s", shard: 1, offset: 5, issued: 1}.encode(testIterKey))
	f.Add("AAAAAAAAAAE=")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		it, err := parseIterator(s, testIterKey)
		if err == nil && it.encode(testIterKey) != s {
			t.Fatalf("accepted %q but re-encodes differently", s)
		}
	})
}
