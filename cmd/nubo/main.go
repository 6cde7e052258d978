// Command nubo runs the AWS big-data stack on one machine.
//
//	nubo serve [--addr 127.0.0.1:4566] [--data-dir ./nubo-data]
//	nubo bench s3|kinesis ...
//	nubo version
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nubo-dev/nubo/internal/config"
	"github.com/nubo-dev/nubo/internal/server"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "bench":
		err = bench(os.Args[2:])
	case "version", "--version", "-v":
		fmt.Println("nubo", server.Version)
	case "help", "-h", "--help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "nubo: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nubo:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: nubo <command> [flags]

commands:
  serve     run every service on one port (durable in --data-dir)
  bench     load tools: nubo bench s3|kinesis --endpoint URL ...
  version   print the version
`)
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if v, ok := os.LookupEnv(name); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(name); ok {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	var o config.Options
	fs.StringVar(&o.Addr, "addr", envOr("NUBO_ADDR", config.DefaultAddr), "listen address (env NUBO_ADDR)")
	fs.StringVar(&o.DataDir, "data-dir", envOr("NUBO_DATA_DIR", config.DefaultDataDir), "data directory (env NUBO_DATA_DIR)")
	fs.StringVar(&o.AccessKey, "access-key", envOr("NUBO_ACCESS_KEY", ""), "access key id (env NUBO_ACCESS_KEY; default test)")
	fs.StringVar(&o.SecretKey, "secret-key", envOr("NUBO_SECRET_KEY", ""), "secret access key (env NUBO_SECRET_KEY; default test)")
	throttle := fs.String("kinesis-throttle", envOr("NUBO_KINESIS_THROTTLE", "on"), "enforce Kinesis per-shard limits: on|off (env NUBO_KINESIS_THROTTLE)")
	fs.IntVar(&o.QueryConcurrency, "query-concurrency", envInt("NUBO_QUERY_CONCURRENCY", 4), "Athena queries run at once (env NUBO_QUERY_CONCURRENCY)")
	fs.DurationVar(&o.StatusDelay, "status-delay", envDuration("NUBO_STATUS_DELAY", 0), "how long Kinesis streams and consumers stay CREATING/UPDATING/DELETING (env NUBO_STATUS_DELAY)")
	logLevel := fs.String("log-level", envOr("NUBO_LOG_LEVEL", "info"), "debug|info|warn|error (env NUBO_LOG_LEVEL)")
	fs.Parse(args)
	switch strings.ToLower(*throttle) {
	case "on", "true", "1":
		o.KinesisThrottle = true
	case "off", "false", "0":
		o.KinesisThrottle = false
	default:
		return fmt.Errorf("--kinesis-throttle must be on or off, not %q", *throttle)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	srv, err := server.New(o, nil, logger)
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		srv.Shutdown(context.Background())
		return err
	}
	o.EnsureDefaults()
	logger.Info("nubo is ready", "addr", "http://"+srv.Addr(), "data-dir", o.DataDir, "version", server.Version)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve() }()
	select {
	case err := <-errc:
		srv.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), o.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	<-errc
	logger.Info("stopped")
	return nil
}
