package athena

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/athena/results"
	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// mustExecution loads an execution or fails as Athena does.
func (s *Service) mustExecution(id string) (*execution, error) {
	e, err := s.execution(id)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, invalidRequest("QueryExecution %s was not found", id)
	}
	return e, nil
}

func (s *Service) GetQueryExecution(ctx context.Context, in *awsathena.GetQueryExecutionInput) (*awsathena.GetQueryExecutionOutput, error) {
	s.awaitFinish(ctx, in.QueryExecutionId, finishHold)
	e, err := s.mustExecution(in.QueryExecutionId)
	if err != nil {
		return nil, err
	}
	q := e.toAPI()
	return &awsathena.GetQueryExecutionOutput{QueryExecution: &q}, nil
}

func (s *Service) BatchGetQueryExecution(ctx context.Context, in *awsathena.BatchGetQueryExecutionInput) (*awsathena.BatchGetQueryExecutionOutput, error) {
	out := &awsathena.BatchGetQueryExecutionOutput{QueryExecutions: []awsathena.QueryExecution{},
		UnprocessedQueryExecutionIds: []awsathena.UnprocessedQueryExecutionId{}}
	for _, id := range in.QueryExecutionIds {
		e, err := s.execution(id)
		if err != nil {
			return nil, err
		}
		if e == nil {
			out.UnprocessedQueryExecutionIds = append(out.UnprocessedQueryExecutionIds, awsathena.UnprocessedQueryExecutionId{
				QueryExecutionId: id, ErrorCode: "INVALID_INPUT", ErrorMessage: "QueryExecution " + id + " was not found"})
			continue
		}
		out.QueryExecutions = append(out.QueryExecutions, e.toAPI())
	}
	return out, nil
}

// ListQueryExecutions lists a workgroup's executions, newest first.
func (s *Service) ListQueryExecutions(ctx context.Context, in *awsathena.ListQueryExecutionsInput) (*awsathena.ListQueryExecutionsOutput, error) {
	wg, err := s.workGroup(in.WorkGroup)
	if err != nil {
		return nil, err
	}
	limit := awsproto.PageSize(in.MaxResults, 50)
	p := append(key("qi", wg.WorkGroup.Name), '/')
	start := p
	if in.NextToken != "" {
		after, ok := awsproto.DecodeToken(in.NextToken)
		if !ok || !strings.HasPrefix(string(after), string(p)) {
			return nil, invalidRequest("Invalid NextToken")
		}
		start = after
	}
	out := &awsathena.ListQueryExecutionsOutput{QueryExecutionIds: []string{}}
	err = s.kv.Iter(start, kv.PrefixEnd(p), func(k, _ []byte) bool {
		if len(out.QueryExecutionIds) == limit {
			out.NextToken = awsproto.EncodeToken(k)
			return false
		}
		out.QueryExecutionIds = append(out.QueryExecutionIds, string(k[strings.LastIndexByte(string(k), '/')+1:]))
		return true
	})
	return out, err
}

// resultsOutput is GetQueryResults' output. It is declared here rather
// than taken from the generated shapes because a Datum must tell an empty
// string ({"VarCharValue": ""}) from NULL ({}).
type resultsOutput struct {
	NextToken   string     `json:"NextToken,omitempty"`
	ResultSet   *resultSet `json:"ResultSet,omitempty"`
	UpdateCount *int64     `json:"UpdateCount,omitempty"`
}

type resultSet struct {
	Rows              []resultRow                  `json:"Rows"`
	ResultSetMetadata *awsathena.ResultSetMetadata `json:"ResultSetMetadata"`
}

type resultRow struct {
	Data []datum `json:"Data"`
}

type datum struct {
	VarCharValue *string `json:"VarCharValue,omitempty"`
}

// pageToken is where the next page of a result starts.
type pageToken struct {
	Offset int64 `json:"o"`
	Row    int64 `json:"r"`
}

func (s *Service) GetQueryResults(ctx context.Context, in *awsathena.GetQueryResultsInput) (*resultsOutput, error) {
	e, err := s.mustExecution(in.QueryExecutionId)
	if err != nil {
		return nil, err
	}
	switch e.State {
	case stateSucceeded:
	case stateFailed:
		return nil, invalidRequest("%s", e.Reason)
	case stateCancelled:
		return nil, invalidRequest("Query did not finish successfully. Final query state: CANCELLED")
	default:
		return nil, invalidRequest("Query has not yet finished. Current state: %s", e.State)
	}
	limit := int64(awsproto.PageSize(in.MaxResults, 1000))
	var tok pageToken
	if in.NextToken != "" {
		data, ok := awsproto.DecodeToken(in.NextToken)
		if !ok || json.Unmarshal(data, &tok) != nil || tok.Offset < 0 {
			return nil, invalidRequest("Invalid NextToken")
		}
	}
	out := &resultsOutput{ResultSet: &resultSet{Rows: []resultRow{}, ResultSetMetadata: &awsathena.ResultSetMetadata{ColumnInfo: columnInfo(e.Columns)}}}
	switch e.ResultKind {
	case resultUpdate:
		n := e.UpdateCount
		out.UpdateCount = &n
		return out, nil
	case resultRows, resultText:
		zero := int64(0)
		out.UpdateCount = &zero
		next, err := s.readPage(ctx, e, tok, limit, out.ResultSet)
		if err != nil {
			return nil, err
		}
		if next != nil {
			data, _ := json.Marshal(next)
			out.NextToken = awsproto.EncodeToken(data)
		}
		return out, nil
	}
	zero := int64(0)
	out.UpdateCount = &zero
	return out, nil
}

