package server

import (
	"errors"
	"runtime"

	"github.com/nubo-dev/nubo/internal/athena"
	"github.com/nubo-dev/nubo/internal/edge"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
	"github.com/nubo-dev/nubo/internal/glue"
)

// athenaMemoryLimit bounds DuckDB's memory; larger work spills to
// <data>/athena/tmp.
const athenaMemoryLimit = "4GB"

var _ athena.Catalog = (*glue.Catalog)(nil)

// wireGlueAthena builds Athena: the embedded DuckDB engine (scratch space
// under <data>/athena, file access limited to the data dir, where the
// object engine keeps the files it reads) and the Athena JSON API over the
// Glue catalog and the object store.
func wireGlueAthena(d *Deps) (*Component, error) {
	if d.Catalog == nil || d.Objects == nil {
		return nil, errors.New("athena needs the Glue catalog and the object store")
	}
	logger := d.Logger.With("service", "athena")
	eng, err := sqlengine.Open(sqlengine.Options{
		TempDir:     d.Path("athena", "tmp"),
		AllowedDirs: []string{d.DataDir},
		MemoryLimit: athenaMemoryLimit,
		Threads:     runtime.NumCPU(),
		Logger:      logger,
	})
	if err != nil {
		return nil, err
	}
	svc, err := athena.New(athena.Options{
		KV: d.KV, Objects: d.Objects, Catalog: d.Catalog, Engine: eng, TempDir: d.Path("athena", "tmp"),
		Concurrency: d.Options.QueryConcurrency, Region: d.Options.Region, Logger: logger,
	})
	if err != nil {
		eng.Close()
		return nil, err
	}
	return &Component{
		Name:  "athena",
		Route: &edge.Route{SigningName: "athena", TargetPrefix: athena.TargetPrefix, Protocol: edge.JSON, Service: svc.Handler(logger)},
		Close: func() error { return errors.Join(svc.Close(), eng.Close()) },
	}, nil
}
