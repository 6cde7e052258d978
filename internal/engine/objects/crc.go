package objects

// crcSpec describes a reflected CRC with all-ones initial value and final
// XOR (CRC-32, CRC-32C, CRC-64/NVME), for combining CRCs of concatenated
// data: crc(A‖B) = crc(A)·x^(8·len(B)) mod P ⊕ crc(B). The arithmetic is
// the usual one over GF(2) with polynomials stored bit-reflected, as in
// zlib's crc32_combine; it needs O(log len) multiplications.
type crcSpec struct {
	width uint   // 32 or 64
	poly  uint64 // reflected polynomial
}

func crcSpecs(alg string) (crcSpec, bool) {
	switch alg {
	case CRC32:
		return crcSpec{32, 0xedb88320}, true
	case CRC32C:
		return crcSpec{32, 0x82f63b78}, true
	case CRC64NVME:
		return crcSpec{64, crc64NVMEPoly}, true
	}
	return crcSpec{}, false
}

// multModP returns a(x)·b(x) mod P(x).
func (c crcSpec) multModP(a, b uint64) uint64 {
	if a == 0 {
		return 0
	}
	m := uint64(1) << (c.width - 1)
	var p uint64
	for {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				return p
			}
		}
		m >>= 1
		if b&1 != 0 {
			b = b>>1 ^ c.poly
		} else {
			b >>= 1
		}
	}
}

// xPow8N returns x^(8n) mod P(x).
func (c crcSpec) xPow8N(n uint64) uint64 {
	p := uint64(1) << (c.width - 1)  // x^0
	sq := uint64(1) << (c.width - 2) // x^1
	for range 3 {                    // x^8
		sq = c.multModP(sq, sq)
	}
	for n != 0 {
		if n&1 != 0 {
			p = c.multModP(sq, p)
		}
		n >>= 1
		sq = c.multModP(sq, sq)
	}
	return p
}

// combine returns the CRC of A‖B from crc(A), crc(B) and len(B).
func (c crcSpec) combine(crcA, crcB, lenB uint64) uint64 {
	return c.multModP(c.xPow8N(lenB), crcA) ^ crcB
}
