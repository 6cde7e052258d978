package glue

import (
	"context"
	"log/slog"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Service is the Glue awsJson 1.1 API over a Catalog.
type Service struct {
	catalog *Catalog
	logger  *slog.Logger
}

// NewService returns the Glue JSON service: every operation of the Glue
// model is registered, either with its handler or as NotImplemented.
func NewService(c *Catalog, logger *slog.Logger) *awsproto.JSONService {
	if logger == nil {
		logger = slog.Default()
	}
	js := &awsproto.JSONService{TargetPrefix: awsglue.ServiceName, Version: "1.1", MessageKey: "Message", Logger: logger}
	s := &Service{catalog: c, logger: logger}
	s.registerDatabases(js)
	s.registerTables(js)
	s.registerPartitions(js)
	s.registerCrawlers(js)
	s.registerTags(js)
	js.UnsupportedRest(awsglue.Operations)
	return js
}

// checkCatalog accepts the catalog of nubo's one account (or none given).
func checkCatalog(id string) error {
	if id == "" || id == awsproto.DefaultAccountID {
		return nil
	}
	return errNotFound("Catalog %s not found.", id)
}

// page cuts items (sorted by name) to one page of at most max, starting
// after the NextToken of a previous page; it returns the next token. A token
// Glue did not issue is an InvalidInputException.
func page[T any](items []T, name func(T) string, token string, max *int32, def int) ([]T, string, error) {
	items, next, ok := awsproto.Page(items, name, token, max, def)
	if !ok {
		return nil, "", errInvalid("Invalid NextToken.")
	}
	return items, next, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (s *Service) registerDatabases(js *awsproto.JSONService) {
	awsproto.Register(js, "CreateDatabase", func(ctx context.Context, in *awsglue.CreateDatabaseRequest) (*awsglue.CreateDatabaseResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		if in.DatabaseInput != nil && (in.DatabaseInput.TargetDatabase != nil || in.DatabaseInput.FederatedDatabase != nil) {
			return nil, awsproto.NotImplemented("CreateDatabase with a resource link or a federated database")
		}
		if err := s.catalog.CreateDatabase(ctx, deref(in.DatabaseInput)); err != nil {
			return nil, err
		}
		if len(in.Tags) > 0 {
			arn := databaseARN(awsproto.IdentityFrom(ctx).Region, normalizeName(in.DatabaseInput.Name))
			if err := s.catalog.TagResource(ctx, arn, in.Tags); err != nil {
				return nil, err
			}
		}
		return &awsglue.CreateDatabaseResponse{}, nil
	})
	awsproto.Register(js, "GetDatabase", func(ctx context.Context, in *awsglue.GetDatabaseRequest) (*awsglue.GetDatabaseResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		db, err := s.catalog.GetDatabase(ctx, in.Name)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetDatabaseResponse{Database: db}, nil
	})
	awsproto.Register(js, "GetDatabases", func(ctx context.Context, in *awsglue.GetDatabasesRequest) (*awsglue.GetDatabasesResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		all, err := s.catalog.GetDatabases(ctx)
		if err != nil {
			return nil, err
		}
		if in.ResourceShareType == "FOREIGN" {
			all = nil
		}
		dbs, next, err := page(all, func(d awsglue.Database) string { return d.Name }, in.NextToken, in.MaxResults, 100)
		if err != nil {
			return nil, err
		}
		if len(in.AttributesToGet) > 0 {
			for i := range dbs {
				dbs[i] = awsglue.Database{Name: dbs[i].Name}
			}
		}
		return &awsglue.GetDatabasesResponse{DatabaseList: awsproto.NonNil(dbs), NextToken: next}, nil
	})
	awsproto.Register(js, "UpdateDatabase", func(ctx context.Context, in *awsglue.UpdateDatabaseRequest) (*awsglue.UpdateDatabaseResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		return &awsglue.UpdateDatabaseResponse{}, s.catalog.UpdateDatabase(ctx, in.Name, deref(in.DatabaseInput))
	})
	awsproto.Register(js, "DeleteDatabase", func(ctx context.Context, in *awsglue.DeleteDatabaseRequest) (*awsglue.DeleteDatabaseResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		return &awsglue.DeleteDatabaseResponse{}, s.catalog.DeleteDatabase(ctx, in.Name)
	})
}
