package athena

import (
	"context"
	"errors"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	"sort"

	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// preparedStatement loads a prepared statement; nil when absent.
func (s *Service) preparedStatement(wg, name string) (*awsathena.PreparedStatement, error) {
	var ps awsathena.PreparedStatement
	found, err := getJSON(s.kv, key("ps", wg, name), &ps)
	if err != nil || !found {
		return nil, err
	}
	return &ps, nil
}

// putPreparedStatement creates (or, with replace, overwrites) a statement.
func (s *Service) putPreparedStatement(wg, name, text, desc string, replace bool) error {
	if !replace {
		existing, err := s.preparedStatement(wg, name)
		if err != nil {
			return err
		}
		if existing != nil {
			return invalidRequest("Prepared statement %s already exists in WorkGroup %s", name, wg)
		}
	}
	ps := awsathena.PreparedStatement{StatementName: name, QueryStatement: text, WorkGroupName: wg, Description: desc,
		LastModifiedTime: awsproto.NewTimestamp(s.now())}
	return putJSON(s.kv, key("ps", wg, name), &ps)
}

// checkPrepared verifies a prepared statement's syntax; its "?"
// placeholders are filled when it is executed.
func (s *Service) checkPrepared(ctx context.Context, text string) error {
	_, err := classify(text, nil)
	var se *dialect.SyntaxError
	if errors.As(err, &se) {
		return invalidRequestCode("MALFORMED_QUERY", "%s", se.Error())
	}
	var pe *dialect.ParamCountError
	if errors.As(err, &pe) {
		return nil
	}
	return err
}

func (s *Service) CreatePreparedStatement(ctx context.Context, in *awsathena.CreatePreparedStatementInput) (*awsathena.CreatePreparedStatementOutput, error) {
	if _, err := s.workGroup(in.WorkGroup); err != nil {
		return nil, err
	}
	if err := s.checkPrepared(ctx, in.QueryStatement); err != nil {
		return nil, err
	}
	s.startMu.Lock()
	defer s.startMu.Unlock()
	return &awsathena.CreatePreparedStatementOutput{}, s.putPreparedStatement(in.WorkGroup, in.StatementName, in.QueryStatement, in.Description, false)
}

func (s *Service) UpdatePreparedStatement(ctx context.Context, in *awsathena.UpdatePreparedStatementInput) (*awsathena.UpdatePreparedStatementOutput, error) {
	ps, err := s.preparedStatement(in.WorkGroup, in.StatementName)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		return nil, resourceNotFound(in.StatementName, "Prepared statement %s was not found in WorkGroup %s", in.StatementName, in.WorkGroup)
	}
	if err := s.checkPrepared(ctx, in.QueryStatement); err != nil {
		return nil, err
	}
	return &awsathena.UpdatePreparedStatementOutput{}, s.putPreparedStatement(in.WorkGroup, in.StatementName, in.QueryStatement, in.Description, true)
}

func (s *Service) GetPreparedStatement(ctx context.Context, in *awsathena.GetPreparedStatementInput) (*awsathena.GetPreparedStatementOutput, error) {
	if _, err := s.workGroup(in.WorkGroup); err != nil {
		return nil, err
	}
	ps, err := s.preparedStatement(in.WorkGroup, in.StatementName)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		return nil, resourceNotFound(in.StatementName, "Prepared statement %s was not found in WorkGroup %s", in.StatementName, in.WorkGroup)
	}
	return &awsathena.GetPreparedStatementOutput{PreparedStatement: ps}, nil
}

func (s *Service) DeletePreparedStatement(ctx context.Context, in *awsathena.DeletePreparedStatementInput) (*awsathena.DeletePreparedStatementOutput, error) {
	ps, err := s.preparedStatement(in.WorkGroup, in.StatementName)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		return nil, resourceNotFound(in.StatementName, "Prepared statement %s was not found in WorkGroup %s", in.StatementName, in.WorkGroup)
	}
	return &awsathena.DeletePreparedStatementOutput{}, s.kv.Delete(key("ps", in.WorkGroup, in.StatementName))
}

func (s *Service) ListPreparedStatements(ctx context.Context, in *awsathena.ListPreparedStatementsInput) (*awsathena.ListPreparedStatementsOutput, error) {
	if _, err := s.workGroup(in.WorkGroup); err != nil {
		return nil, err
	}
	var all []awsathena.PreparedStatementSummary
	err := scanJSON(s.kv, append(key("ps", in.WorkGroup), '/'), func(_ []byte, ps awsathena.PreparedStatement) bool {
		all = append(all, awsathena.PreparedStatementSummary{StatementName: ps.StatementName, LastModifiedTime: ps.LastModifiedTime})
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].StatementName < all[j].StatementName })
	page, next, err := paginate(all, func(p awsathena.PreparedStatementSummary) string { return p.StatementName }, in.NextToken, in.MaxResults, 50)
	if err != nil {
		return nil, err
	}
	return &awsathena.ListPreparedStatementsOutput{PreparedStatements: awsproto.NonNil(page), NextToken: next}, nil
}

func (s *Service) BatchGetPreparedStatement(ctx context.Context, in *awsathena.BatchGetPreparedStatementInput) (*awsathena.BatchGetPreparedStatementOutput, error) {
	if _, err := s.workGroup(in.WorkGroup); err != nil {
		return nil, err
	}
	out := &awsathena.BatchGetPreparedStatementOutput{PreparedStatements: []awsathena.PreparedStatement{},
		UnprocessedPreparedStatementNames: []awsathena.UnprocessedPreparedStatementName{}}
	for _, name := range in.PreparedStatementNames {
		ps, err := s.preparedStatement(in.WorkGroup, name)
		if err != nil {
			return nil, err
		}
		if ps == nil {
			out.UnprocessedPreparedStatementNames = append(out.UnprocessedPreparedStatementNames, awsathena.UnprocessedPreparedStatementName{
				StatementName: name, ErrorCode: "STATEMENT_NOT_FOUND", ErrorMessage: "Prepared statement " + name + " was not found"})
			continue
		}
		out.PreparedStatements = append(out.PreparedStatements, *ps)
	}
	return out, nil
}
