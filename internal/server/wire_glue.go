package server

import (
	"github.com/nubo-dev/nubo/internal/edge"
	"github.com/nubo-dev/nubo/internal/glue"
)

// wireGlue builds the Glue Data Catalog and the Glue JSON API. It publishes
// the catalog in Deps for Athena, which reads and writes it in-process.
func wireGlue(d *Deps) (*Component, error) {
	c := glue.NewCatalog(d.KV, d.Objects, d.Logger)
	d.Catalog = c
	svc := glue.NewService(c, d.Logger)
	return &Component{
		Name:  "glue",
		Route: &edge.Route{SigningName: "glue", TargetPrefix: "AWSGlue", Protocol: edge.JSON, Service: svc},
		Close: c.Close,
	}, nil
}
