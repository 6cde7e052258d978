package athena

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	"github.com/nubo-dev/nubo/internal/athena/results"
	"github.com/nubo-dev/nubo/internal/engine/objects"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// translate plans and translates a statement's query part.
func (s *Service) translate(ctx context.Context, e execution, st *statement) (*translated, *planner, error) {
	pl := &planner{s: s, ctx: ctx, sql: e.Query, database: e.Database, catalog: e.Catalog, preds: dialect.Predicates(st.query)}
	tr, err := dialect.TranslateQuery(st.parsed, st.query, pl.resolve)
	if err != nil {
		return nil, nil, err
	}
	if err := s.checkCutoff(e, pl.scanned); err != nil {
		return nil, nil, err
	}
	return &translated{orig: st.parsed.SQL, tr: tr}, pl, nil
}

// runQuery runs a SELECT and writes <id>.csv and <id>.csv.metadata.
func (s *Service) runQuery(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	start := time.Now()
	t, pl, err := s.translate(ctx, e, st)
	if err != nil {
		return err
	}
	planning := millisSince(start)
	out, _ := parseS3(e.OutputDir, true)
	// The result files are created while DuckDB runs, so that writing
	// them afterwards waits only for their data to reach the disk.
	pending := s.prepareResults(ctx, out.Bucket)
	defer pending.abort()
	s.logger.Debug("athena: running query", "id", e.ID, "sql", t.tr.SQL)
	sess, err := s.engine.Session(ctx)
	if err != nil {
		return err
	}
	defer sess.Close()
	rows, runSQL, err := queryRows(ctx, sess, t.tr.SQL)
	if err != nil {
		return s.wrapEngineError(err, runSQL, t)
	}
	defer rows.Close()
	if err := lq.awaitRecord(ctx); err != nil {
		return err
	}
	w, err := s.writeRows(ctx, out, e.ID, rows, pending)
	if err != nil {
		return s.wrapEngineError(err, runSQL, t)
	}
	s.update(lq, func(x *execution) {
		x.ResultFile, x.ResultKind, x.Columns = out.uri(e.ID+".csv"), resultRows, w.columns
		x.DataScanned, x.PlanningMillis, x.OutputRows, x.OutputBytes = pl.scanned, planning, w.rows, w.bytes
	})
	return nil
}

// queryRows runs a query. A result with types the driver cannot return
// as Athena does (JSON values, which Athena returns as text; rows with
// unnamed fields) is run again with those columns cast.
func queryRows(ctx context.Context, sess *sqlengine.Session, sql string) (*sqlengine.Rows, string, error) {
	rows, err := sess.Query(ctx, sql)
	if err != nil {
		return nil, sql, err
	}
	cols := rows.Columns()
	var casts []string
	for _, c := range cols {
		fixed, changed := outputType(c.Type)
		if !changed {
			casts = append(casts, "")
			continue
		}
		casts = append(casts, fixed.String())
	}
	if !anyNonEmpty(casts) {
		return rows, sql, nil
	}
	rows.Close()
	names := make([]string, len(cols))
	exprs := make([]string, len(cols))
	for i, c := range cols {
		names[i] = fmt.Sprintf("__c%d", i)
		exprs[i] = names[i]
		if casts[i] != "" {
			exprs[i] = "CAST(" + names[i] + " AS " + casts[i] + ")"
		}
		exprs[i] += " AS " + quoteIdent(c.Name)
	}
	wrapped := "SELECT " + strings.Join(exprs, ", ") + " FROM (" + sql + ") AS __q(" + strings.Join(names, ", ") + ")"
	rows, err = sess.Query(ctx, wrapped)
	return rows, wrapped, err
}

func anyNonEmpty(s []string) bool {
	for _, x := range s {
		if x != "" {
			return true
		}
	}
	return false
}

// outputType is the type a result column is read as: JSON becomes text
// and unnamed row fields are named field0, field1, ... (at any depth).
func outputType(t sqlengine.Type) (sqlengine.Type, bool) {
	switch t.ID {
	case "JSON":
		return sqlengine.Type{ID: "VARCHAR"}, true
	case "LIST", "ARRAY":
		e, ch := outputType(*t.Elem)
		t.Elem = &e
		return t, ch
	case "MAP":
		k, ch1 := outputType(*t.Key)
		v, ch2 := outputType(*t.Value)
		t.Key, t.Value = &k, &v
		return t, ch1 || ch2
	case "STRUCT":
		changed := false
		fields := make([]sqlengine.Field, len(t.Fields))
		for i, f := range t.Fields {
			ft, ch := outputType(f.Type)
			if f.Name == "" {
				f.Name, ch = fmt.Sprintf("field%d", i), true
			}
			f.Type, changed = ft, changed || ch
			fields[i] = f
		}
		t.Fields = fields
		return t, changed
	}
	return t, false
}

// wrapEngineError maps DuckDB errors onto the statement's text.
func (s *Service) wrapEngineError(err error, runSQL string, t *translated) error {
	var ee *sqlengine.Error
	if errors.As(err, &ee) {
		if ee.Interrupted() {
			return err
		}
		return engineError(ee, runSQL, t)
	}
	return err
}

// written describes a result file.
type written struct {
	columns []results.Column
	rows    int64
	bytes   int64
}

