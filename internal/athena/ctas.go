package athena

import (
	"context"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/results"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// describeQuery translates a statement's query and binds it, returning
// its columns (failing as a query would).
func (s *Service) describeQuery(ctx context.Context, sess *sqlengine.Session, e execution, st *statement) (*translated, *planner, []sqlengine.Column, error) {
	t, pl, err := s.translate(ctx, e, st)
	if err != nil {
		return nil, nil, nil, err
	}
	cols, err := sess.Describe(ctx, t.tr.SQL)
	if err != nil {
		return nil, nil, nil, s.wrapEngineError(err, "DESCRIBE "+t.tr.SQL, t)
	}
	return t, pl, cols, nil
}

// finishUpdate records a data-writing statement's outcome.
func (s *Service) finishUpdate(ctx context.Context, lq *liveQuery, e execution, pl *planner, up *uploaded) error {
	manifest, err := s.writeManifest(ctx, e, up.uris)
	if err != nil {
		return err
	}
	out, _ := parseS3(e.OutputDir, true)
	s.update(lq, func(x *execution) {
		x.ResultKind, x.UpdateCount, x.ManifestFile = resultUpdate, up.rows, manifest
		x.ResultFile = out.uri(e.ID + ".csv")
		x.Columns = []results.Column{{Name: "rows", Type: "bigint", Precision: 19}}
		if pl != nil {
			x.DataScanned = pl.scanned
		}
	})
	return nil
}

// runCTAS runs CREATE TABLE ... AS SELECT.
func (s *Service) runCTAS(ctx context.Context, lq *liveQuery, e execution, st *statement) error {
	db, name := st.target.Database, st.target.Table
	if db == "" {
		db = e.Database
	}
	pos := lineCol(e.Query, 0)
	if _, err := s.catalog.GetDatabase(ctx, db); err != nil {
		return userError("SCHEMA_NOT_FOUND", "%sSchema '%s' does not exist", pos, db)
	}
	if _, err := s.catalog.GetTable(ctx, db, name); err == nil {
		if st.props["__if_not_exists"] == "true" {
			return s.finishUpdate(ctx, lq, e, nil, &uploaded{})
		}
		return userError("TABLE_ALREADY_EXISTS", "%sDestination table 'awsdatacatalog.%s.%s' already exists", pos, db, name)
	}
	if _, ok := st.props["bucketed_by"]; ok {
		return userError("NOT_SUPPORTED", "Bucketed tables (bucketed_by) are not supported by nubo")
	}
	if tt := st.props["table_type"]; tt != "" && !strings.EqualFold(tt, "HIVE") {
		return userError("NOT_SUPPORTED", "table_type %s is not supported by nubo", tt)
	}
	wf, err := parseWriteFormat(st.props)
	if err != nil {
		return err
	}
	loc, err := s.ctasLocation(ctx, e, st, db, name)
	if err != nil {
		return err
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
	dataCols, keyCols, err := splitPartitionColumns(cols, parts)
	if err != nil {
		return err
	}
	up := &uploaded{}
	if st.withData {
		query, err := storable(t.tr.SQL, cols, wf.Kind)
		if err != nil {
			return err
		}
		up, err = s.exportTo(ctx, sess, query, wf.exportOptions(engineQueryID(s.now()), parts), loc)
		if err != nil {
			return s.wrapEngineError(err, query, t)
		}
	}
	in, err := ctasTable(name, loc, wf, dataCols, keyCols)
	if err != nil {
		return err
	}
	if err := s.catalog.CreateTable(ctx, db, in); err != nil {
		return err
	}
	if err := s.addPartitionDirs(ctx, db, name, up.dirs); err != nil {
		return err
	}
	return s.finishUpdate(ctx, lq, e, pl, up)
}

// ctasLocation is external_location, or <output>/tables/<id>/; it must be empty.
func (s *Service) ctasLocation(ctx context.Context, e execution, st *statement, db, name string) (s3Location, error) {
	raw := st.props["external_location"]
	if raw == "" {
		out, _ := parseS3(e.OutputDir, true)
		raw = out.uri("tables/" + e.ID + "/")
	}
	loc, ok := parseS3(raw, true)
	if !ok {
		return loc, userError("INVALID_TABLE_PROPERTY", "external_location is not a valid S3 path: %s", raw)
	}
	empty, err := s.locationEmpty(ctx, loc)
	if err != nil {
		return loc, err
	}
	if !empty {
		return loc, userError("HIVE_PATH_ALREADY_EXISTS", "Target directory for table '%s.%s' already exists: %s", db, name, raw)
	}
	return loc, nil
}

func splitList(v string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		out = append(out, strings.ToLower(strings.TrimSpace(p)))
	}
	return out
}

// splitPartitionColumns checks that the partition columns come last, in
// order, as Athena requires.
func splitPartitionColumns(cols []sqlengine.Column, parts []string) ([]sqlengine.Column, []sqlengine.Column, error) {
	if len(parts) == 0 {
		return cols, nil, nil
	}
	n := len(cols) - len(parts)
	ok := n > 0
	for i := 0; ok && i < len(parts); i++ {
		ok = strings.EqualFold(cols[n+i].Name, parts[i])
	}
	if !ok {
		return nil, nil, userError("HIVE_COLUMN_ORDER_MISMATCH", "Partition keys must be the last columns in the table and in the same order as the table properties: [%s]", strings.Join(parts, ", "))
	}
	return cols[:n], cols[n:], nil
}

// ctasTable is the catalog entry for a CTAS table.
func ctasTable(name string, loc s3Location, wf writeFormat, data, keys []sqlengine.Column) (awsglue.TableInput, error) {
	toGlue := func(cols []sqlengine.Column) ([]awsglue.Column, error) {
		out := make([]awsglue.Column, len(cols))
		for i, c := range cols {
			ht, err := hiveType(c.Type)
			if err != nil {
				return nil, err
			}
			out[i] = awsglue.Column{Name: strings.ToLower(c.Name), Type: ht}
		}
		return out, nil
	}
	dc, err := toGlue(data)
	if err != nil {
		return awsglue.TableInput{}, err
	}
	kc, err := toGlue(keys)
	if err != nil {
		return awsglue.TableInput{}, err
	}
	sd := &awsglue.StorageDescriptor{Columns: dc, Location: loc.String(), Compressed: new(bool), StoredAsSubDirectories: new(bool)}
	buckets := int32(-1)
	sd.NumberOfBuckets = &buckets
	params := map[string]string{"EXTERNAL": "TRUE", "has_encrypted_data": "false"}
	switch wf.Kind {
	case "parquet":
		sd.InputFormat, sd.OutputFormat = inputParquet, outputParquet
		sd.SerdeInfo = &awsglue.SerDeInfo{SerializationLibrary: serdeParquet, Parameters: map[string]string{"serialization.format": "1"}}
		params["parquet.compression"] = strings.ToUpper(wf.Compression)
	case "json":
		sd.InputFormat, sd.OutputFormat = inputText, outputText
		sd.SerdeInfo = &awsglue.SerDeInfo{SerializationLibrary: serdeHiveJSON}
	default:
		sd.InputFormat, sd.OutputFormat = inputText, outputText
		sd.SerdeInfo = &awsglue.SerDeInfo{SerializationLibrary: serdeLazySimple,
			Parameters: map[string]string{"field.delim": wf.Delimiter, "serialization.format": wf.Delimiter}}
	}
	return awsglue.TableInput{Name: name, TableType: "EXTERNAL_TABLE", Parameters: params, PartitionKeys: kc, StorageDescriptor: sd}, nil
}

// addPartitionDirs registers the Hive-style directories an export wrote
// as partitions (those that already exist are kept).
func (s *Service) addPartitionDirs(ctx context.Context, db, name string, dirs []string) error {
	if len(dirs) == 0 {
		return nil
	}
	t, err := s.catalog.GetTable(ctx, db, name)
	if err != nil {
		return err
	}
	loc, _ := parseS3(t.StorageDescriptor.Location, true)
	var inputs []awsglue.PartitionInput
	for _, dir := range dirs {
		var values []string
		for _, kv := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
			_, v, _ := strings.Cut(kv, "=")
			values = append(values, unescapePath(v))
		}
		if len(values) != len(t.PartitionKeys) {
			continue
		}
		inputs = append(inputs, partitionInput(t, values, loc.uri(dir)))
	}
	for start := 0; start < len(inputs); start += 100 {
		if _, err := s.catalog.BatchCreatePartition(ctx, db, name, inputs[start:min(start+100, len(inputs))]); err != nil {
			return err
		}
	}
	return nil
}

// unescapePath decodes the %XX escapes DuckDB writes in partition directory names.
func unescapePath(v string) string {
	if !strings.Contains(v, "%") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && i+2 < len(v) {
			if c, err := strconv.ParseUint(v[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(c))
				i += 2
				continue
			}
		}
		b.WriteByte(v[i])
	}
	return b.String()
}
