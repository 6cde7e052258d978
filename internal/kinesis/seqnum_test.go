package kinesis

import (
	"math/big"
	"testing"
)

func TestSeqNumRoundTrip(t *testing.T) {
	cases := []seqNum{
		{shardCreated: 1700000000, shard: 0, position: 0, arrival: 1700000000},
		{shardCreated: 1700000000, shard: 7, position: 1, arrival: 1700000001},
		{shardCreated: 1700000000, shard: 4095, position: maxPosition, arrival: 1800000000},
		{shardCreated: 1<<36 - 1, shard: 1<<32 - 1, position: 123456789, arrival: 1<<36 - 1},
	}
	for _, c := range cases {
		s := c.String()
		got, ok := parseSeqNum(s)
		if !ok || got != c {
			t.Fatalf("round trip %+v -> %s -> %+v (%v)", c, s, got, ok)
		}
		// Cross-check the decimal rendering against math/big.
		b := new(big.Int)
		u := c.bits()
		for i := 2; i >= 0; i-- {
			b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(u[i]))
		}
		if b.String() != s {
			t.Fatalf("decimal %s, want %s", s, b.String())
		}
		if len(s) < 56 || len(s) > 57 {
			t.Fatalf("sequence number %s has %d digits", s, len(s))
		}
	}
}

func TestSeqNumOrdering(t *testing.T) {
	prev := new(big.Int)
	for off := uint64(0); off < 2000; off += 7 {
		s := seqNum{shardCreated: 1700000000, shard: 3, position: off, arrival: 1700000000 + (2000-off)/100}.String()
		n, _ := new(big.Int).SetString(s, 10)
		if n.Cmp(prev) <= 0 {
			t.Fatalf("offset %d: %s not greater than %s", off, s, prev)
		}
		prev = n
	}
}

func TestParseSeqNumRejects(t *testing.T) {
	for _, s := range []string{"", "0", "1", "abc",
		"999999999999999999999999999999999999999999999999999999999999999999"} {
		if _, ok := parseSeqNum(s); ok {
			t.Errorf("parseSeqNum(%q) accepted", s)
		}
	}
}

func FuzzParseSeqNum(f *testing.F) {
	f.Add(seqNum{shardCreated: 1700000000, shard: 1, position: 5, arrival: 1700000003}.String())
	f.Add("12345")
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseSeqNum(s)
		if ok && n.String() != trimZeros(s) {
			t.Fatalf("parse(%q) = %+v renders as %s", s, n, n.String())
		}
	})
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

func BenchmarkSeqNumString(b *testing.B) {
	n := seqNum{shardCreated: 1700000000, shard: 3, position: 123456789, arrival: 1700000500}
	for b.Loop() {
		_ = n.String()
	}
}
