package athena

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// SerDe and format classes Athena writes into the catalog.
const (
	serdeLazySimple = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"
	serdeOpenCSV    = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
	serdeOpenxJSON  = "org.openx.data.jsonserde.JsonSerDe"
	serdeHiveJSON   = "org.apache.hive.hcatalog.data.JsonSerDe"
	serdeParquet    = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
	serdeORC        = "org.apache.hadoop.hive.ql.io.orc.OrcSerde"
	serdeAvro       = "org.apache.hadoop.hive.serde2.avro.AvroSerDe"
	inputText       = "org.apache.hadoop.mapred.TextInputFormat"
	outputText      = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
	inputParquet    = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
	outputParquet   = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
	inputORC        = "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat"
	outputORC       = "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat"
)

// tableFormat is how a table's files are read.
type tableFormat struct {
	// Kind is "csv" (delimited text, LazySimpleSerDe), "opencsv", "json" or "parquet".
	Kind string
	// Delimited text settings.
	Delim, Quote, Escape, Null   string
	CollectionDelim, MapKeyDelim string
	SkipHeader                   int
	// Compression is a table-level codec ("gzip", ...) for files whose
	// names carry no extension.
	Compression         string
	IgnoreMalformedJSON bool
}

// formatOf decides how to read a table from its storage descriptor.
func formatOf(t *awsglue.Table) (tableFormat, error) {
	sd := t.StorageDescriptor
	if sd == nil {
		return tableFormat{}, fmt.Errorf("table %s has no storage descriptor", t.Name)
	}
	lib, input := "", sd.InputFormat
	params := map[string]string{}
	if sd.SerdeInfo != nil {
		lib = sd.SerdeInfo.SerializationLibrary
		params = sd.SerdeInfo.Parameters
	}
	tp := t.Parameters
	f := tableFormat{Compression: strings.ToLower(tp["compressionType"])}
	if n, err := strconv.Atoi(tp["skip.header.line.count"]); err == nil && n > 0 {
		f.SkipHeader = n
	}
	classification := strings.ToLower(tp["classification"])
	switch {
	case strings.Contains(strings.ToLower(lib), "parquet") || strings.Contains(strings.ToLower(input), "parquet") || classification == "parquet":
		f.Kind = "parquet"
	case strings.Contains(strings.ToLower(lib), "orc") || strings.Contains(strings.ToLower(input), "orc") || classification == "orc":
		return f, fmt.Errorf("ORC tables are not supported by nubo")
	case strings.Contains(strings.ToLower(lib), "avro") || classification == "avro":
		return f, fmt.Errorf("Avro tables are not supported by nubo")
	case strings.Contains(strings.ToLower(lib), "json") || classification == "json":
		f.Kind = "json"
		f.IgnoreMalformedJSON = strings.EqualFold(params["ignore.malformed.json"], "true")
	case lib == serdeOpenCSV:
		f.Kind = "opencsv"
		f.Delim = orDefault(params["separatorChar"], ",")
		f.Quote = orDefault(params["quoteChar"], `"`)
		f.Escape = orDefault(params["escapeChar"], `\`)
	default:
		f.Kind = "csv"
		f.Delim = hiveByte(orDefault(params["field.delim"], params["serialization.format"]), "\x01")
		f.Escape = params["escape.delim"]
		f.Null = orDefault(params["serialization.null.format"], `\N`)
		f.CollectionDelim = hiveByte(params["collection.delim"], "\x02")
		f.MapKeyDelim = hiveByte(params["mapkey.delim"], "\x03")
	}
	return f, nil
}

// hiveByte reads a delimiter property as Hive does: a number is a byte
// value ("1" is Ctrl-A, "44" a comma), anything else is taken as written.
func hiveByte(v, def string) string {
	if v == "" {
		return def
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 128 {
		return string(rune(n))
	}
	return v
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// column is a table column: its name, Hive type and DuckDB type.
type column struct {
	Name     string
	HiveType string
	DuckType string
}

func columnsOf(cols []awsglue.Column) ([]column, error) {
	out := make([]column, 0, len(cols))
	for _, c := range cols {
		dt, err := dialect.HiveType(c.Type)
		if err != nil {
			return nil, fmt.Errorf("column %s: %v", c.Name, err)
		}
		out = append(out, column{Name: strings.ToLower(c.Name), HiveType: strings.ToLower(c.Type), DuckType: dt})
	}
	return out, nil
}

// textExpr converts a text column read as VARCHAR to its declared type the
// way Hive's text SerDes do: a value that does not parse is NULL.
func textExpr(ref string, c column, f tableFormat) string {
	switch {
	case c.DuckType == "VARCHAR":
		return ref
	case strings.HasSuffix(c.DuckType, "[]") && !strings.ContainsAny(strings.TrimSuffix(c.DuckType, "[]"), "[("):
		elem := strings.TrimSuffix(c.DuckType, "[]")
		conv := "lambda __v: TRY_CAST(__v AS " + elem + ")"
		if elem == "VARCHAR" {
			conv = "lambda __v: __v"
		}
		return "list_transform(string_split(" + ref + ", " + sqlQuote(f.CollectionDelim) + "), " + conv + ")"
	case strings.HasPrefix(c.DuckType, "MAP(") || strings.HasPrefix(c.DuckType, "STRUCT(") || strings.HasSuffix(c.DuckType, "[]"):
		// Nested collections in delimited text are not read.
		return "CAST(NULL AS " + c.DuckType + ")"
	case c.DuckType == "BOOLEAN":
		return "CASE lower(" + ref + ") WHEN 'true' THEN true WHEN 'false' THEN false END"
	}
	return "TRY_CAST(" + ref + " AS " + c.DuckType + ")"
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
