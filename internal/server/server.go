// Package server wires nubo together: it opens the data dir, builds the
// engines and services, puts them behind the edge, and runs the listener
// with a graceful shutdown.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/nubo-dev/nubo/internal/config"
	"github.com/nubo-dev/nubo/internal/edge"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/objects"
	"github.com/nubo-dev/nubo/internal/glue"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// Version is nubo's version, set at build time.
var Version = "0.1.0-dev"

// Deps is what every service component is built from.
type Deps struct {
	Options config.Options
	FS      vfs.FS
	// DataDir is the root of all nubo state on FS.
	DataDir string
	KV      *kv.Store
	Logger  *slog.Logger
	// Objects is set by the S3 component for the services built after it.
	Objects objects.Store
	// Catalog is the Glue Data Catalog, set by the Glue component for Athena.
	Catalog *glue.Catalog
}

// Path joins elements under the data dir.
func (d *Deps) Path(elem ...string) string {
	return filepath.Join(append([]string{d.DataDir}, elem...)...)
}

// Component is one service wired into the server.
type Component struct {
	Name  string
	Route *edge.Route
	// Close releases the component's resources on shutdown (may be nil).
	Close func() error
	// Drain, if set, is called as soon as a graceful shutdown starts, so
	// that long-lived responses (event streams) end instead of holding the
	// shutdown up until its timeout.
	Drain func()
}

// wiring lists the components in build order: later ones may use what
// earlier ones put in Deps.
var wiring = []func(*Deps) (*Component, error){
	wireS3,
	wireKinesis,
	wireGlue,
	wireGlueAthena,
}

// Server is a running nubo.
type Server struct {
	opts       config.Options
	deps       *Deps
	edge       *edge.Edge
	components []*Component
	http       *http.Server
	ln         net.Listener
	ready      atomic.Bool
	logger     *slog.Logger
}

// New builds a server on fs (vfs.Default for real use). It opens the data
// dir but does not listen yet.
func New(opts config.Options, fs vfs.FS, logger *slog.Logger) (*Server, error) {
	opts.EnsureDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.Default()
	}
	if fs == nil {
		fs = vfs.Default
	}
	dataDir := opts.DataDir
	if fs == vfs.Default {
		abs, err := filepath.Abs(dataDir)
		if err != nil {
			return nil, err
		}
		dataDir = abs
	}
	if err := fs.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data dir %s: %w", dataDir, err)
	}
	store, err := kv.Open(fs, filepath.Join(dataDir, "meta"))
	if err != nil {
		return nil, fmt.Errorf("opening metadata store: %w", err)
	}
	d := &Deps{Options: opts, FS: fs, DataDir: dataDir, KV: store, Logger: logger}
	creds := func(ak string) (string, bool) {
		if ak == opts.AccessKey {
			return opts.SecretKey, true
		}
		return "", false
	}
	s := &Server{opts: opts, deps: d, logger: logger}
	s.edge = edge.New(&sigv4.Verifier{Credentials: creds}, logger)
	s.edge.Fallback = "s3"
	for _, wire := range wiring {
		c, err := wire(d)
		if err != nil {
			s.closeComponents()
			store.Close()
			return nil, err
		}
		if c == nil {
			continue
		}
		s.components = append(s.components, c)
		if c.Route != nil {
			s.edge.Handle(c.Route)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/_nubo/health", s.health)
	s.edge.Internal = mux
	return s, nil
}

// Listen binds the configured address.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// Addr is the bound address (host:port).
func (s *Server) Addr() string {
	if s.ln == nil {
		return s.opts.Addr
	}
	return s.ln.Addr().String()
}

// Serve runs until Shutdown; it returns nil after a clean shutdown.
func (s *Server) Serve() error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	s.http = &http.Server{
		Handler:           s.edge,
		ReadHeaderTimeout: 30 * time.Second,
		Protocols:         &protocols,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelDebug),
	}
	for _, c := range s.components {
		if c.Drain != nil {
			s.http.RegisterOnShutdown(c.Drain)
		}
	}
	s.ready.Store(true)
	err := s.http.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, waits for in-flight requests, then closes every
// component and the metadata store.
func (s *Server) Shutdown(ctx context.Context) error {
	s.ready.Store(false)
	var err error
	if s.http != nil {
		err = s.http.Shutdown(ctx)
	} else if s.ln != nil {
		s.ln.Close()
	}
	s.closeComponents()
	if cerr := s.deps.KV.Close(); err == nil {
		err = cerr
	}
	return err
}

func (s *Server) closeComponents() {
	for i := len(s.components) - 1; i >= 0; i-- {
		if c := s.components[i]; c.Close != nil {
			if err := c.Close(); err != nil {
				s.logger.Error("closing component", "component", c.Name, "err", err)
			}
		}
	}
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	services := map[string]string{}
	for _, c := range s.components {
		services[c.Name] = "running"
	}
	status := "running"
	code := http.StatusOK
	if !s.ready.Load() {
		status, code = "starting", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"status": status, "version": Version, "services": services})
}
