package glue

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// duckParquet writes the result of query to a Parquet file with DuckDB
// (used by the tests only: the crawler reads footers itself).
func duckParquet(t *testing.T, query string) []byte {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	path := filepath.Join(t.TempDir(), "f.parquet")
	if _, err := db.Exec("COPY (" + query + ") TO '" + path + "' (FORMAT PARQUET)"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const parquetQuery = `SELECT i::INT AS id, 'n' || i AS Name, [i, i+1] AS list, {'k': 1.5, 'tags': ['a']} AS rec,
	MAP {'a': i} AS m, DATE '2024-01-01' AS d, TIMESTAMP '2024-01-01 10:00:00' AS ts,
	1.25::DECIMAL(10,2) AS dec, 3::TINYINT AS ti, 4::SMALLINT AS si, 5::UBIGINT AS ub, 6::BIGINT AS big,
	true AS flag, 2.5::FLOAT AS f, 3.5::DOUBLE AS dbl, 'x'::BLOB AS bin
	FROM range(10) t(i)`

const parquetColumns = "id int, name string, list array<bigint>, rec struct<k:decimal(2,1),tags:array<string>>, " +
	"m map<string,bigint>, d date, ts timestamp, dec decimal(10,2), ti tinyint, si smallint, ub decimal(20,0), big bigint, " +
	"flag boolean, f float, dbl double, bin binary"

func TestParquetFooter(t *testing.T) {
	data := duckParquet(t, parquetQuery)
	footer, err := readParquetFooter(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := parseParquetFooter(footer)
	if err != nil {
		t.Fatal(err)
	}
	if got := columns(ps.columns); got != parquetColumns || ps.rows != 10 {
		t.Fatalf("columns = %s (%d rows)\nwant      %s", got, ps.rows, parquetColumns)
	}
	// Without Seek the reader streams to the end.
	footer2, err := readParquetFooter(strings.NewReader(string(data)), int64(len(data)))
	if err != nil || !bytes.Equal(footer, footer2) {
		t.Fatalf("streamed footer differs: %v", err)
	}
}

func TestCrawlParquet(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "pq/dt=2024-01-01/part-0.parquet", string(duckParquet(t, parquetQuery)))
	s.put("lake", "pq/dt=2024-01-02/part-0.parquet", string(duckParquet(t, parquetQuery+" LIMIT 4")))
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "pq", nil, "s3://lake/pq/")
	tb := getTable(t, c, "pq")
	sd := tb.StorageDescriptor
	if got := columns(sd.Columns); got != parquetColumns {
		t.Fatalf("columns = %s", got)
	}
	if sd.InputFormat != parquetInputFormat || sd.OutputFormat != parquetOutputFormat || sd.SerdeInfo.SerializationLibrary != parquetSerDe ||
		sd.SerdeInfo.Parameters["serialization.format"] != "1" || tb.Parameters["classification"] != "parquet" ||
		tb.Parameters["recordCount"] != "14" || columns(tb.PartitionKeys) != "dt string" {
		t.Fatalf("parquet table: %+v %+v %v", sd, sd.SerdeInfo, tb.Parameters)
	}
}

func FuzzParquetFooter(f *testing.F) {
	f.Add([]byte{0x15, 0x02, 0x19, 0x1c, 0x48, 0x04, 'r', 'o', 'o', 't', 0x15, 0x02, 0x00, 0x15, 0x02, 0x25, 0x00, 0x18, 0x01, 'a', 0x00, 0x16, 0x04, 0x00})
	f.Add([]byte{0x19, 0xfc, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte{0x00})
	f.Fuzz(func(t *testing.T, footer []byte) {
		parseParquetFooter(footer)
	})
}