// engineQueryID is an id in the form of Trino's, for the metadata file.
func engineQueryID(t time.Time) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 5)
	for i := range b {
		b[i] = letters[rand.IntN(len(letters))]
	}
	return fmt.Sprintf("%s_%05d_%s", t.UTC().Format("20060102_150405"), rand.IntN(100000), b)
}

// countWriter counts bytes on their way to the object store.
type countWriter struct {
	w io.Writer
	n int64
	// failed is set when the store stopped reading.
	failed bool
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil {
		c.failed = true
	}
	return n, err
}

// writeRows streams rows into <id>.csv and writes <id>.csv.metadata beside it.
func (s *Service) writeRows(ctx context.Context, out s3Location, id string, rows *sqlengine.Rows, pending *pendingResults) (*written, error) {
	w := &written{}
	for _, c := range rows.Columns() {
		w.columns = append(w.columns, results.ColumnOf(c))
	}
	meta := results.MarshalMetadata(engineQueryID(s.now()), w.columns)
	pr, pw := io.Pipe()
	var renderErr error
	rendered := make(chan struct{})
	go func() {
		defer close(rendered)
		cw := &countWriter{w: pw}
		renderErr = renderCSV(cw, w, rows)
		w.bytes = cw.n
		pw.CloseWithError(renderErr)
		if cw.failed {
			renderErr = nil // the store's error is the one to report
		}
	}()
	// Both files become visible together, with one durable commit.
	_, err := pending.putMany(ctx, s.objects, out.Bucket, resultEntries(out, id, pr, meta))
	pr.CloseWithError(err)
	<-rendered
	if renderErr != nil {
		return nil, renderErr
	}
	if err != nil {
		return nil, outputError(err, out)
	}
	return w, nil
}

// pendingResults is a query's result pair being prepared in the object
// store (see objects.Store.PreparePutMany) while the query runs.
type pendingResults struct {
	ready chan struct{}
	p     objects.PendingPutMany // nil if preparing failed
}

// prepareResults starts preparing the two result files in bucket.
func (s *Service) prepareResults(ctx context.Context, bucket string) *pendingResults {
	pr := &pendingResults{ready: make(chan struct{})}
	go func() {
		defer close(pr.ready)
		if p, err := s.objects.PreparePutMany(ctx, bucket, 2); err == nil {
			pr.p = p
		}
	}()
	return pr
}

// putMany stores the result pair through the prepared put, or with a plain
// PutMany if preparing failed (whose error, such as a missing bucket, is
// then the one reported).
func (pr *pendingResults) putMany(ctx context.Context, store objects.Store, bucket string, entries []objects.PutEntry) ([]objects.Info, error) {
	<-pr.ready
	if pr.p == nil {
		return store.PutMany(ctx, bucket, entries)
	}
	return pr.p.PutMany(ctx, entries)
}

// abort gives up the prepared put if it was not used (after PutMany it
// does nothing).
func (pr *pendingResults) abort() {
	<-pr.ready
	if pr.p != nil {
		pr.p.Abort()
	}
}

// resultEntries are the objects of a SELECT's result: <id>.csv read from
// csv and <id>.csv.metadata holding meta.
func resultEntries(out s3Location, id string, csv io.Reader, meta []byte) []objects.PutEntry {
	return []objects.PutEntry{
		{Key: out.key(id + ".csv"), Body: csv, Options: objects.PutOptions{ContentType: "text/csv"}},
		{Key: out.key(id + ".csv.metadata"), Body: bytes.NewReader(meta)},
	}
}

func renderCSV(dst io.Writer, w *written, rows *sqlengine.Rows) error {
	cw := results.NewCSVWriter(dst)
	if err := cw.WriteHeader(w.columns); err != nil {
		return err
	}
	cols := rows.Columns()
	row := make([]results.Value, len(cols))
	for rows.Next() {
		for i, v := range rows.Values() {
			text, ok := results.Render(v, cols[i].Type)
			row[i] = results.Value{Text: text, Null: !ok}
		}
		if err := cw.WriteRow(row); err != nil {
			return err
		}
		w.rows++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return cw.Flush()
}

// outputError is a failure to write results to S3.
func outputError(err error, out s3Location) error {
	if errors.Is(err, objects.ErrNoSuchBucket) {
		return &queryError{Message: "Unable to verify/create output bucket " + out.Bucket, Category: categoryUser, Type: typeWriteResults}
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &queryError{Name: "GENERIC_INTERNAL_ERROR", Message: "Error writing query results to " + out.String() + ": " + err.Error(),
		Category: categorySystem, Type: typeWriteResults}
}

// checkCutoff enforces the workgroup's BytesScannedCutoffPerQuery: nubo
// knows the bytes a query reads before it runs, so it refuses up front.
func (s *Service) checkCutoff(e execution, scanned int64) error {
	wg, err := s.workGroup(e.WorkGroup)
	if err != nil || wg.WorkGroup.Configuration == nil || wg.WorkGroup.Configuration.BytesScannedCutoffPerQuery == nil {
		return nil
	}
	if limit := *wg.WorkGroup.Configuration.BytesScannedCutoffPerQuery; scanned > limit {
		return &queryError{Message: fmt.Sprintf("Query cancelled! : Bytes scanned limit was exceeded (%d bytes to scan, limit %d)", scanned, limit),
			Category: categoryUser, Type: typeUser}
	}
	return nil
}