// columnInfo renders result columns as Athena's ColumnInfo.
func columnInfo(cols []results.Column) []awsathena.ColumnInfo {
	out := make([]awsathena.ColumnInfo, len(cols))
	for i, c := range cols {
		p, sc, cs := c.Precision, c.Scale, c.CaseSensitive
		out[i] = awsathena.ColumnInfo{CatalogName: "hive", Name: c.Name, Label: c.Name, Type: c.Type,
			Precision: &p, Scale: &sc, Nullable: "UNKNOWN", CaseSensitive: &cs}
	}
	return out
}

// openAt opens a result object positioned at off.
func (s *Service) openAt(ctx context.Context, loc s3Location, k string, off int64) (io.ReadCloser, error) {
	r, _, err := s.objects.Open(ctx, loc.Bucket, k)
	if errors.Is(err, objects.ErrNoSuchKey) || errors.Is(err, objects.ErrNoSuchBucket) {
		return nil, invalidRequest("The query results are no longer available at %s", loc.uri(strings.TrimPrefix(k, loc.Prefix)))
	}
	if err != nil {
		return nil, err
	}
	if off == 0 {
		return r, nil
	}
	if sk, ok := r.(io.Seeker); ok {
		if _, err := sk.Seek(off, io.SeekStart); err == nil {
			return r, nil
		}
	}
	if _, err := io.CopyN(io.Discard, r, off); err != nil {
		r.Close()
		return nil, invalidRequest("Invalid NextToken")
	}
	return r, nil
}

// readPage reads up to limit rows of a result file from S3 starting at
// tok. A SELECT's file begins with its header row, so the first page
// starts with the header and counts it, as Athena's does.
func (s *Service) readPage(ctx context.Context, e *execution, tok pageToken, limit int64, rs *resultSet) (*pageToken, error) {
	loc, ok := parseS3(e.ResultFile, false)
	if !ok {
		return nil, invalidRequest("The query has no results")
	}
	dir := loc.Prefix[:strings.LastIndexByte(loc.Prefix, '/')+1]
	r, err := s.openAt(ctx, s3Location{Bucket: loc.Bucket, Prefix: dir}, loc.Prefix, tok.Offset)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	next := func() ([]results.Value, int64, error) { return nil, 0, io.EOF }
	if e.ResultKind == resultText {
		br := bufio.NewReader(r)
		var off int64
		next = func() ([]results.Value, int64, error) {
			line, err := br.ReadString('\n')
			if err == io.EOF && line == "" {
				return nil, off, io.EOF
			}
			before := off
			off += int64(len(line))
			return []results.Value{{Text: strings.TrimSuffix(line, "\n")}}, before, nil
		}
	} else {
		cr := results.NewCSVReader(r)
		next = func() ([]results.Value, int64, error) {
			before := cr.Offset()
			row, err := cr.Read()
			if err != nil && err != io.EOF {
				return nil, before, invalidRequest("The query results at %s are not a valid result file", e.ResultFile)
			}
			return row, before, err
		}
	}
	for n := int64(0); ; n++ {
		row, before, err := next()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if n == limit {
			return &pageToken{Offset: tok.Offset + before, Row: tok.Row + n}, nil
		}
		rs.Rows = append(rs.Rows, toRow(row))
	}
}

func toRow(vals []results.Value) resultRow {
	r := resultRow{Data: make([]datum, len(vals))}
	for i, v := range vals {
		if !v.Null {
			t := v.Text
			r.Data[i].VarCharValue = &t
		}
	}
	return r
}

// finishHold is how long GetQueryExecution holds its answer about a queued
// or running query in case it finishes meanwhile. Clients poll until a
// query finishes; holding each poll tells them the moment it does while
// sparing the machine the CPU of polls every few milliseconds (on a small
// machine those steal time from DuckDB: a client polling every 2 ms made
// a 60 ms query pay for three extra round trips with a 20 ms hold). The
// answer is always the state when it is sent, and the hold stays within
// the latency clients already allow for the real service's API calls.
const finishHold = 100 * time.Millisecond

// awaitFinish waits up to hold for a live query to finish.
func (s *Service) awaitFinish(ctx context.Context, id string, hold time.Duration) {
	s.mu.Lock()
	lq, ok := s.live[id]
	s.mu.Unlock()
	if !ok {
		return
	}
	t := time.NewTimer(hold)
	defer t.Stop()
	select {
	case <-lq.done:
	case <-t.C:
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
}
