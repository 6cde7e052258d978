package server

import (
	"errors"

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
		Region: d.Options.Region, Logger: logger, Objects: d.Objects, ChannelFreshness: d.Options.KinesisChannelFreshness,
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
