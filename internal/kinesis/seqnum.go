package kinesis

import (
	"math/bits"
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

// get extracts width (<= 64) bits at pos.
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

const mask36 = 1<<36 - 1

// bits lays the fields out (see the table above) in three 64-bit limbs:
// version 2 and the shard at bits 0–35, the arrival time at 36–71, the
// position at 80–143, the shard's low nibble at 144, the creation time at
// 148–183 and the version again at 184.
func (s seqNum) bits() u192 {
	arrival, created := s.arrival&mask36, s.shardCreated&mask36
	return u192{
		2 | uint64(s.shard)<<4 | arrival<<36,
		arrival>>28 | s.position<<16,
		s.position>>48 | uint64(s.shard&15)<<16 | created<<20 | 2<<56,
	}
}

// String renders the sequence number in decimal.
func (s seqNum) String() string {
	u := s.bits()
	const chunk = 10000000000000000000 // 10^19
	// Three chunks of 19 digits hold every value below 2^188.
	var parts [3]uint64
	for i := 2; i >= 0; i-- {
		var r uint64
		u[2], r = bits.Div64(0, u[2], chunk)
		u[1], r = bits.Div64(r, u[1], chunk)
		u[0], r = bits.Div64(r, u[0], chunk)
		parts[i] = r
	}
	var buf [57]byte
	for i, p := range parts {
		// Two digits per division: 19 digits are nine pairs and one more.
		j := (i+1)*19 - 2
		for range 9 {
			d := p % 100 * 2
			p /= 100
			buf[j], buf[j+1] = digitPairs[d], digitPairs[d+1]
			j -= 2
		}
		buf[j+1] = byte('0' + p)
	}
	i := 0
	for i < len(buf)-1 && buf[i] == '0' {
		i++
	}
	return string(buf[i:])
}

// digitPairs holds "00" to "99".
const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

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
