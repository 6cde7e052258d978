#include "textflag.h"

// AVX2 base64 after Muła and Lemire, "Faster Base64 Encoding and Decoding
// using AVX2 Instructions" (ACM TOW 2018): nibble lookup tables validate and
// translate 32 characters at a time; multiply-adds pack the 6-bit values.

// func cpuHasAVX2() bool
TEXT ·cpuHasAVX2(SB), NOSPLIT, $0-1
	MOVB $0, ret+0(FP)
	// Leaf 1: ECX bit 27 OSXSAVE, bit 28 AVX.
	MOVL $1, AX
	XORL CX, CX
	CPUID
	MOVL CX, R8
	ANDL $0x18000000, R8
	CMPL R8, $0x18000000
	JNE  done
	// The OS must save YMM state: XCR0 bits 1 and 2.
	XORL CX, CX
	XGETBV
	ANDL $6, AX
	CMPL AX, $6
	JNE  done
	// Leaf 7: EBX bit 5 AVX2.
	MOVL $7, AX
	XORL CX, CX
	CPUID
	BTL  $5, BX
	JCC  done
	MOVB $1, ret+0(FP)
done:
	RET

// Decoding tables (both 128-bit lanes identical).
DATA dlutlo<>+0(SB)/8, $0x1111111111111115
DATA dlutlo<>+8(SB)/8, $0x1A1B1B1B1A131111
DATA dlutlo<>+16(SB)/8, $0x1111111111111115
DATA dlutlo<>+24(SB)/8, $0x1A1B1B1B1A131111
GLOBL dlutlo<>(SB), RODATA|NOPTR, $32

DATA dluthi<>+0(SB)/8, $0x0804080402011010
DATA dluthi<>+8(SB)/8, $0x1010101010101010
DATA dluthi<>+16(SB)/8, $0x0804080402011010
DATA dluthi<>+24(SB)/8, $0x1010101010101010
GLOBL dluthi<>(SB), RODATA|NOPTR, $32

// roll: 0, 16, 19, 4, -65, -65, -71, -71, then zeros.
DATA dlutroll<>+0(SB)/8, $0xB9B9BFBF04131000
DATA dlutroll<>+8(SB)/8, $0x0000000000000000
DATA dlutroll<>+16(SB)/8, $0xB9B9BFBF04131000
DATA dlutroll<>+24(SB)/8, $0x0000000000000000
GLOBL dlutroll<>(SB), RODATA|NOPTR, $32

DATA dmask2f<>+0(SB)/8, $0x2F2F2F2F2F2F2F2F
DATA dmask2f<>+8(SB)/8, $0x2F2F2F2F2F2F2F2F
DATA dmask2f<>+16(SB)/8, $0x2F2F2F2F2F2F2F2F
DATA dmask2f<>+24(SB)/8, $0x2F2F2F2F2F2F2F2F
GLOBL dmask2f<>(SB), RODATA|NOPTR, $32

DATA dmadd1<>+0(SB)/8, $0x0140014001400140
DATA dmadd1<>+8(SB)/8, $0x0140014001400140
DATA dmadd1<>+16(SB)/8, $0x0140014001400140
DATA dmadd1<>+24(SB)/8, $0x0140014001400140
GLOBL dmadd1<>(SB), RODATA|NOPTR, $32

DATA dmadd2<>+0(SB)/8, $0x0001100000011000
DATA dmadd2<>+8(SB)/8, $0x0001100000011000
DATA dmadd2<>+16(SB)/8, $0x0001100000011000
DATA dmadd2<>+24(SB)/8, $0x0001100000011000
GLOBL dmadd2<>(SB), RODATA|NOPTR, $32

// Per lane: bytes 2,1,0, 6,5,4, 10,9,8, 14,13,12, then zeroed (0xFF).
DATA dpack<>+0(SB)/8, $0x090A040506000102
DATA dpack<>+8(SB)/8, $0xFFFFFFFF0C0D0E08
DATA dpack<>+16(SB)/8, $0x090A040506000102
DATA dpack<>+24(SB)/8, $0xFFFFFFFF0C0D0E08
GLOBL dpack<>(SB), RODATA|NOPTR, $32

