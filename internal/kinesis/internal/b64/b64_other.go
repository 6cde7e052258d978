//go:build !amd64

package b64

func decodeBulk(dst, src []byte) (int, int) { return 0, 0 }
func encodeBulk(dst, src []byte) (int, int) { return 0, 0 }
