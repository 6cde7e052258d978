package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/nubo-dev/nubo/internal/config"
	"github.com/nubo-dev/nubo/internal/nubotest"
	"github.com/nubo-dev/nubo/internal/server"
)

func TestHealth(t *testing.T) {
	s := nubotest.Start(t)
	resp, err := http.Get(s.URL + "/_nubo/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var body struct {
		Status   string            `json:"status"`
		Version  string            `json:"version"`
		Services map[string]string `json:"services"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Status != "running" || body.Version == "" {
		t.Fatalf("health = %+v", body)
	}
}

func TestRefusesDefaultCredentialsOffLoopback(t *testing.T) {
	_, err := server.New(config.Options{Addr: "0.0.0.0:4566", DataDir: t.TempDir()}, nil, nil)
	if err == nil {
		t.Fatal("expected refusal to listen on 0.0.0.0 with default credentials")
	}
	srv, err := server.New(config.Options{Addr: "0.0.0.0:0", DataDir: t.TempDir(), AccessKey: "AK", SecretKey: "SK"}, nil, nil)
	if err != nil {
		t.Fatalf("custom credentials should be accepted: %v", err)
	}
	srv.Shutdown(t.Context())
}