// Dwords 0,1,2,4,5,6 then anything.
DATA dperm<>+0(SB)/8, $0x0000000100000000
DATA dperm<>+8(SB)/8, $0x0000000400000002
DATA dperm<>+16(SB)/8, $0x0000000600000005
DATA dperm<>+24(SB)/8, $0x0000000000000000
GLOBL dperm<>(SB), RODATA|NOPTR, $32

// func decodeAVX2(dst, src []byte) (n, si int)
TEXT ·decodeAVX2(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), R9
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), R10
	XORQ AX, AX // bytes written
	XORQ BX, BX // characters read
	VMOVDQU dlutlo<>(SB), Y8
	VMOVDQU dluthi<>(SB), Y9
	VMOVDQU dlutroll<>(SB), Y10
	VMOVDQU dmask2f<>(SB), Y11
	VMOVDQU dmadd1<>(SB), Y12
	VMOVDQU dmadd2<>(SB), Y13
	VMOVDQU dpack<>(SB), Y14
	VMOVDQU dperm<>(SB), Y15

dloop:
	MOVQ R10, CX
	SUBQ BX, CX
	CMPQ CX, $32
	JLT  ddone
	MOVQ R9, CX
	SUBQ AX, CX
	CMPQ CX, $32
	JLT  ddone
	VMOVDQU (SI)(BX*1), Y0
	// hi = (str >> 4) & 0x2f, lo = str & 0x2f
	VPSRLD  $4, Y0, Y1
	VPAND   Y11, Y1, Y1
	VPAND   Y11, Y0, Y2
	VPSHUFB Y2, Y8, Y3 // lut_lo[lo]
	VPSHUFB Y1, Y9, Y4 // lut_hi[hi]
	VPTEST  Y3, Y4
	JNE     ddone      // some character is not in the alphabet
	VPCMPEQB Y11, Y0, Y5 // str == '/'
	VPADDB   Y5, Y1, Y5
	VPSHUFB  Y5, Y10, Y5 // roll
	VPADDB   Y5, Y0, Y0  // 6-bit values
	VPMADDUBSW Y12, Y0, Y0
	VPMADDWD   Y13, Y0, Y0
	VPSHUFB    Y14, Y0, Y0
	VPERMD     Y0, Y15, Y0
	VMOVDQU    Y0, (DI)(AX*1)
	ADDQ $24, AX
	ADDQ $32, BX
	JMP  dloop

ddone:
	VZEROUPPER
	MOVQ AX, n+48(FP)
	MOVQ BX, si+56(FP)
	RET

// Encoding tables.
// Per lane: 1,0,2,1, 4,3,5,4, 7,6,8,7, 10,9,11,10.
DATA eshuf<>+0(SB)/8, $0x0405030401020001
DATA eshuf<>+8(SB)/8, $0x0A0B090A07080607
DATA eshuf<>+16(SB)/8, $0x0405030401020001
DATA eshuf<>+24(SB)/8, $0x0A0B090A07080607
GLOBL eshuf<>(SB), RODATA|NOPTR, $32

DATA emask1<>+0(SB)/8, $0x0FC0FC000FC0FC00
DATA emask1<>+8(SB)/8, $0x0FC0FC000FC0FC00
DATA emask1<>+16(SB)/8, $0x0FC0FC000FC0FC00
DATA emask1<>+24(SB)/8, $0x0FC0FC000FC0FC00
GLOBL emask1<>(SB), RODATA|NOPTR, $32

DATA emul1<>+0(SB)/8, $0x0400004004000040
DATA emul1<>+8(SB)/8, $0x0400004004000040
DATA emul1<>+16(SB)/8, $0x0400004004000040
DATA emul1<>+24(SB)/8, $0x0400004004000040
GLOBL emul1<>(SB), RODATA|NOPTR, $32

DATA emask2<>+0(SB)/8, $0x003F03F0003F03F0
DATA emask2<>+8(SB)/8, $0x003F03F0003F03F0
DATA emask2<>+16(SB)/8, $0x003F03F0003F03F0
DATA emask2<>+24(SB)/8, $0x003F03F0003F03F0
GLOBL emask2<>(SB), RODATA|NOPTR, $32

