package athena

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/nubo-dev/nubo/internal/engine/objects"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// writeFormat is how CTAS, INSERT and UNLOAD write data.
type writeFormat struct {
	// Kind is "parquet", "json" or "textfile".
	Kind        string
	Compression string // engine codec name: gzip, snappy, zstd, none/uncompressed
	Delimiter   string
	// Quote is set for OpenCSVSerde tables.
	Quote string
}

// parseWriteFormat reads format/write_compression/field_delimiter properties.
func parseWriteFormat(props map[string]string) (writeFormat, error) {
	f := writeFormat{Kind: strings.ToLower(orDefault(props["format"], "parquet")), Delimiter: "\x01"}
	switch f.Kind {
	case "parquet", "json", "textfile":
	case "orc", "avro", "ion":
		return f, userError("NOT_SUPPORTED", "%s output is not supported by nubo (PARQUET, JSON and TEXTFILE are)", strings.ToUpper(f.Kind))
	default:
		return f, userError("INVALID_TABLE_PROPERTY", "Invalid value for format: %s", props["format"])
	}
	if d, ok := props["field_delimiter"]; ok {
		f.Delimiter = d
	}
	c := props["write_compression"]
	if c == "" {
		c = props["parquet_compression"]
	}
	if c == "" {
		c = props["compression"]
	}
	var err error
	if f.Compression, err = codec(f.Kind, c); err != nil {
		return f, err
	}
	return f, nil
}

// codec maps Athena's compression names to the engine's.
func codec(kind, c string) (string, error) {
	switch strings.ToUpper(c) {
	case "", "GZIP":
		return "gzip", nil
	case "SNAPPY":
		if kind == "parquet" {
			return "snappy", nil
		}
	case "ZSTD":
		return "zstd", nil
	case "NONE", "UNCOMPRESSED":
		if kind == "parquet" {
			return "uncompressed", nil
		}
		return "none", nil
	}
	return "", userError("NOT_SUPPORTED", "Compression %s is not supported by nubo for %s output", c, strings.ToUpper(kind))
}

func (f writeFormat) exportOptions(prefix string, partitionBy []string) sqlengine.ExportOptions {
	o := sqlengine.ExportOptions{Compression: f.Compression, PartitionBy: partitionBy, FilePrefix: prefix, Null: `\N`}
	switch f.Kind {
	case "parquet":
		o.Format = "parquet"
	case "json":
		o.Format = "json"
	default:
		o.Format, o.Delimiter, o.Quote = "csv", f.Delimiter, f.Quote
		if f.Quote != "" {
			o.Null = ""
		}
	}
	return o
}

// uploaded is the result of storing an export in S3.
type uploaded struct {
	uris []string
	// dirs are the partition directories written ("dt=2024-01-01/").
	dirs []string
	rows int64
}

// exportTo runs query into files and stores them under loc.
func (s *Service) exportTo(ctx context.Context, sess *sqlengine.Session, query string, opts sqlengine.ExportOptions, loc s3Location) (*uploaded, error) {
	x, err := sess.Export(ctx, s.tempDir, query, opts)
	if err != nil {
		return nil, err
	}
	defer x.Remove()
	up := &uploaded{rows: x.Rows}
	seen := map[string]bool{}
	for _, f := range x.Files {
		if err := s.uploadFile(ctx, x, f.Name, loc); err != nil {
			return nil, err
		}
		up.uris = append(up.uris, loc.uri(f.Name))
		if dir := path.Dir(f.Name); dir != "." && !seen[dir] {
			seen[dir] = true
			up.dirs = append(up.dirs, dir+"/")
		}
	}
	return up, nil
}

func (s *Service) uploadFile(ctx context.Context, x *sqlengine.Export, name string, loc s3Location) error {
	r, err := x.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	if _, err := s.objects.Put(ctx, loc.Bucket, loc.key(name), r, objects.PutOptions{}); err != nil {
		return outputError(err, loc)
	}
	return nil
}

