package kinesis

import (
	"math/bits"
	"strconv"
)

// Sequence numbers follow the shape of AWS's current ("version 2") sequence
// numbers: a 188-bit integer written in decimal (56–57 digits) whose
// hexadecimal digits are, from the most significant:
//
//	2 | shard creation time (s, 9) | shard index low nibble (1) |
//	position within the shard (16) | reserved byte (2) |
//	arrival time (s, 9) | shard index (8) | 2
//
// The position of the record at engine offset n is n+1, so a sequence
// number finds its record directly; position 0 lies before the first
// record and is the shard's StartingSequenceNumber. The position sits above
// the arrival time, so sequence numbers increase strictly within a shard,
// and the shard index makes them unique across the stream.
type seqNum struct {
	shardCreated uint64 // seconds
	shard        uint32
	position     uint64
	arrival      uint64 // seconds
}

// maxPosition is the largest position a sequence number can carry; closed
// shards end their range with it.
const maxPosition = 1<<63 - 1

type u192 [3]uint64 // little-endian limbs

func (u *u192) set(v uint64, pos, width uint) {
	if width < 64 {
		v &= 1<<width - 1
	}
	for width > 0 {
		limb, off := pos/64, pos%64
		n := min(64-off, width)
		mask := uint64(1)<<n - 1
		if n == 64 {
			mask = ^uint64(0)
		}
		u[limb] |= (v & mask) << off
		v >>= n % 64
		if n == 64 {
			v = 0
		}
		pos += n
		width -= n
	}
}

func (u *u192) get(pos, width uint) uint64 {
	var v uint64
	var got uint
	for got < width {
		limb, off := pos/64, pos%64
		n := min(64-off, width-got)
		part := u[limb] >> off
		if n < 64 {
			part &= 1<<n - 1
		}
		v |= part << got
		pos += n
		got += n
	}
	return v
}

func (s seqNum) bits() u192 {
	var u u192
	u.set(2, 0, 4)
	u.set(uint64(s.shard), 4, 32)
	u.set(s.arrival, 36, 36)
	u.set(s.position, 80, 64)
	u.set(uint64(s.shard), 144, 4)
	u.set(s.shardCreated, 148, 36)
	u.set(2, 184, 4)
	return u
}

// String renders the sequence number in decimal.
func (s seqNum) String() string {
	u := s.bits()
	var buf [64]byte
	i := len(buf)
	const chunk = 10000000000000000000 // 10^19
	for u[0] != 0 || u[1] != 0 || u[2] != 0 {
		var r uint64
		u[2], r = bits.Div64(0, u[2], chunk)
		u[1], r = bits.Div64(r, u[1], chunk)
		u[0], r = bits.Div64(r, u[0], chunk)
		digits := 19
		if u[0] == 0 && u[1] == 0 && u[2] == 0 {
			digits = len(strconv.FormatUint(r, 10))
		}
		for d := 0; d < digits; d++ {
			i--
			buf[i] = byte('0' + r%10)
			r /= 10
		}
	}
	return string(buf[i:])
}

// parseSeqNum reads a decimal sequence number of the shape above.
func parseSeqNum(s string) (seqNum, bool) {
	if s == "" || len(s) > 58 {
		return seqNum{}, false
	}
	var u u192
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return seqNum{}, false
		}
		// u = u*10 + digit, rejecting anything past 192 bits.
		carry := uint64(c - '0')
		for j := 0; j < 3; j++ {
			hi, lo := bits.Mul64(u[j], 10)
			var c2 uint64
			lo, c2 = bits.Add64(lo, carry, 0)
			u[j] = lo
			carry = hi + c2
		}
		if carry != 0 {
			return seqNum{}, false
		}
	}
	if u[2]>>60 != 0 || u.get(184, 4) != 2 || u.get(0, 4) != 2 || u.get(144, 4) != u.get(4, 4) {
		return seqNum{}, false
	}
	return seqNum{
		shardCreated: u.get(148, 36),
		shard:        uint32(u.get(4, 32)),
		position:     u.get(80, 64),
		arrival:      u.get(36, 36),
	}, true
}
