package server

import (
	"errors"
	"os"
	"time"

	"github.com/nubo-dev/nubo/internal/edge"
	"github.com/nubo-dev/nubo/internal/engine/streamlog"
	"github.com/nubo-dev/nubo/internal/kinesis"
)

var _ edge.Service = (*kinesis.Handler)(nil)

// wireKinesis opens the stream log engine under <data>/streams and serves
// Kinesis Data Streams: stream metadata lives in the KV engine, records in
// the shard logs.
func wireKinesis(d *Deps) (*Component, error) {
	logger := d.Logger.With("service", "kinesis")
	logs, err := streamlog.Open(streamlog.Options{FS: d.FS, Dir: d.Path("streams"), Logger: logger})
	if err != nil {
		return nil, err
	}
	svc, err := kinesis.New(kinesis.Options{
		KV: d.KV, Logs: logs, Throttle: d.Options.KinesisThrottle, StatusDelay: d.Options.StatusDelay,
		Region: d.Options.Region, Logger: logger, Objects: d.Objects, ChannelFreshness: channelFreshness(),
	})
	if err != nil {
		logs.Close()
		return nil, err
	}
	h, err := kinesis.NewHandler(svc, logger)
	if err != nil {
		svc.Close()
		logs.Close()
		return nil, err
	}
	return &Component{
		Name:  "kinesis",
		Route: &edge.Route{SigningName: "kinesis", TargetPrefix: kinesis.TargetPrefix, Protocol: edge.JSON, Service: h},
		Drain: svc.Drain,
		Close: func() error { return errors.Join(svc.Close(), logs.Close()) },
	}, nil
}

// channelFreshness reads NUBO_KINESIS_CHANNEL_FRESHNESS (a Go duration):
// a test-only override of every channel's DataFreshnessInSeconds, so that
// delivery tests need not wait five minutes. Unset means AWS's behaviour.
func channelFreshness() time.Duration {
	d, err := time.ParseDuration(os.Getenv("NUBO_KINESIS_CHANNEL_FRESHNESS"))
	if err != nil || d <= 0 {
		return 0
	}
	return d
}
