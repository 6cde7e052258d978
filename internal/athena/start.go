package athena

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// newID returns a random UUID, the form of Athena's query execution IDs.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// tokenRecord remembers what a ClientRequestToken asked for.
type tokenRecord struct {
	ID   string `json:"id"`
	Hash string `json:"hash"`
}

// requestHash summarizes the parameters that must match on a retry.
func requestHash(in *awsathena.StartQueryExecutionInput) string {
	data, _ := json.Marshal([]any{in.QueryString, in.QueryExecutionContext, in.ResultConfiguration, in.WorkGroup, in.ExecutionParameters})
	return string(data)
}

// outputDir decides where results go: the workgroup's location when it
// enforces its configuration, else the request's, else the workgroup's.
func outputDir(wg *workGroup, in *awsathena.StartQueryExecutionInput) (string, error) {
	var wgLoc string
	enforce := false
	if c := wg.WorkGroup.Configuration; c != nil {
		if c.ResultConfiguration != nil {
			wgLoc = c.ResultConfiguration.OutputLocation
		}
		enforce = c.EnforceWorkGroupConfiguration != nil && *c.EnforceWorkGroupConfiguration
	}
	loc := wgLoc
	if in.ResultConfiguration != nil && in.ResultConfiguration.OutputLocation != "" && !(enforce && wgLoc != "") {
		loc = in.ResultConfiguration.OutputLocation
	}
	if loc == "" {
		return "", invalidRequest("No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.")
	}
	l, ok := parseS3(loc, true)
	if !ok {
		return "", invalidRequest("outputLocation is not a valid S3 path. Provided %s", loc)
	}
	return l.String(), nil
}

// StartQueryExecution checks and queues a statement.
func (s *Service) StartQueryExecution(ctx context.Context, in *awsathena.StartQueryExecutionInput) (*awsathena.StartQueryExecutionOutput, error) {
	wg, err := s.workGroup(in.WorkGroup)
	if err != nil {
		return nil, err
	}
	if wg.WorkGroup.State == "DISABLED" {
		return nil, invalidRequest("WorkGroup %s is disabled.", wg.WorkGroup.Name)
	}
	dir, err := outputDir(wg, in)
	if err != nil {
		return nil, err
	}
	s.startMu.Lock()
	defer s.startMu.Unlock()
	if in.ClientRequestToken != "" {
		var tok tokenRecord
		found, err := getJSON(s.kv, key("tok", in.ClientRequestToken), &tok)
		if err != nil {
			return nil, err
		}
		if found {
			if tok.Hash != requestHash(in) {
				return nil, invalidRequestCode("IDEMPOTENT_PARAMETER_MISMATCH",
					"The request parameters do not match the parameters of the request that used the same ClientRequestToken.")
			}
			return &awsathena.StartQueryExecutionOutput{QueryExecutionId: tok.ID}, nil
		}
	}
	st, err := classify(in.QueryString, in.ExecutionParameters)
	if err != nil {
		return nil, checkError(err)
	}
	e := &execution{
		ID: newID(), Query: in.QueryString, WorkGroup: wg.WorkGroup.Name, Params: in.ExecutionParameters,
		Token: in.ClientRequestToken, OutputDir: dir, State: stateQueued, Submitted: s.now(),
		StatementType: st.statementType, Substatement: st.substatement, Database: "default",
	}
	if c := in.QueryExecutionContext; c != nil {
		if c.Database != "" {
			e.Database = strings.ToLower(c.Database)
		}
		e.Catalog = c.Catalog
	}
	// The record is written from a copy: the worker owns e from here on.
	rec := *e
	recordDone := s.enqueue(e, st)
	// DuckDB checks the query's syntax while the worker already plans and
	// runs it: nothing of a run is visible before its record exists, and
	// a malformed query is dropped unrecorded.
	if err := s.checkSyntax(ctx, st); err != nil {
		recordDone(err)
		return nil, err
	}
	err = s.record(&rec, requestHash(in))
	recordDone(err)
	if err != nil {
		return nil, err
	}
	return &awsathena.StartQueryExecutionOutput{QueryExecutionId: rec.ID}, nil
}

// record stores a new execution with its list index and token, atomically.
func (s *Service) record(e *execution, hash string) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	b := s.kv.NewBatch()
	b.Set(key("q", e.ID), data)
	b.Set(key("qi", e.WorkGroup, revTime(e.Submitted), e.ID), nil)
	if e.Token != "" {
		tok, _ := json.Marshal(tokenRecord{ID: e.ID, Hash: hash})
		b.Set(key("tok", e.Token), tok)
	}
	return b.Commit()
}

// checkSyntax verifies a classified statement's syntax (DuckDB's parse of
// the translated query), so that a malformed statement fails
// StartQueryExecution itself, as in Athena.
func (s *Service) checkSyntax(ctx context.Context, st *statement) error {
	if st.query == nil {
		return nil
	}
	return checkError(s.checkQuery(ctx, st))
}

// checkError maps a statement's syntax error to Athena's error.
func checkError(err error) error {
	var se *dialect.SyntaxError
	var pe *dialect.ParamCountError
	switch {
	case errors.As(err, &se):
		return invalidRequestCode("MALFORMED_QUERY", "%s", se.Error())
	case errors.As(err, &pe):
		return invalidRequest("%s", pe.Error())
	}
	return err
}

// checkQuery translates the query part with placeholder tables and asks
// DuckDB's parser about the result.
func (s *Service) checkQuery(ctx context.Context, st *statement) error {
	tr, err := dialect.TranslateQuery(st.parsed, st.query, func(ref dialect.TableRef) (string, error) {
		return `"` + strings.Join(ref.Parts, `"."`) + `"`, nil
	})
	var de *dialect.Error
	if errors.As(err, &de) {
		return nil // not a syntax error: the query fails when it runs
	}
	if err != nil {
		return err
	}
	return s.parseCheck(ctx, st.parsed, tr)
}

// parseCheck runs DuckDB's parser over the translation and maps a syntax
// error back onto the statement's text.
func (s *Service) parseCheck(ctx context.Context, p *dialect.Statement, tr *dialect.Translation) error {
	err := s.engine.ParseError(ctx, tr.SQL)
	var pe *sqlengine.Error
	if !errors.As(err, &pe) {
		return err
	}
	off := pe.Locate(tr.SQL)
	orig := len(p.SQL)
	if off >= 0 && off < len(tr.SQL) {
		orig = tr.Original(off)
	}
	l, c := dialect.Position(p.SQL, orig)
	return &dialect.SyntaxError{Line: l, Column: c, Message: "mismatched input '" + tokenAt(p.SQL, orig) + "'"}
}

// tokenAt returns the token of sql that starts at off, or <EOF>.
func tokenAt(sql string, off int) string {
	toks, err := dialect.Lex(sql)
	if err != nil {
		return "<EOF>"
	}
	for _, t := range toks {
		if t.Pos >= off && t.Kind != dialect.Space && t.Kind != dialect.Comment && t.Text != ";" {
			return t.Text
		}
	}
	return "<EOF>"
}
