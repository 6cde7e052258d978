package athena

import (
	"context"
	"fmt"
	"strings"
)

// runInsert runs INSERT INTO table [(columns)] query: it writes new files
// into the table's location (and partition directories) in the table's format.
func (s *Service) runInsert(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	db, name := st.target.Database, st.target.Table
	if db == "" {
		db = e.Database
	}
	pl := &planner{s: s, ctx: ctx, sql: e.Query, database: e.Database}
	tbl, err := pl.table(db, name, st.parsed.Nodes[2].Tok.Pos)
	if err != nil {
		return err
	}
	f, err := formatOf(tbl)
	if err != nil {
		return userError("NOT_SUPPORTED", "%s", err.Error())
	}
	wf := writeFormat{Kind: "parquet", Compression: "gzip"}
	switch f.Kind {
	case "json":
		wf.Kind = "json"
	case "csv":
		wf.Kind, wf.Delimiter, wf.Compression = "textfile", f.Delim, "none"
	case "opencsv":
		wf.Kind, wf.Delimiter, wf.Quote, wf.Compression = "textfile", f.Delim, f.Quote, "none"
	}
	if c := strings.ToLower(tbl.Parameters["parquet.compression"]); wf.Kind == "parquet" && c != "" {
		if wf.Compression, err = codec("parquet", c); err != nil {
			return err
		}
	}
	cols, _ := columnsOf(tbl.StorageDescriptor.Columns)
	keys, _ := columnsOf(tbl.PartitionKeys)
	target := append(append([]column(nil), cols...), keys...)
	sess, err := s.engine.Session(ctx)
	if err != nil {
		return err
	}
	defer sess.Close()
	t, qpl, qcols, err := s.describeQuery(ctx, sess, e, st)
	if err != nil {
		return err
	}
	query, err := insertSelect(e, db, name, t.tr.SQL, target, st.columns, len(qcols), wf.Kind)
	if err != nil {
		return err
	}
	loc, ok := parseS3(tbl.StorageDescriptor.Location, true)
	if !ok {
		return userError("HIVE_METASTORE_ERROR", "Table %s.%s has no valid S3 location", db, name)
	}
	var parts []string
	for _, k := range keys {
		parts = append(parts, k.Name)
	}
	up, err := s.exportTo(ctx, sess, query, wf.exportOptions(engineQueryID(s.now()), parts), loc)
	if err != nil {
		return s.wrapEngineError(err, query, t)
	}
	if err := s.addPartitionDirs(ctx, db, name, up.dirs); err != nil {
		return err
	}
	qpl.scanned += pl.scanned
	return s.finishUpdate(ctx, lq, e, qpl, up)
}

// insertSelect maps the query's columns, by position, onto the target
// table's columns (or the listed ones; others are NULL), cast to their types.
func insertSelect(e execution, db, name, query string, target []column, listed []string, n int, kind string) (string, error) {
	want := len(target)
	if len(listed) > 0 {
		want = len(listed)
	}
	if n != want {
		return "", userError("TYPE_MISMATCH", "%sInsert query has %d columns, target table 'awsdatacatalog.%s.%s' has %d columns", lineCol(e.Query, 0), n, db, name, want)
	}
	pos := map[string]int{}
	for i, c := range listed {
		pos[c] = i
	}
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("__c%d", i)
	}
	exprs := make([]string, len(target))
	for i, c := range target {
		src := i
		if len(listed) > 0 {
			p, ok := pos[c.Name]
			if !ok {
				exprs[i] = "CAST(NULL AS " + c.DuckType + ") AS " + quoteIdent(c.Name)
				continue
			}
			src = p
		}
		ref := "CAST(" + names[src] + " AS " + c.DuckType + ")"
		if kind == "textfile" && strings.HasSuffix(c.DuckType, "[]") {
			ref = "array_to_string(" + ref + ", '\x02')"
		} else if kind == "textfile" && c.DuckType == "TIMESTAMP" {
			ref = "strftime(" + ref + ", '%Y-%m-%d %H:%M:%S.%g')"
		}
		exprs[i] = ref + " AS " + quoteIdent(c.Name)
	}
	for _, c := range listed {
		found := false
		for _, t := range target {
			found = found || t.Name == c
		}
		if !found {
			return "", userError("COLUMN_NOT_FOUND", "%sInsert column name does not exist in target table: %s", lineCol(e.Query, 0), c)
		}
	}
	return "SELECT " + strings.Join(exprs, ", ") + " FROM (" + query + ") AS __q(" + strings.Join(names, ", ") + ")", nil
}
