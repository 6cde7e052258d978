// Package nubotest starts real nubo servers for tests: in-process on a free
// loopback port with a temporary data dir, or as a child process of the
// built binary (for kill -9 tests). It also builds aws-sdk-go-v2 configs
// that point at them without touching the environment's CA bundle.
package nubotest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/nubo-dev/nubo/internal/config"
	"github.com/nubo-dev/nubo/internal/sdkhttp"
	"github.com/nubo-dev/nubo/internal/server"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// Server is a nubo started for a test.
type Server struct {
	URL     string
	DataDir string
	srv     *server.Server
	done    chan error
}

// Option adjusts the options of a test server.
type Option func(*config.Options)

// Start runs an in-process nubo on 127.0.0.1:0 with a fresh data dir and
// stops it when the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return StartOn(t, vfs.Default, t.TempDir(), opts...)
}

// StartOn runs an in-process nubo on the given filesystem and data dir.
func StartOn(t testing.TB, fs vfs.FS, dataDir string, opts ...Option) *Server {
	t.Helper()
	o := config.Options{Addr: "127.0.0.1:0", DataDir: dataDir}
	for _, f := range opts {
		f(&o)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("NUBO_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := server.New(o, fs, logger)
	if err != nil {
		t.Fatalf("nubotest: starting nubo: %v", err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatalf("nubotest: listen: %v", err)
	}
	s := &Server{URL: "http://" + srv.Addr(), DataDir: dataDir, srv: srv, done: make(chan error, 1)}
	go func() { s.done <- srv.Serve() }()
	t.Cleanup(func() { s.Stop() })
	waitHealthy(t, s.URL)
	return s
}

var stopOnce sync.Map

// Stop shuts the server down gracefully (idempotent).
func (s *Server) Stop() {
	if _, loaded := stopOnce.LoadOrStore(s, true); loaded {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.srv.Shutdown(ctx)
	<-s.done
}

// Config returns an aws.Config for the server with the default credentials.
// It is built by hand rather than by config.LoadDefaultConfig so that the
// environment's AWS_CA_BUNDLE does not conflict with a custom transport.
func (s *Server) Config() aws.Config { return ConfigFor(s.URL) }

// ConfigFor returns an aws.Config that talks to endpoint with test/test.
func ConfigFor(endpoint string) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(config.DefaultAccessKey, config.DefaultSecretKey, ""),
		BaseEndpoint:     aws.String(endpoint),
		HTTPClient:       &http.Client{Transport: sdkhttp.Transport(&http.Transport{MaxIdleConnsPerHost: 64})},
		RetryMaxAttempts: 1,
	}
}

func waitHealthy(t testing.TB, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/_nubo/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("nubotest: %s never became healthy", url)
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Binary builds bin/nubo once per test process and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nubo-bin-")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, "nubo")
		cmd := exec.Command("go", "build", "-o", buildPath, "./cmd/nubo")
		cmd.Dir = RepoRoot()
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("go build: %s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("nubotest: building nubo: %v", buildErr)
	}
	return buildPath
}

// RepoRoot is the module root.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Process is nubo running as a child process.
type Process struct {
	URL     string
	DataDir string
	Cmd     *exec.Cmd
}

// StartProcess runs the nubo binary on a free port with dataDir.
func StartProcess(t testing.TB, dataDir string, extraArgs ...string) *Process {
	t.Helper()
	bin := Binary(t)
	addr := FreeAddr(t)
	args := append([]string{"serve", "--addr", addr, "--data-dir", dataDir}, extraArgs...)
	cmd := exec.Command(bin, args...)
	if os.Getenv("NUBO_TEST_LOG") != "" {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("nubotest: start: %v", err)
	}
	p := &Process{URL: "http://" + addr, DataDir: dataDir, Cmd: cmd}
	t.Cleanup(func() { p.Kill() })
	waitHealthy(t, p.URL)
	return p
}

// Kill sends SIGKILL and waits for the process to die.
func (p *Process) Kill() {
	if p.Cmd.ProcessState != nil {
		return
	}
	p.Cmd.Process.Kill()
	p.Cmd.Wait()
}