DATA emul2<>+0(SB)/8, $0x0100001001000010
DATA emul2<>+8(SB)/8, $0x0100001001000010
DATA emul2<>+16(SB)/8, $0x0100001001000010
DATA emul2<>+24(SB)/8, $0x0100001001000010
GLOBL emul2<>(SB), RODATA|NOPTR, $32

DATA e51<>+0(SB)/8, $0x3333333333333333
DATA e51<>+8(SB)/8, $0x3333333333333333
DATA e51<>+16(SB)/8, $0x3333333333333333
DATA e51<>+24(SB)/8, $0x3333333333333333
GLOBL e51<>(SB), RODATA|NOPTR, $32

DATA e26<>+0(SB)/8, $0x1A1A1A1A1A1A1A1A
DATA e26<>+8(SB)/8, $0x1A1A1A1A1A1A1A1A
DATA e26<>+16(SB)/8, $0x1A1A1A1A1A1A1A1A
DATA e26<>+24(SB)/8, $0x1A1A1A1A1A1A1A1A
GLOBL e26<>(SB), RODATA|NOPTR, $32

DATA e13<>+0(SB)/8, $0x0D0D0D0D0D0D0D0D
DATA e13<>+8(SB)/8, $0x0D0D0D0D0D0D0D0D
DATA e13<>+16(SB)/8, $0x0D0D0D0D0D0D0D0D
DATA e13<>+24(SB)/8, $0x0D0D0D0D0D0D0D0D
GLOBL e13<>(SB), RODATA|NOPTR, $32

// 'a'-26=71, '0'-52=-4 (x10), '+'-62=-19, '/'-63=-16, 'A'=65, 0, 0.
DATA eshift<>+0(SB)/8, $0xFCFCFCFCFCFCFC47
DATA eshift<>+8(SB)/8, $0x000041F0EDFCFCFC
DATA eshift<>+16(SB)/8, $0xFCFCFCFCFCFCFC47
DATA eshift<>+24(SB)/8, $0x000041F0EDFCFCFC
GLOBL eshift<>(SB), RODATA|NOPTR, $32

// func encodeAVX2(dst, src []byte) (di, si int)
TEXT ·encodeAVX2(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), R9
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), R10
	XORQ AX, AX // characters written
	XORQ BX, BX // bytes read
	VMOVDQU eshuf<>(SB), Y8
	VMOVDQU emask1<>(SB), Y9
	VMOVDQU emul1<>(SB), Y10
	VMOVDQU emask2<>(SB), Y11
	VMOVDQU emul2<>(SB), Y12
	VMOVDQU e51<>(SB), Y13
	VMOVDQU e26<>(SB), Y14
	VMOVDQU e13<>(SB), Y15
	VMOVDQU eshift<>(SB), Y7

eloop:
	MOVQ R10, CX
	SUBQ BX, CX
	CMPQ CX, $28
	JLT  edone
	MOVQ R9, CX
	SUBQ AX, CX
	CMPQ CX, $32
	JLT  edone
	// Lane 0 gets bytes 0..15, lane 1 bytes 12..27; each uses 12.
	VMOVDQU    (SI)(BX*1), X0
	VINSERTI128 $1, 12(SI)(BX*1), Y0, Y0
	VPSHUFB    Y8, Y0, Y0
	VPAND      Y9, Y0, Y1
	VPMULHUW   Y10, Y1, Y1
	VPAND      Y11, Y0, Y2
	VPMULLW    Y12, Y2, Y2
	VPOR       Y2, Y1, Y1 // 6-bit indices
	VPSUBUSB   Y13, Y1, Y2
	VPCMPGTB   Y1, Y14, Y3 // 26 > index
	VPAND      Y15, Y3, Y3
	VPOR       Y3, Y2, Y2
	VPSHUFB    Y2, Y7, Y2
	VPADDB     Y1, Y2, Y2
	VMOVDQU    Y2, (DI)(AX*1)
	ADDQ $32, AX
	ADDQ $24, BX
	JMP  eloop

edone:
	VZEROUPPER
	MOVQ AX, di+48(FP)
	MOVQ BX, si+56(FP)
	RET
