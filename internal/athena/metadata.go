package athena

import (
	"context"
	"regexp"
	"sort"
	"strings"

	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// awsDataCatalog is the Glue-backed catalog every account has.
const awsDataCatalog = "AwsDataCatalog"

func checkCatalogName(name string) error {
	if strings.EqualFold(name, awsDataCatalog) {
		return nil
	}
	return metadataError("Catalog %s does not exist.", name)
}

func (s *Service) ListDataCatalogs(ctx context.Context, in *awsathena.ListDataCatalogsInput) (*awsathena.ListDataCatalogsOutput, error) {
	return &awsathena.ListDataCatalogsOutput{DataCatalogsSummary: []awsathena.DataCatalogSummary{
		{CatalogName: awsDataCatalog, Type: "GLUE"},
	}}, nil
}

func (s *Service) GetDataCatalog(ctx context.Context, in *awsathena.GetDataCatalogInput) (*awsathena.GetDataCatalogOutput, error) {
	if !strings.EqualFold(in.Name, awsDataCatalog) {
		return nil, invalidRequest("Catalog %s does not exist.", in.Name)
	}
	return &awsathena.GetDataCatalogOutput{DataCatalog: &awsathena.DataCatalog{
		Name: awsDataCatalog, Type: "GLUE", Description: "AWS Glue Data Catalog",
		Parameters: map[string]string{"catalog-id": awsproto.DefaultAccountID},
	}}, nil
}

func toDatabase(d awsglue.Database) awsathena.Database {
	return awsathena.Database{Name: d.Name, Description: d.Description, Parameters: d.Parameters}
}

func (s *Service) ListDatabases(ctx context.Context, in *awsathena.ListDatabasesInput) (*awsathena.ListDatabasesOutput, error) {
	if err := checkCatalogName(in.CatalogName); err != nil {
		return nil, err
	}
	dbs, err := s.catalog.GetDatabases(ctx)
	if err != nil {
		return nil, err
	}
	all := make([]awsathena.Database, len(dbs))
	for i, d := range dbs {
		all[i] = toDatabase(d)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	page, next, err := paginate(all, func(d awsathena.Database) string { return d.Name }, in.NextToken, in.MaxResults, 50)
	if err != nil {
		return nil, err
	}
	return &awsathena.ListDatabasesOutput{DatabaseList: awsproto.NonNil(page), NextToken: next}, nil
}

func (s *Service) GetDatabase(ctx context.Context, in *awsathena.GetDatabaseInput) (*awsathena.GetDatabaseOutput, error) {
	if err := checkCatalogName(in.CatalogName); err != nil {
		return nil, err
	}
	d, err := s.catalog.GetDatabase(ctx, in.DatabaseName)
	if code(err) == "EntityNotFoundException" {
		return nil, metadataError("Database %s not found.", in.DatabaseName)
	}
	if err != nil {
		return nil, err
	}
	db := toDatabase(*d)
	return &awsathena.GetDatabaseOutput{Database: &db}, nil
}

func athenaColumns(cols []awsglue.Column) []awsathena.Column {
	out := make([]awsathena.Column, len(cols))
	for i, c := range cols {
		out[i] = awsathena.Column{Name: c.Name, Type: c.Type, Comment: c.Comment}
	}
	return out
}

func toTableMetadata(t awsglue.Table) awsathena.TableMetadata {
	m := awsathena.TableMetadata{Name: t.Name, CreateTime: t.CreateTime, LastAccessTime: t.LastAccessTime,
		TableType: t.TableType, Parameters: t.Parameters, PartitionKeys: athenaColumns(t.PartitionKeys), Columns: []awsathena.Column{}}
	if t.StorageDescriptor != nil {
		m.Columns = athenaColumns(t.StorageDescriptor.Columns)
		if m.Parameters == nil {
			m.Parameters = map[string]string{}
		}
		params := map[string]string{}
		for k, v := range t.Parameters {
			params[k] = v
		}
		params["location"] = t.StorageDescriptor.Location
		params["inputformat"] = t.StorageDescriptor.InputFormat
		params["outputformat"] = t.StorageDescriptor.OutputFormat
		if t.StorageDescriptor.SerdeInfo != nil {
			params["serde.serialization.lib"] = t.StorageDescriptor.SerdeInfo.SerializationLibrary
			for k, v := range t.StorageDescriptor.SerdeInfo.Parameters {
				params["serde.param."+k] = v
			}
		}
		m.Parameters = params
	}
	return m
}

func (s *Service) ListTableMetadata(ctx context.Context, in *awsathena.ListTableMetadataInput) (*awsathena.ListTableMetadataOutput, error) {
	if err := checkCatalogName(in.CatalogName); err != nil {
		return nil, err
	}
	if _, err := s.catalog.GetDatabase(ctx, in.DatabaseName); err != nil {
		return nil, metadataError("Database %s not found.", in.DatabaseName)
	}
	tables, err := s.catalog.GetTables(ctx, in.DatabaseName, "")
	if err != nil {
		return nil, err
	}
	var re *regexp.Regexp
	if in.Expression != "" {
		// The expression is a regular expression; Glue's "*" wildcard style also works.
		pattern := in.Expression
		if !strings.ContainsAny(pattern, ".+?[]()^$\\") {
			pattern = strings.ReplaceAll(pattern, "*", ".*")
		}
		if re, err = regexp.Compile("^(?:" + pattern + ")$"); err != nil {
			return nil, invalidRequest("Invalid expression %s", in.Expression)
		}
	}
	var all []awsathena.TableMetadata
	for _, t := range tables {
		if re == nil || re.MatchString(t.Name) {
			all = append(all, toTableMetadata(t))
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	page, next, err := paginate(all, func(t awsathena.TableMetadata) string { return t.Name }, in.NextToken, in.MaxResults, 50)
	if err != nil {
		return nil, err
	}
	return &awsathena.ListTableMetadataOutput{TableMetadataList: awsproto.NonNil(page), NextToken: next}, nil
}

func (s *Service) GetTableMetadata(ctx context.Context, in *awsathena.GetTableMetadataInput) (*awsathena.GetTableMetadataOutput, error) {
	if err := checkCatalogName(in.CatalogName); err != nil {
		return nil, err
	}
	t, err := s.catalog.GetTable(ctx, in.DatabaseName, in.TableName)
	if code(err) == "EntityNotFoundException" {
		if _, derr := s.catalog.GetDatabase(ctx, in.DatabaseName); derr != nil {
			return nil, metadataError("Database %s not found.", in.DatabaseName)
		}
		return nil, metadataError("Table %s not found.", in.TableName)
	}
	if err != nil {
		return nil, err
	}
	m := toTableMetadata(*t)
	return &awsathena.GetTableMetadataOutput{TableMetadata: &m}, nil
}

func (s *Service) ListEngineVersions(ctx context.Context, in *awsathena.ListEngineVersionsInput) (*awsathena.ListEngineVersionsOutput, error) {
	return &awsathena.ListEngineVersionsOutput{EngineVersions: []awsathena.EngineVersion{
		{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: "Athena engine version 3"},
		{SelectedEngineVersion: "Athena engine version 3", EffectiveEngineVersion: "Athena engine version 3"},
	}}, nil
}

// GetQueryRuntimeStatistics reports what nubo measures: the timeline, the
// bytes read and the rows and bytes of the result.
func (s *Service) GetQueryRuntimeStatistics(ctx context.Context, in *awsathena.GetQueryRuntimeStatisticsInput) (*awsathena.GetQueryRuntimeStatisticsOutput, error) {
	e, err := s.mustExecution(in.QueryExecutionId)
	if err != nil {
		return nil, err
	}
	st := e.statistics()
	rows := e.OutputRows
	if e.ResultKind == resultUpdate {
		rows = e.UpdateCount
	}
	scanned, outBytes := e.DataScanned, e.OutputBytes
	out := &awsathena.QueryRuntimeStatistics{
		Timeline: &awsathena.QueryRuntimeStatisticsTimeline{
			QueryQueueTimeInMillis: st.QueryQueueTimeInMillis, QueryPlanningTimeInMillis: st.QueryPlanningTimeInMillis,
			EngineExecutionTimeInMillis: st.EngineExecutionTimeInMillis, ServiceProcessingTimeInMillis: st.ServiceProcessingTimeInMillis,
			ServicePreProcessingTimeInMillis: st.ServicePreProcessingTimeInMillis, TotalExecutionTimeInMillis: st.TotalExecutionTimeInMillis,
		},
		Rows: &awsathena.QueryRuntimeStatisticsRows{InputBytes: &scanned, OutputBytes: &outBytes, OutputRows: &rows},
	}
	if e.finished() {
		id := int64(0)
		state := "FINISHED"
		if e.State != stateSucceeded {
			state = "FAILED"
		}
		out.OutputStage = &awsathena.QueryStage{StageId: &id, State: state, InputBytes: &scanned, OutputBytes: &outBytes,
			OutputRows: &rows, ExecutionTime: st.EngineExecutionTimeInMillis}
	}
	return &awsathena.GetQueryRuntimeStatisticsOutput{QueryRuntimeStatistics: out}, nil
}
