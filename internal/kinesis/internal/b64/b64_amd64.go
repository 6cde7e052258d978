package b64

// hasAVX2 reports whether the CPU and the OS support AVX2.
var hasAVX2 = cpuHasAVX2()

//go:noescape
func cpuHasAVX2() bool

// decodeAVX2 decodes whole 32-character blocks while there is room for a
// 32-byte store, stopping at the first block holding anything but the 64
// alphabet characters. It returns the bytes written and characters read.
//
//go:noescape
func decodeAVX2(dst, src []byte) (n, si int)

// encodeAVX2 encodes 24-byte blocks into 32 characters while at least 28
// bytes of input remain (each step loads 16 bytes at offset 12).
//
//go:noescape
func encodeAVX2(dst, src []byte) (di, si int)

func decodeBulk(dst, src []byte) (int, int) {
	if !hasAVX2 || len(src) < 64 {
		return 0, 0
	}
	return decodeAVX2(dst, src)
}

func encodeBulk(dst, src []byte) (int, int) {
	if !hasAVX2 || len(src) < 64 {
		return 0, 0
	}
	return encodeAVX2(dst, src)
}