// writeManifest stores <id>-manifest.csv listing the files written.
func (s *Service) writeManifest(ctx context.Context, e execution, uris []string) (string, error) {
	out, _ := parseS3(e.OutputDir, true)
	body := ""
	for _, u := range uris {
		body += u + "\n"
	}
	name := e.ID + "-manifest.csv"
	if _, err := s.objects.Put(ctx, out.Bucket, out.key(name), strings.NewReader(body), objects.PutOptions{ContentType: "text/csv"}); err != nil {
		return "", outputError(err, out)
	}
	return out.uri(name), nil
}

// locationEmpty checks that nothing is stored under loc yet.
func (s *Service) locationEmpty(ctx context.Context, loc s3Location) (bool, error) {
	empty := true
	err := s.objects.List(ctx, loc.Bucket, loc.Prefix, func(objects.Info) bool {
		empty = false
		return false
	})
	if err != nil && !isNoBucket(err) {
		return false, err
	}
	return empty, nil
}

func isNoBucket(err error) bool { return errors.Is(err, objects.ErrNoSuchBucket) }

// hiveType is the Hive DDL type of a DuckDB column type.
func hiveType(t sqlengine.Type) (string, error) {
	switch t.ID {
	case "BOOLEAN":
		return "boolean", nil
	case "TINYINT":
		return "tinyint", nil
	case "SMALLINT", "UTINYINT":
		return "smallint", nil
	case "INTEGER", "USMALLINT":
		return "int", nil
	case "BIGINT", "HUGEINT", "UINTEGER", "UBIGINT", "UHUGEINT":
		return "bigint", nil
	case "FLOAT":
		return "float", nil
	case "DOUBLE":
		return "double", nil
	case "DECIMAL":
		return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale), nil
	case "VARCHAR", "JSON", "UUID", "ENUM":
		return "string", nil
	case "BLOB":
		return "binary", nil
	case "DATE":
		return "date", nil
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ":
		return "timestamp", nil
	case "LIST", "ARRAY":
		e, err := hiveType(*t.Elem)
		return "array<" + e + ">", err
	case "MAP":
		k, err := hiveType(*t.Key)
		if err != nil {
			return "", err
		}
		v, err := hiveType(*t.Value)
		return "map<" + k + "," + v + ">", err
	case "STRUCT":
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			ft, err := hiveType(f.Type)
			if err != nil {
				return "", err
			}
			parts[i] = strings.ToLower(f.Name) + ":" + ft
		}
		return "struct<" + strings.Join(parts, ",") + ">", nil
	case `"NULL"`, "NULL":
		return "", userError("NOT_SUPPORTED", "Unsupported Hive type: unknown (a NULL literal needs a CAST)")
	}
	return "", userError("NOT_SUPPORTED", "Unsupported Hive type: %s", strings.ToLower(t.String()))
}

// storable casts columns to types the output format keeps: HUGEINT (from
// sum) to BIGINT, JSON and UUID to text, lists to Hive's delimited form in
// text files. It returns the SELECT over "(query)".
func storable(query string, cols []sqlengine.Column, kind string) (string, error) {
	exprs := make([]string, len(cols))
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = fmt.Sprintf("__c%d", i)
		ref := names[i]
		switch t := c.Type; {
		case t.ID == "HUGEINT" || t.ID == "UHUGEINT" || t.ID == "UBIGINT":
			ref = "CAST(" + ref + " AS BIGINT)"
		case t.ID == "JSON" || t.ID == "UUID":
			ref = "CAST(" + ref + " AS VARCHAR)"
		case kind == "textfile" && (t.ID == "LIST" || t.ID == "ARRAY"):
			ref = "array_to_string(" + ref + ", '\x02')"
		case kind == "textfile" && (t.ID == "MAP" || t.ID == "STRUCT"):
			return "", userError("NOT_SUPPORTED", "Writing %s columns to TEXTFILE is not supported by nubo", strings.ToLower(t.ID))
		case kind == "textfile" && (t.ID == "TIMESTAMP" || t.ID == "TIMESTAMP WITH TIME ZONE"):
			ref = "strftime(" + ref + ", '%Y-%m-%d %H:%M:%S.%g')"
		}
		exprs[i] = ref + " AS " + quoteIdent(c.Name)
	}
	return "SELECT " + strings.Join(exprs, ", ") + " FROM (" + query + ") AS __q(" + strings.Join(names, ", ") + ")", nil
}
