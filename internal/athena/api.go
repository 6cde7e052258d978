package athena

import (
	"log/slog"

	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// TargetPrefix is Athena's X-Amz-Target prefix.
const TargetPrefix = "AmazonAthena"

// Handler returns Athena's awsJson 1.1 API: every operation of the model
// is registered, with its handler or as NotImplemented.
func (s *Service) Handler(logger *slog.Logger) *awsproto.JSONService {
	js := &awsproto.JSONService{TargetPrefix: TargetPrefix, Version: "1.1", MessageKey: "Message", Logger: logger}
	awsproto.Register(js, "StartQueryExecution", s.StartQueryExecution)
	awsproto.Register(js, "GetQueryExecution", s.GetQueryExecution)
	awsproto.Register(js, "BatchGetQueryExecution", s.BatchGetQueryExecution)
	awsproto.Register(js, "ListQueryExecutions", s.ListQueryExecutions)
	awsproto.Register(js, "StopQueryExecution", s.StopQueryExecution)
	awsproto.Register(js, "GetQueryResults", s.GetQueryResults)
	awsproto.Register(js, "GetQueryRuntimeStatistics", s.GetQueryRuntimeStatistics)
	awsproto.Register(js, "CreateWorkGroup", s.CreateWorkGroup)
	awsproto.Register(js, "GetWorkGroup", s.GetWorkGroup)
	awsproto.Register(js, "ListWorkGroups", s.ListWorkGroups)
	awsproto.Register(js, "UpdateWorkGroup", s.UpdateWorkGroup)
	awsproto.Register(js, "DeleteWorkGroup", s.DeleteWorkGroup)
	awsproto.Register(js, "CreateNamedQuery", s.CreateNamedQuery)
	awsproto.Register(js, "GetNamedQuery", s.GetNamedQuery)
	awsproto.Register(js, "UpdateNamedQuery", s.UpdateNamedQuery)
	awsproto.Register(js, "DeleteNamedQuery", s.DeleteNamedQuery)
	awsproto.Register(js, "ListNamedQueries", s.ListNamedQueries)
	awsproto.Register(js, "BatchGetNamedQuery", s.BatchGetNamedQuery)
	awsproto.Register(js, "CreatePreparedStatement", s.CreatePreparedStatement)
	awsproto.Register(js, "GetPreparedStatement", s.GetPreparedStatement)
	awsproto.Register(js, "UpdatePreparedStatement", s.UpdatePreparedStatement)
	awsproto.Register(js, "DeletePreparedStatement", s.DeletePreparedStatement)
	awsproto.Register(js, "ListPreparedStatements", s.ListPreparedStatements)
	awsproto.Register(js, "BatchGetPreparedStatement", s.BatchGetPreparedStatement)
	awsproto.Register(js, "ListDataCatalogs", s.ListDataCatalogs)
	awsproto.Register(js, "GetDataCatalog", s.GetDataCatalog)
	awsproto.Register(js, "ListDatabases", s.ListDatabases)
	awsproto.Register(js, "GetDatabase", s.GetDatabase)
	awsproto.Register(js, "ListTableMetadata", s.ListTableMetadata)
	awsproto.Register(js, "GetTableMetadata", s.GetTableMetadata)
	awsproto.Register(js, "ListEngineVersions", s.ListEngineVersions)
	awsproto.Register(js, "TagResource", s.TagResource)
	awsproto.Register(js, "UntagResource", s.UntagResource)
	awsproto.Register(js, "ListTagsForResource", s.ListTagsForResource)
	js.UnsupportedRest(awsathena.Operations)
	return js
}
