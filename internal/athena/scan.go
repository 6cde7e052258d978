package athena

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// fileColumn names the column that carries each row's file, to join
// partition values.
const fileColumn = "__nubo_file"

// compressionOf is a file's codec from its key's extension (Athena decides
// the same way), or the table's compressionType for unsuffixed text files.
func compressionOf(key string, f tableFormat) (string, error) {
	switch strings.ToLower(path.Ext(key)) {
	case ".gz", ".gzip":
		return "gzip", nil
	case ".zst", ".zstd":
		return "zstd", nil
	case ".bz2", ".lz4", ".snappy", ".deflate", ".lzo":
		return "", fmt.Errorf("compression %s is not supported by nubo (gzip and zstd are)", path.Ext(key))
	}
	switch f.Compression {
	case "gzip", "zstd":
		return f.Compression, nil
	}
	return "none", nil
}

// scanSQL builds "(SELECT columns FROM files...)" for a table.
func (p *planner) scanSQL(t *awsglue.Table, f tableFormat, cols, keys []column, files []dataFile) (string, error) {
	if len(files) == 0 {
		return emptyScan(cols, keys), nil
	}
	partitioned := len(keys) > 0
	groups := map[string][]dataFile{}
	for _, fl := range files {
		c := "none"
		if f.Kind != "parquet" {
			var err error
			if c, err = compressionOf(fl.Key, f); err != nil {
				return "", userError("NOT_SUPPORTED", "%s", err.Error())
			}
		}
		groups[c] = append(groups[c], fl)
	}
	codecs := make([]string, 0, len(groups))
	for c := range groups {
		codecs = append(codecs, c)
	}
	sort.Strings(codecs)
	var readers []string
	var proj []string
	for _, c := range codecs {
		r, pr, err := p.reader(f, cols, groups[c], c, partitioned)
		if err != nil {
			return "", err
		}
		readers, proj = append(readers, r), pr
	}
	var b strings.Builder
	b.WriteString("(SELECT ")
	b.WriteString(strings.Join(proj, ", "))
	for _, k := range keys {
		fmt.Fprintf(&b, ", %s AS %s", partitionExpr("__p."+quoteIdent(k.Name), k), quoteIdent(k.Name))
	}
	b.WriteString(" FROM (")
	b.WriteString(strings.Join(readers, " UNION ALL BY NAME "))
	b.WriteString(") AS __s")
	if partitioned {
		b.WriteString(" JOIN (VALUES ")
		for i, fl := range files {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + sqlQuote(fl.Path))
			for _, v := range fl.Values {
				b.WriteString(", " + sqlQuote(v))
			}
			b.WriteString(")")
		}
		b.WriteString(") AS __p(__f")
		for _, k := range keys {
			b.WriteString(", " + quoteIdent(k.Name))
		}
		b.WriteString(") ON __s." + fileColumn + " = __p.__f")
	}
	b.WriteString(")")
	return b.String(), nil
}

// partitionExpr converts a partition value (text) to the key's type.
func partitionExpr(ref string, k column) string {
	v := "NULLIF(" + ref + ", " + sqlQuote(hiveDefaultPartition) + ")"
	if k.DuckType == "VARCHAR" {
		return v
	}
	return "TRY_CAST(" + v + " AS " + k.DuckType + ")"
}

// emptyScan is a table with no files: its columns and no rows.
func emptyScan(cols, keys []column) string {
	var parts []string
	for _, c := range append(append([]column(nil), cols...), keys...) {
		parts = append(parts, "CAST(NULL AS "+c.DuckType+") AS "+quoteIdent(c.Name))
	}
	return "(SELECT " + strings.Join(parts, ", ") + " WHERE false)"
}

