package glue

import (
	"context"
	"slices"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

func tableName(t awsglue.Table) string { return t.Name }

func (s *Service) registerTables(js *awsproto.JSONService) {
	awsproto.Register(js, "CreateTable", func(ctx context.Context, in *awsglue.CreateTableRequest) (*awsglue.CreateTableResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		if in.TableInput != nil && in.TableInput.ViewDefinition != nil {
			return nil, awsproto.NotImplemented("CreateTable with a multi-dialect ViewDefinition")
		}
		if in.OpenTableFormatInput != nil {
			return nil, awsproto.NotImplemented("CreateTable with OpenTableFormatInput")
		}
		return &awsglue.CreateTableResponse{}, s.catalog.CreateTable(ctx, in.DatabaseName, deref(in.TableInput))
	})
	awsproto.Register(js, "GetTable", func(ctx context.Context, in *awsglue.GetTableRequest) (*awsglue.GetTableResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		t, err := s.catalog.GetTable(ctx, in.DatabaseName, in.Name)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetTableResponse{Table: t}, nil
	})
	awsproto.Register(js, "GetTables", func(ctx context.Context, in *awsglue.GetTablesRequest) (*awsglue.GetTablesResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		all, err := s.catalog.GetTables(ctx, in.DatabaseName, in.Expression)
		if err != nil {
			return nil, err
		}
		tables, next, err := page(all, tableName, in.NextToken, in.MaxResults, 100)
		if err != nil {
			return nil, err
		}
		if len(in.AttributesToGet) > 0 {
			tables = onlyAttributes(tables, in.AttributesToGet)
		}
		return &awsglue.GetTablesResponse{TableList: awsproto.NonNil(tables), NextToken: next}, nil
	})
	awsproto.Register(js, "UpdateTable", func(ctx context.Context, in *awsglue.UpdateTableRequest) (*awsglue.UpdateTableResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		if in.TableInput != nil && in.TableInput.ViewDefinition != nil {
			return nil, awsproto.NotImplemented("UpdateTable with a multi-dialect ViewDefinition")
		}
		opts := UpdateTableOptions{SkipArchive: deref(in.SkipArchive), VersionId: in.VersionId}
		return &awsglue.UpdateTableResponse{}, s.catalog.UpdateTableWith(ctx, in.DatabaseName, deref(in.TableInput), opts)
	})
	awsproto.Register(js, "DeleteTable", func(ctx context.Context, in *awsglue.DeleteTableRequest) (*awsglue.DeleteTableResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		return &awsglue.DeleteTableResponse{}, s.catalog.DeleteTable(ctx, in.DatabaseName, in.Name)
	})
	awsproto.Register(js, "BatchDeleteTable", s.batchDeleteTable)
	s.registerTableVersions(js)
	awsproto.Register(js, "SearchTables", s.searchTables)
}

// onlyAttributes keeps the attributes GetTables' AttributesToGet names
// (NAME is always kept; TABLE_TYPE is the other choice).
func onlyAttributes(tables []awsglue.Table, attrs []string) []awsglue.Table {
	out := make([]awsglue.Table, len(tables))
	for i, t := range tables {
		out[i] = awsglue.Table{Name: t.Name}
		if slices.Contains(attrs, "TABLE_TYPE") {
			out[i].TableType = t.TableType
		}
	}
	return out
}

func (s *Service) batchDeleteTable(ctx context.Context, in *awsglue.BatchDeleteTableRequest) (*awsglue.BatchDeleteTableResponse, error) {
	if err := checkCatalog(in.CatalogId); err != nil {
		return nil, err
	}
	if _, err := s.catalog.GetDatabase(ctx, in.DatabaseName); err != nil {
		return nil, err
	}
	errs := []awsglue.TableError{}
	for _, name := range in.TablesToDelete {
		err := s.catalog.DeleteTable(ctx, in.DatabaseName, name)
		if err == nil {
			continue
		}
		if codeOf(err) == "InternalFailure" {
			return nil, err
		}
		errs = append(errs, awsglue.TableError{TableName: name, ErrorDetail: errorDetail(err)})
	}
	return &awsglue.BatchDeleteTableResponse{Errors: errs}, nil
}

func (s *Service) registerTableVersions(js *awsproto.JSONService) {
	awsproto.Register(js, "GetTableVersions", func(ctx context.Context, in *awsglue.GetTableVersionsRequest) (*awsglue.GetTableVersionsResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		all, err := s.catalog.GetTableVersions(ctx, in.DatabaseName, in.TableName)
		if err != nil {
			return nil, err
		}
		// Versions are listed newest first; the page token is the version
		// id padded so that it orders the same way as the list.
		key := func(v awsglue.TableVersion) string { return versionSortKey(v.VersionId) }
		versions, next, err := page(all, key, in.NextToken, in.MaxResults, 100)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetTableVersionsResponse{TableVersions: awsproto.NonNil(versions), NextToken: next}, nil
	})
	awsproto.Register(js, "GetTableVersion", func(ctx context.Context, in *awsglue.GetTableVersionRequest) (*awsglue.GetTableVersionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		v, err := s.catalog.GetTableVersion(ctx, in.DatabaseName, in.TableName, in.VersionId)
		if err != nil {
			return nil, err
		}
		return &awsglue.GetTableVersionResponse{TableVersion: v}, nil
	})
	awsproto.Register(js, "DeleteTableVersion", func(ctx context.Context, in *awsglue.DeleteTableVersionRequest) (*awsglue.DeleteTableVersionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		return &awsglue.DeleteTableVersionResponse{}, s.catalog.DeleteTableVersion(ctx, in.DatabaseName, in.TableName, in.VersionId)
	})
	awsproto.Register(js, "BatchDeleteTableVersion", func(ctx context.Context, in *awsglue.BatchDeleteTableVersionRequest) (*awsglue.BatchDeleteTableVersionResponse, error) {
		if err := checkCatalog(in.CatalogId); err != nil {
			return nil, err
		}
		errs, err := s.catalog.BatchDeleteTableVersion(ctx, in.DatabaseName, in.TableName, in.VersionIds)
		if err != nil {
			return nil, err
		}
		return &awsglue.BatchDeleteTableVersionResponse{Errors: awsproto.NonNil(errs)}, nil
	})
}

// versionSortKey orders version ids newest first as strings.
func versionSortKey(id string) string {
	var n int64
	for _, r := range id {
		if r < '0' || r > '9' {
			return id
		}
		n = n*10 + int64(r-'0')
	}
	return padVersion(1e14 - n)
}

// searchTables implements SearchTables over every database: SearchText
// matches names, descriptions, parameter values and column names; Filters
// compare table attributes and parameters.
func (s *Service) searchTables(ctx context.Context, in *awsglue.SearchTablesRequest) (*awsglue.SearchTablesResponse, error) {
	if err := checkCatalog(in.CatalogId); err != nil {
		return nil, err
	}
	dbs, err := s.catalog.GetDatabases(ctx)
	if err != nil {
		return nil, err
	}
	var found []awsglue.Table
	for _, db := range dbs {
		tables, err := s.catalog.GetTables(ctx, db.Name, "")
		if err != nil {
			return nil, err
		}
		for _, t := range tables {
			if matchesSearch(t, in.SearchText) && matchesFilters(t, in.Filters) {
				found = append(found, t)
			}
		}
	}
	key := func(t awsglue.Table) string { return t.DatabaseName + "\x00" + t.Name }
	slices.SortFunc(found, func(a, b awsglue.Table) int { return strings.Compare(key(a), key(b)) })
	tables, next, err := page(found, key, in.NextToken, in.MaxResults, 1000)
	if err != nil {
		return nil, err
	}
	return &awsglue.SearchTablesResponse{TableList: awsproto.NonNil(tables), NextToken: next}, nil
}

func matchesSearch(t awsglue.Table, text string) bool {
	if text == "" {
		return true
	}
	text = strings.ToLower(text)
	fields := []string{t.Name, t.Description, t.DatabaseName}
	for _, v := range t.Parameters {
		fields = append(fields, v)
	}
	if t.StorageDescriptor != nil {
		for _, c := range t.StorageDescriptor.Columns {
			fields = append(fields, c.Name, c.Comment)
		}
	}
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), text) {
			return true
		}
	}
	return false
}

func matchesFilters(t awsglue.Table, filters []awsglue.PropertyPredicate) bool {
	for _, f := range filters {
		var v string
		switch f.Key {
		case "DatabaseName":
			v = t.DatabaseName
		case "Name", "TableName":
			v = t.Name
		case "Description":
			v = t.Description
		case "TableType":
			v = t.TableType
		case "Owner":
			v = t.Owner
		default:
			v = t.Parameters[f.Key]
		}
		c := strings.Compare(v, f.Value)
		ok := false
		switch f.Comparator {
		case "", "EQUALS":
			ok = c == 0
		case "GREATER_THAN":
			ok = c > 0
		case "LESS_THAN":
			ok = c < 0
		case "GREATER_THAN_EQUALS":
			ok = c >= 0
		case "LESS_THAN_EQUALS":
			ok = c <= 0
		}
		if !ok {
			return false
		}
	}
	return true
}
