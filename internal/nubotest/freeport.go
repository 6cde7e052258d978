package nubotest

import (
	"net"
	"testing"
)

// FreeAddr returns a currently free 127.0.0.1 address.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("nubotest: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