func pathList(files []dataFile) string {
	q := make([]string, len(files))
	for i, f := range files {
		q[i] = sqlQuote(f.Path)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// reader returns one table function over files of one codec, and the
// projection (over its output, aliased __s) that yields the table's columns.
func (p *planner) reader(f tableFormat, cols []column, files []dataFile, codec string, withFile bool) (string, []string, error) {
	fileOpt := ""
	if withFile {
		fileOpt = ", filename=" + sqlQuote(fileColumn)
	}
	switch f.Kind {
	case "parquet":
		return p.parquetReader(cols, files, fileOpt)
	case "json":
		return p.jsonReader(f, cols, files, codec, fileOpt)
	}
	var spec, proj []string
	for i, c := range cols {
		raw := fmt.Sprintf("c%d", i)
		spec = append(spec, sqlQuote(raw)+": 'VARCHAR'")
		proj = append(proj, textExpr("__s."+raw, c, f)+" AS "+quoteIdent(c.Name))
	}
	quote, escape, null := "", "", f.Null
	if f.Kind == "opencsv" {
		// OpenCSVSerde has no NULL marker: empty fields are empty strings.
		quote, escape, null = f.Quote, f.Escape, "\x01NUBO-NO-NULL\x01"
	}
	if len(cols) == 0 {
		spec = append(spec, "'c0': 'VARCHAR'")
	}
	r := fmt.Sprintf("SELECT * FROM read_csv(%s, columns={%s}, header=false, auto_detect=false, delim=%s, quote=%s, escape=%s, "+
		"nullstr=%s, null_padding=true, strict_mode=false, skip=%d, compression=%s, hive_partitioning=false, max_line_size=16777216%s)",
		pathList(files), strings.Join(spec, ", "), sqlQuote(f.Delim), sqlQuote(quote), sqlQuote(escape), sqlQuote(null),
		f.SkipHeader, sqlQuote(codec), fileOpt)
	return r, proj, nil
}

// parquetReader reads Parquet by column name (as Athena does), casting
// where the file's type differs from the declared one.
func (p *planner) parquetReader(cols []column, files []dataFile, fileOpt string) (string, []string, error) {
	schema, err := p.s.parquetSchema(p.ctx, files[0])
	if err != nil {
		return "", nil, err
	}
	var proj []string
	for _, c := range cols {
		ft, ok := schema[c.Name]
		switch {
		case !ok:
			proj = append(proj, "CAST(NULL AS "+c.DuckType+") AS "+quoteIdent(c.Name))
		case ft == c.DuckType:
			proj = append(proj, "__s."+quoteIdent(c.Name))
		default:
			proj = append(proj, "CAST(__s."+quoteIdent(c.Name)+" AS "+c.DuckType+") AS "+quoteIdent(c.Name))
		}
	}
	union := ""
	if len(files) > 1 {
		union = ", union_by_name=true"
	}
	return fmt.Sprintf("SELECT * FROM read_parquet(%s, hive_partitioning=false%s%s)", pathList(files), union, fileOpt), proj, nil
}

// jsonReader reads JSON lines. Keys match columns regardless of case (the
// openx SerDe's default), so the columns are named as the first file
// spells them.
func (p *planner) jsonReader(f tableFormat, cols []column, files []dataFile, codec, fileOpt string) (string, []string, error) {
	keys, err := p.s.jsonKeys(p.ctx, files[0], codec)
	if err != nil {
		return "", nil, err
	}
	var spec, proj []string
	for _, c := range cols {
		name := c.Name
		if k, ok := keys[c.Name]; ok {
			name = k
		}
		spec = append(spec, sqlQuote(name)+": "+sqlQuote(c.DuckType))
		proj = append(proj, "__s."+quoteIdent(name)+" AS "+quoteIdent(c.Name))
	}
	ignore := ""
	if f.IgnoreMalformedJSON {
		ignore = ", ignore_errors=true"
	}
	r := fmt.Sprintf("SELECT * FROM read_json(%s, columns={%s}, format='newline_delimited', compression=%s, hive_partitioning=false, maximum_object_size=67108864%s%s)",
		pathList(files), strings.Join(spec, ", "), sqlQuote(jsonCodec(codec)), ignore, fileOpt)
	return r, proj, nil
}

// fileKey identifies a file version for the schema caches.
func fileKey(f dataFile) string { return fmt.Sprintf("%s\x00%d", f.Path, f.Size) }

// parquetSchema returns a Parquet file's top-level columns (lower-cased
// name → DuckDB type), cached per file.
func (s *Service) parquetSchema(ctx context.Context, f dataFile) (map[string]string, error) {
	if v, ok := s.schemas.Load("p" + fileKey(f)); ok {
		return v.(map[string]string), nil
	}
	sess, err := s.engine.Session(ctx)
	if err != nil {
		return nil, err
	}
	defer sess.Close()
	cols, err := sess.Describe(ctx, "SELECT * FROM read_parquet("+sqlQuote(f.Path)+", hive_partitioning=false)")
	if err != nil {
		return nil, dataError(err, f.Key)
	}
	out := map[string]string{}
	for _, c := range cols {
		out[strings.ToLower(c.Name)] = c.Type.String()
	}
	s.schemas.Store("p"+fileKey(f), out)
	return out, nil
}

// jsonKeys returns the top-level keys of a JSON-lines file (lower-cased →
// as written), sampled by DuckDB and cached per file.
func (s *Service) jsonKeys(ctx context.Context, f dataFile, codec string) (map[string]string, error) {
	if v, ok := s.schemas.Load("j" + fileKey(f)); ok {
		return v.(map[string]string), nil
	}
	sess, err := s.engine.Session(ctx)
	if err != nil {
		return nil, err
	}
	defer sess.Close()
	out := map[string]string{}
	cols, err := sess.Describe(ctx, "SELECT * FROM read_json("+sqlQuote(f.Path)+", format='newline_delimited', compression="+
		sqlQuote(jsonCodec(codec))+", hive_partitioning=false, ignore_errors=true, maximum_object_size=67108864)")
	if err == nil {
		for _, c := range cols {
			out[strings.ToLower(c.Name)] = c.Name
		}
	}
	s.schemas.Store("j"+fileKey(f), out)
	return out, nil
}

// dataError reports a file nubo could not read.
func dataError(err error, key string) error {
	var se *sqlengine.Error
	if errors.As(err, &se) {
		return &queryError{Name: "HIVE_BAD_DATA", Message: fmt.Sprintf("Error reading file %s: %s", key, se.Message), Category: categoryUser, Type: typeData}
	}
	return err
}

// jsonCodec is read_json's name for a codec.
func jsonCodec(c string) string {
	if c == "none" {
		return "uncompressed"
	}
	return c
}
