package athena

import (
	"context"
	"sort"

	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// namedQuery is a stored named query.
type namedQuery struct {
	Query awsathena.NamedQuery `json:"query"`
	Token string               `json:"token,omitempty"`
}

func (s *Service) namedQuery(id string) (*namedQuery, error) {
	var nq namedQuery
	found, err := getJSON(s.kv, key("nq", id), &nq)
	if err != nil || !found {
		return nil, err
	}
	return &nq, nil
}

func (s *Service) CreateNamedQuery(ctx context.Context, in *awsathena.CreateNamedQueryInput) (*awsathena.CreateNamedQueryOutput, error) {
	wg, err := s.workGroup(in.WorkGroup)
	if err != nil {
		return nil, err
	}
	s.startMu.Lock()
	defer s.startMu.Unlock()
	if in.ClientRequestToken != "" {
		var existing string
		found, err := getJSON(s.kv, key("nqtok", in.ClientRequestToken), &existing)
		if err != nil {
			return nil, err
		}
		if found {
			return &awsathena.CreateNamedQueryOutput{NamedQueryId: existing}, nil
		}
	}
	nq := namedQuery{Query: awsathena.NamedQuery{NamedQueryId: newID(), Name: in.Name, Description: in.Description,
		Database: in.Database, QueryString: in.QueryString, WorkGroup: wg.WorkGroup.Name}, Token: in.ClientRequestToken}
	if err := putJSON(s.kv, key("nq", nq.Query.NamedQueryId), &nq); err != nil {
		return nil, err
	}
	if in.ClientRequestToken != "" {
		if err := putJSON(s.kv, key("nqtok", in.ClientRequestToken), nq.Query.NamedQueryId); err != nil {
			return nil, err
		}
	}
	return &awsathena.CreateNamedQueryOutput{NamedQueryId: nq.Query.NamedQueryId}, nil
}

func (s *Service) GetNamedQuery(ctx context.Context, in *awsathena.GetNamedQueryInput) (*awsathena.GetNamedQueryOutput, error) {
	nq, err := s.namedQuery(in.NamedQueryId)
	if err != nil {
		return nil, err
	}
	if nq == nil {
		return nil, invalidRequest("NamedQuery %s was not found.", in.NamedQueryId)
	}
	return &awsathena.GetNamedQueryOutput{NamedQuery: &nq.Query}, nil
}

func (s *Service) UpdateNamedQuery(ctx context.Context, in *awsathena.UpdateNamedQueryInput) (*awsathena.UpdateNamedQueryOutput, error) {
	nq, err := s.namedQuery(in.NamedQueryId)
	if err != nil {
		return nil, err
	}
	if nq == nil {
		return nil, invalidRequest("NamedQuery %s was not found.", in.NamedQueryId)
	}
	nq.Query.Name, nq.Query.QueryString, nq.Query.Description = in.Name, in.QueryString, in.Description
	return &awsathena.UpdateNamedQueryOutput{}, putJSON(s.kv, key("nq", in.NamedQueryId), nq)
}

func (s *Service) DeleteNamedQuery(ctx context.Context, in *awsathena.DeleteNamedQueryInput) (*awsathena.DeleteNamedQueryOutput, error) {
	nq, err := s.namedQuery(in.NamedQueryId)
	if err != nil {
		return nil, err
	}
	if nq == nil {
		return nil, invalidRequest("NamedQuery %s was not found.", in.NamedQueryId)
	}
	return &awsathena.DeleteNamedQueryOutput{}, s.kv.Delete(key("nq", in.NamedQueryId))
}

func (s *Service) ListNamedQueries(ctx context.Context, in *awsathena.ListNamedQueriesInput) (*awsathena.ListNamedQueriesOutput, error) {
	wg, err := s.workGroup(in.WorkGroup)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = scanJSON(s.kv, append(key("nq"), '/'), func(_ []byte, nq namedQuery) bool {
		if nq.Query.WorkGroup == wg.WorkGroup.Name {
			ids = append(ids, nq.Query.NamedQueryId)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	page, next, err := paginate(ids, func(s string) string { return s }, in.NextToken, in.MaxResults, 50)
	if err != nil {
		return nil, err
	}
	return &awsathena.ListNamedQueriesOutput{NamedQueryIds: awsproto.NonNil(page), NextToken: next}, nil
}

func (s *Service) BatchGetNamedQuery(ctx context.Context, in *awsathena.BatchGetNamedQueryInput) (*awsathena.BatchGetNamedQueryOutput, error) {
	out := &awsathena.BatchGetNamedQueryOutput{NamedQueries: []awsathena.NamedQuery{}, UnprocessedNamedQueryIds: []awsathena.UnprocessedNamedQueryId{}}
	for _, id := range in.NamedQueryIds {
		nq, err := s.namedQuery(id)
		if err != nil {
			return nil, err
		}
		if nq == nil {
			out.UnprocessedNamedQueryIds = append(out.UnprocessedNamedQueryIds, awsathena.UnprocessedNamedQueryId{
				NamedQueryId: id, ErrorCode: "INVALID_INPUT", ErrorMessage: "NamedQuery " + id + " was not found."})
			continue
		}
		out.NamedQueries = append(out.NamedQueries, nq.Query)
	}
	return out, nil
}
