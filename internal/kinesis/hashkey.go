package kinesis

import (
	"crypto/md5"
	"encoding/binary"
	"math/bits"
)

// hashKey is a 128-bit unsigned integer: a position in a stream's hash key
// space. Kinesis routes a record to the shard whose range holds the MD5 of
// its partition key (or its ExplicitHashKey), read as a big-endian number.
type hashKey struct{ hi, lo uint64 }

// maxHashKey is 2^128-1, the end of every stream's hash key space.
var maxHashKey = hashKey{^uint64(0), ^uint64(0)}

// partitionHash is MD5(partitionKey) as a 128-bit integer.
func partitionHash(partitionKey []byte) hashKey {
	sum := md5.Sum(partitionKey)
	return hashKey{binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:])}
}

func (h hashKey) cmp(o hashKey) int {
	switch {
	case h.hi < o.hi:
		return -1
	case h.hi > o.hi:
		return 1
	case h.lo < o.lo:
		return -1
	case h.lo > o.lo:
		return 1
	}
	return 0
}

func (h hashKey) add(n uint64) (hashKey, bool) {
	lo, c := bits.Add64(h.lo, n, 0)
	hi, c := bits.Add64(h.hi, 0, c)
	return hashKey{hi, lo}, c != 0
}

func (h hashKey) sub(n uint64) hashKey {
	lo, b := bits.Sub64(h.lo, n, 0)
	hi, _ := bits.Sub64(h.hi, 0, b)
	return hashKey{hi, lo}
}

// mul64 returns h*n and whether it overflowed 128 bits.
func (h hashKey) mul64(n uint64) (hashKey, bool) {
	hiLo, loLo := bits.Mul64(h.lo, n)
	hiHi, loHi := bits.Mul64(h.hi, n)
	hi, c := bits.Add64(loHi, hiLo, 0)
	return hashKey{hi, loLo}, hiHi != 0 || c != 0
}

// divmod64 returns h/n and h%n.
func (h hashKey) divmod64(n uint64) (hashKey, uint64) {
	qhi, r := bits.Div64(0, h.hi, n)
	qlo, r := bits.Div64(r, h.lo, n)
	return hashKey{qhi, qlo}, r
}

// String renders h in decimal, as Kinesis shows hash keys.
func (h hashKey) String() string {
	if h.hi == 0 && h.lo == 0 {
		return "0"
	}
	var buf [40]byte
	i := len(buf)
	for h.hi != 0 || h.lo != 0 {
		var r uint64
		h, r = h.divmod64(10)
		i--
		buf[i] = byte('0' + r)
	}
	return string(buf[i:])
}

// parseHashKey reads a decimal hash key; ok is false for anything that is
// not a plain decimal integer in [0, 2^128-1].
func parseHashKey(s string) (h hashKey, ok bool) {
	if s == "" || len(s) > 39 {
		return hashKey{}, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return hashKey{}, false
		}
		var over1, over2 bool
		h, over1 = h.mul64(10)
		h, over2 = h.add(uint64(c - '0'))
		if over1 || over2 {
			return hashKey{}, false
		}
	}
	return h, true
}

// evenRanges splits the whole hash key space into n contiguous ranges of
// equal size (the last one takes the remainder), the way CreateStream and
// UpdateShardCount lay out shards.
func evenRanges(n int) [][2]hashKey {
	if n <= 0 {
		return nil
	}
	// size = floor(2^128 / n), computed from 2^128-1 without overflow.
	size, rem := maxHashKey.divmod64(uint64(n))
	if rem == uint64(n)-1 {
		size, _ = size.add(1)
	}
	out := make([][2]hashKey, n)
	var start hashKey
	for i := 0; i < n; i++ {
		end := maxHashKey
		if i < n-1 {
			next, _ := size.mul64(uint64(i + 1))
			end = next.sub(1)
		}
		out[i] = [2]hashKey{start, end}
		start, _ = end.add(1)
	}
	return out
}
