package kinesis

import (
	"math/big"
	"testing"
)

func TestEvenRanges(t *testing.T) {
	cases := map[int][]string{
		1: {"0", "340282366920938463463374607431768211455"},
		2: {"0", "170141183460469231731687303715884105727", "170141183460469231731687303715884105728", "340282366920938463463374607431768211455"},
		3: {"0", "113427455640312821154458202477256070484", "113427455640312821154458202477256070485",
			"226854911280625642308916404954512140969", "226854911280625642308916404954512140970", "340282366920938463463374607431768211455"},
	}
	for n, want := range cases {
		got := evenRanges(n)
		for i, r := range got {
			if r[0].String() != want[2*i] || r[1].String() != want[2*i+1] {
				t.Fatalf("n=%d shard %d = [%s, %s], want [%s, %s]", n, i, r[0], r[1], want[2*i], want[2*i+1])
			}
		}
	}
	for _, n := range []int{4, 5, 7, 100, 500} {
		rs := evenRanges(n)
		if rs[0][0] != (hashKey{}) || rs[n-1][1] != maxHashKey {
			t.Fatalf("n=%d does not cover the space", n)
		}
		for i := 1; i < n; i++ {
			if next, _ := rs[i-1][1].add(1); next != rs[i][0] {
				t.Fatalf("n=%d gap between %d and %d", n, i-1, i)
			}
		}
	}
}

func TestHashKeyParse(t *testing.T) {
	for _, s := range []string{"0", "1", "340282366920938463463374607431768211455", "170141183460469231731687303715884105728"} {
		h, ok := parseHashKey(s)
		if !ok || h.String() != s {
			t.Fatalf("parseHashKey(%s) = %s, %v", s, h, ok)
		}
	}
	for _, s := range []string{"", "-1", "340282366920938463463374607431768211456", "1e5", "12a"} {
		if _, ok := parseHashKey(s); ok {
			t.Fatalf("parseHashKey(%q) accepted", s)
		}
	}
}

func TestPartitionHash(t *testing.T) {
	// MD5("a") = 0cc175b9c0f1b6a831c399e269772661.
	want, _ := new(big.Int).SetString("0cc175b9c0f1b6a831c399e269772661", 16)
	if got := partitionHash([]byte("a")).String(); got != want.String() {
		t.Fatalf("partitionHash(a) = %s, want %s", got, want)
	}
}
