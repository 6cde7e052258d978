package athena

import (
	"context"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	"github.com/nubo-dev/nubo/internal/athena/results"
)

// runUnload runs UNLOAD (query) TO 's3://...' WITH (...).
func (s *Service) runUnload(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	loc, ok := parseS3(st.location, true)
	if !ok {
		return userError("INVALID_ARGUMENTS", "%sUNLOAD location is not a valid S3 path: %s", lineCol(e.Query, 0), st.location)
	}
	wf, err := parseWriteFormat(st.props)
	if err != nil {
		return err
	}
	if wf.Kind == "textfile" && st.props["field_delimiter"] == "" {
		wf.Delimiter = "\x01"
	}
	empty, err := s.locationEmpty(ctx, loc)
	if err != nil {
		return err
	}
	if !empty {
		return userError("HIVE_PATH_ALREADY_EXISTS", "Target directory for UNLOAD already exists: %s", st.location)
	}
	sess, err := s.engine.Session(ctx)
	if err != nil {
		return err
	}
	defer sess.Close()
	t, pl, cols, err := s.describeQuery(ctx, sess, e, st)
	if err != nil {
		return err
	}
	parts := splitList(st.props["partitioned_by"])
	if _, _, err := splitPartitionColumns(cols, parts); err != nil {
		return err
	}
	query, err := storable(t.tr.SQL, cols, wf.Kind)
	if err != nil {
		return err
	}
	up, err := s.exportTo(ctx, sess, query, wf.exportOptions(engineQueryID(s.now()), parts), loc)
	if err != nil {
		return s.wrapEngineError(err, query, t)
	}
	return s.finishUpdate(ctx, lq, e, pl, up)
}

// runExplain returns DuckDB's plan for the translated query as one row
// of a "Query Plan" column.
func (s *Service) runExplain(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	t, pl, err := s.translate(ctx, e, st)
	if err != nil {
		return err
	}
	sess, err := s.engine.Session(ctx)
	if err != nil {
		return err
	}
	defer sess.Close()
	verb := "EXPLAIN "
	if st.props["analyze"] == "true" {
		verb = "EXPLAIN ANALYZE "
	}
	rows, err := sess.Query(ctx, verb+t.tr.SQL)
	if err != nil {
		return s.wrapEngineError(err, verb+t.tr.SQL, t)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		v := rows.Values()
		if s, ok := v[len(v)-1].(string); ok {
			plan = append(plan, s)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cols := []results.Column{{Name: "Query Plan", Type: "varchar", Precision: 2147483647, CaseSensitive: true}}
	return s.writeValues(ctx, lq, e, pl, cols, [][]results.Value{{{Text: strings.Join(plan, "\n")}}})
}

// writeValues writes an in-memory result as <id>.csv and its metadata.
func (s *Service) writeValues(ctx context.Context, lq *liveQuery, e execution, pl *planner, cols []results.Column, rows [][]results.Value) error {
	out, _ := parseS3(e.OutputDir, true)
	var b strings.Builder
	w := results.NewCSVWriter(&b)
	w.WriteHeader(cols)
	for _, r := range rows {
		w.WriteRow(r)
	}
	w.Flush()
	meta := results.MarshalMetadata(engineQueryID(s.now()), cols)
	if _, err := s.objects.PutMany(ctx, out.Bucket, resultEntries(out, e.ID, strings.NewReader(b.String()), meta)); err != nil {
		return outputError(err, out)
	}
	s.update(lq, func(x *execution) {
		x.ResultFile, x.ResultKind, x.Columns = out.uri(e.ID+".csv"), resultRows, cols
		x.OutputRows, x.OutputBytes = int64(len(rows)), int64(b.Len())
		if pl != nil {
			x.DataScanned = pl.scanned
		}
	})
	return nil
}

// runExecute runs a prepared statement with EXECUTE ... USING values (or
// the request's ExecutionParameters).
func (s *Service) runExecute(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	ps, err := s.preparedStatement(e.WorkGroup, st.name)
	if err != nil {
		return err
	}
	if ps == nil {
		return userError("NOT_FOUND", "%sPrepared statement not found: %s", lineCol(e.Query, 0), st.name)
	}
	params := st.using
	if len(params) == 0 {
		params = e.Params
	}
	inner, err := classify(ps.QueryStatement, params)
	if err != nil {
		if pe, ok := err.(*dialect.ParamCountError); ok {
			return userError("INVALID_PARAMETER_USAGE", "%s", pe.Error())
		}
		return &queryError{Name: "SYNTAX_ERROR", Message: err.Error(), Category: categoryUser, Type: typeUser}
	}
	switch inner.kind {
	case kindExecute, kindPrepare, kindDeallocate:
		return userError("NOT_SUPPORTED", "A prepared statement cannot %s", strings.ToLower(inner.substatement))
	}
	// The prepared text is what runs: errors and positions refer to it.
	e.Query = ps.QueryStatement
	return s.run(ctx, lq, inner)
}

// runPrepare stores PREPARE name FROM statement in the workgroup.
func (s *Service) runPrepare(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	if _, err := classify(st.location, nil); err != nil {
		if _, ok := err.(*dialect.ParamCountError); !ok {
			return &queryError{Name: "SYNTAX_ERROR", Message: err.Error(), Category: categoryUser, Type: typeUser}
		}
	}
	if err := s.putPreparedStatement(e.WorkGroup, st.name, st.location, "", true); err != nil {
		return err
	}
	return s.writeText(ctx, lq, e, &textResult{})
}

// runDeallocate removes a prepared statement.
func (s *Service) runDeallocate(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	ps, err := s.preparedStatement(e.WorkGroup, st.name)
	if err != nil {
		return err
	}
	if ps == nil {
		return userError("NOT_FOUND", "%sPrepared statement not found: %s", lineCol(e.Query, 0), st.name)
	}
	if err := s.kv.Delete(key("ps", e.WorkGroup, st.name)); err != nil {
		return err
	}
	return s.writeText(ctx, lq, e, &textResult{})
}
