package server

import (
	"github.com/nubo-dev/nubo/internal/edge"
	"github.com/nubo-dev/nubo/internal/edge/sigv4"
	"github.com/nubo-dev/nubo/internal/engine/objects"
	"github.com/nubo-dev/nubo/internal/s3"
)

var _ edge.Service = (*s3.Service)(nil)

// wireS3 opens the object engine under <data>/objects, shares it with the
// components built later (d.Objects), and serves S3 on the edge: requests
// signed for "s3", and the unsigned ones the edge falls back to (browser
// POST uploads, CORS preflights).
func wireS3(d *Deps) (*Component, error) {
	engine, err := objects.Open(objects.Options{FS: d.FS, Root: d.Path("objects"), KV: d.KV, Logger: d.Logger})
	if err != nil {
		return nil, err
	}
	d.Objects = engine
	creds := func(ak string) (string, bool) {
		if ak == d.Options.AccessKey {
			return d.Options.SecretKey, true
		}
		return "", false
	}
	svc := s3.New(s3.Options{Engine: engine, Logger: d.Logger.With("service", "s3"), PostVerifier: &sigv4.Verifier{Credentials: creds}})
	return &Component{
		Name:  "s3",
		Route: &edge.Route{SigningName: "s3", Protocol: edge.RestXML, StreamingBody: true, AllowAnonymous: true, Service: svc},
		Close: engine.Close,
	}, nil
}
