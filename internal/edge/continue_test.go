package edge

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// rawExchange writes a request's head (never its body) on a fresh
// connection and returns the first response.
func rawExchange(t *testing.T, addr string, r *http.Request, length int) (net.Conn, *bufio.Reader, *http.Response) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nExpect: 100-continue\r\nContent-Length: %d\r\n", r.Method, r.URL.RequestURI(), r.Host, length)
	for k, vs := range r.Header {
		for _, v := range vs {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, r)
	if err != nil {
		t.Fatalf("reading the response without sending the body: %v", err)
	}
	return conn, br, resp
}

// TestExpectContinue checks that an authentication failure is answered
// without asking for the body (no "100 Continue", connection closed), and
// that a good request gets its 100 and then its answer.
func TestExpectContinue(t *testing.T) {
	now := time.Now().UTC()
	srv, s3 := newTestEdge(t, func() time.Time { return now })
	addr := strings.TrimPrefix(srv.URL, "http://")
	const length = 64 << 20

	t.Run("S3 bad signature", func(t *testing.T) {
		r := signS3(t, "PUT", srv.URL+"/bucket/key", "", aws.Credentials{AccessKeyID: "test", SecretAccessKey: "wrong"}, now, "UNSIGNED-PAYLOAD")
		_, br, resp := rawExchange(t, addr, r, length)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "<Code>SignatureDoesNotMatch</Code>") {
			t.Fatalf("got %d %s", resp.StatusCode, body)
		}
		if !resp.Close {
			t.Fatal("the server should close a connection whose body it never asked for")
		}
		if _, err := br.ReadByte(); err == nil {
			t.Fatal("connection still open after the refusal")
		}
	})

	t.Run("JSON unknown key", func(t *testing.T) {
		r := signJSON(t, srv.URL, `{"Name":"x"}`, aws.Credentials{AccessKeyID: "nobody", SecretAccessKey: "test"}, "fake", now)
		_, _, resp := rawExchange(t, addr, r, length)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "UnrecognizedClientException") {
			t.Fatalf("got %d %s", resp.StatusCode, body)
		}
	})

	t.Run("S3 good signature", func(t *testing.T) {
		payload := "hello after continue"
		r := signS3(t, "PUT", srv.URL+"/bucket/key", "", testCreds, now, "UNSIGNED-PAYLOAD")
		conn, br, resp := rawExchange(t, addr, r, len(payload))
		if resp.StatusCode != http.StatusContinue {
			t.Fatalf("got %d before sending the body, want 100", resp.StatusCode)
		}
		io.WriteString(conn, payload)
		final, err := http.ReadResponse(br, r)
		if err != nil {
			t.Fatal(err)
		}
		final.Body.Close()
		if final.StatusCode != http.StatusOK {
			t.Fatalf("final status %d", final.StatusCode)
		}
		if got, _, _ := s3.last(); string(got) != payload {
			t.Fatalf("S3 read %q", got)
		}
	})
}
