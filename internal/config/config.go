// Package config holds nubo's options: flags and environment variables
// resolve into one Options value, which EnsureDefaults fills and Validate checks.
package config

import (
	"errors"
	"fmt"
	"net"
	"time"
)

// Default credentials accepted out of the box.
const (
	DefaultAccessKey = "test"
	DefaultSecretKey = "test"
	DefaultAddr      = "127.0.0.1:4566"
	DefaultDataDir   = "./nubo-data"
)

// Options configures a nubo server.
type Options struct {
	Addr      string
	DataDir   string
	AccessKey string
	SecretKey string
	Region    string
	// KinesisThrottle enforces per-shard limits (on by default).
	KinesisThrottle bool
	// KinesisChannelFreshness, when positive, replaces every Kinesis
	// channel's DataFreshnessInSeconds (tests use it so delivery need not
	// wait five minutes); zero keeps AWS's behaviour.
	KinesisChannelFreshness time.Duration
	// StatusDelay is how long Kinesis streams stay CREATING/UPDATING/DELETING.
	StatusDelay time.Duration
	// ShutdownTimeout bounds how long in-flight requests may take on stop.
	ShutdownTimeout time.Duration
	// QueryConcurrency bounds concurrent Athena queries.
	QueryConcurrency int
}

// EnsureDefaults fills unset fields.
func (o *Options) EnsureDefaults() {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.DataDir == "" {
		o.DataDir = DefaultDataDir
	}
	if o.AccessKey == "" && o.SecretKey == "" {
		o.AccessKey, o.SecretKey = DefaultAccessKey, DefaultSecretKey
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	if o.ShutdownTimeout == 0 {
		o.ShutdownTimeout = 30 * time.Second
	}
	if o.QueryConcurrency == 0 {
		o.QueryConcurrency = 4
	}
}

// DefaultCredentials reports whether the well-known test credentials are in use.
func (o *Options) DefaultCredentials() bool {
	return o.AccessKey == DefaultAccessKey && o.SecretKey == DefaultSecretKey
}

// Validate checks the options; it refuses to expose the default
// credentials beyond the loopback interface.
func (o *Options) Validate() error {
	if o.AccessKey == "" || o.SecretKey == "" {
		return errors.New("both --access-key and --secret-key must be set")
	}
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("invalid --addr %q: %v", o.Addr, err)
	}
	if o.DefaultCredentials() && !isLoopback(host) {
		return fmt.Errorf("refusing to listen on %s with the default credentials (test/test): anyone who can reach this address could use them. Set --access-key and --secret-key (or NUBO_ACCESS_KEY and NUBO_SECRET_KEY), or listen on 127.0.0.1", o.Addr)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
