package athena_test

import (
	"compress/gzip"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestJSONTable(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	e.put("lake", "events/a.json", `{"userId": 1, "Kind": "click", "tags": ["a","b"], "ctx": {"page": "home"}, "ts": "2024-02-01 00:00:00"}
{"userId": 2, "Kind": "view", "tags": [], "ctx": {"page": "cart"}, "ts": "2024-02-02 00:00:00"}
`)
	e.run("CREATE DATABASE web", "")
	e.run(`CREATE EXTERNAL TABLE web.events (userid bigint, kind string, tags array<string>, ctx struct<page:string>, ts timestamp)
		ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/events/'`, "")
	got := e.rows("SELECT userid, kind, tags, ctx, ctx.page, cardinality(tags), ts FROM events ORDER BY userid", "web")
	want := [][]string{
		{"userid", "kind", "tags", "ctx", "page", "_col5", "ts"},
		{"1", "click", "[a, b]", "{page=home}", "home", "2", "2024-02-01 00:00:00.000"},
		{"2", "view", "[]", "{page=cart}", "cart", "0", "2024-02-02 00:00:00.000"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%v\nwant\n%v", got, want)
	}
}

func TestParquetCTASAndPartitions(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	var b strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, "%d,%s,%d\n", i, []string{"us", "eu"}[i%2], i*10)
	}
	e.put("lake", "raw/data.csv", b.String())
	e.run("CREATE DATABASE d", "")
	e.run(`CREATE EXTERNAL TABLE d.raw (id int, region string, v bigint) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/'`, "")
	q := e.run(`CREATE TABLE d.pq WITH (format = 'PARQUET', external_location = 's3://lake/pq/', partitioned_by = ARRAY['region'])
		AS SELECT id, v, region FROM raw`, "d")
	if aws.ToString(q.SubstatementType) != "CREATE_TABLE_AS_SELECT" {
		t.Errorf("substatement %s", aws.ToString(q.SubstatementType))
	}
	manifest := aws.ToString(q.Statistics.DataManifestLocation)
	if !strings.HasSuffix(manifest, "-manifest.csv") {
		t.Fatalf("manifest %q", manifest)
	}
	body := e.get("results", strings.TrimPrefix(manifest, "s3://results/"))
	if !strings.Contains(body, "s3://lake/pq/region=eu/") || !strings.Contains(body, "s3://lake/pq/region=us/") {
		t.Fatalf("manifest body %q", body)
	}
	if got := e.results(*q.QueryExecutionId); len(got) != 0 {
		t.Fatalf("CTAS results %v", got)
	}
	got := e.rows("SELECT region, count(*), sum(v) FROM pq GROUP BY region ORDER BY region", "d")
	want := [][]string{{"region", "_col1", "_col2"}, {"eu", "50", "25000"}, {"us", "50", "24500"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
	// Pruning: only the eu partition's file is read.
	all := e.run("SELECT count(*) FROM pq", "d")
	eu := e.run("SELECT count(*) FROM pq WHERE region = 'eu'", "d")
	if a, p := aws.ToInt64(all.Statistics.DataScannedInBytes), aws.ToInt64(eu.Statistics.DataScannedInBytes); p == 0 || p >= a {
		t.Fatalf("scanned all=%d eu=%d: no pruning", a, p)
	}
	parts := e.rows("SHOW PARTITIONS pq", "d")
	if !reflect.DeepEqual(parts, [][]string{{"region=eu"}, {"region=us"}}) {
		t.Fatalf("SHOW PARTITIONS = %v", parts)
	}
	// INSERT INTO appends files to the table (and partitions).
	ins := e.run("INSERT INTO pq SELECT 1000, 1, 'ap'", "d")
	if res := e.results(*ins.QueryExecutionId); len(res) != 0 {
		t.Fatalf("insert results %v", res)
	}
	got = e.rows("SELECT region, count(*) FROM pq GROUP BY region ORDER BY region", "d")
	want = [][]string{{"region", "_col1"}, {"ap", "1"}, {"eu", "50"}, {"us", "50"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after insert %v", got)
	}
}

func TestMSCKRepairAndPartitionPruning(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	for _, dt := range []string{"2024-01-01", "2024-01-02", "2024-01-03"} {
		e.put("lake", "logs/dt="+dt+"/part.csv", "a,1\nb,2\n")
	}
	e.put("lake", "logs/dt=2024-01-01/_SUCCESS", "")
	e.run("CREATE DATABASE l", "")
	e.run(`CREATE EXTERNAL TABLE l.logs (k string, n int) PARTITIONED BY (dt string)
		ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/logs/'`, "")
	if got := e.rows("SELECT count(*) FROM logs", "l"); got[1][0] != "0" {
		t.Fatalf("before repair: %v", got)
	}
	repair := e.rows("MSCK REPAIR TABLE logs", "l")
	if len(repair) != 4 || !strings.HasPrefix(repair[0][0], "Partitions not in metastore:") {
		t.Fatalf("MSCK output %v", repair)
	}
	got := e.rows("SELECT dt, sum(n) FROM logs WHERE dt >= '2024-01-02' GROUP BY dt ORDER BY dt", "l")
	want := [][]string{{"dt", "_col1"}, {"2024-01-02", "3"}, {"2024-01-03", "3"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v", got)
	}
	q := e.run("SELECT * FROM logs WHERE dt = '2024-01-02'", "l")
	if n := aws.ToInt64(q.Statistics.DataScannedInBytes); n != 8 {
		t.Fatalf("DataScannedInBytes = %d, want one partition's 8 bytes", n)
	}
	e.run("ALTER TABLE logs ADD PARTITION (dt='2024-01-09') LOCATION 's3://lake/elsewhere/'", "l")
	e.put("lake", "elsewhere/x.csv", "z,100\n")
	if got := e.rows("SELECT sum(n) FROM logs WHERE dt = '2024-01-09'", "l"); got[1][0] != "100" {
		t.Fatalf("added partition: %v", got)
	}
	e.run("ALTER TABLE logs DROP PARTITION (dt='2024-01-09')", "l")
	if got := e.rows("SELECT count(*) FROM logs", "l"); got[1][0] != "6" {
		t.Fatalf("after drop: %v", got)
	}
}

func TestPartitionProjection(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	e.put("lake", "proj/2024/01/02/a.csv", "1\n")
	e.put("lake", "proj/2024/01/03/a.csv", "2\n")
	e.run("CREATE DATABASE p", "")
	e.run(`CREATE EXTERNAL TABLE p.t (v int) PARTITIONED BY (day string) LOCATION 's3://lake/proj/'
		TBLPROPERTIES ('projection.enabled'='true', 'projection.day.type'='date', 'projection.day.format'='yyyy/MM/dd',
		'projection.day.range'='2024/01/01,2024/01/05', 'storage.location.template'='s3://lake/proj/${day}/')`, "")
	got := e.rows("SELECT day, v FROM t ORDER BY v", "p")
	want := [][]string{{"day", "v"}, {"2024/01/02", "1"}, {"2024/01/03", "2"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v", got)
	}
	if got := e.rows("SELECT v FROM t WHERE day = '2024/01/03'", "p"); len(got) != 2 || got[1][0] != "2" {
		t.Fatalf("pruned %v", got)
	}
}

func TestInformationSchema(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	e.run("CREATE DATABASE info", "")
	e.run("CREATE EXTERNAL TABLE info.t (a int, b array<string>) PARTITIONED BY (dt string) LOCATION 's3://lake/t/'", "")
	got := e.rows("SELECT column_name, data_type, ordinal_position, extra_info FROM information_schema.columns WHERE table_schema = 'info' ORDER BY ordinal_position", "")
	want := [][]string{{"column_name", "data_type", "ordinal_position", "extra_info"},
		{"a", "integer", "1", "<null>"}, {"b", "array(varchar)", "2", "<null>"}, {"dt", "varchar", "3", "partition key"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("columns: %v", got)
	}
	got = e.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'info'", "")
	if !reflect.DeepEqual(got, [][]string{{"table_name"}, {"t"}}) {
		t.Fatalf("tables: %v", got)
	}
}

func gzipped(t *testing.T, s string) string {
	var b strings.Builder
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func TestTextVariants(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	e.put("lake", "gz/a.csv.gz", gzipped(t, "1\tx\n2\ty\n"))
	e.put("lake", "gz/b.csv", "3\tz\n")
	e.put("lake", "ocsv/a.csv", "id,name\n\"1\",\"a, b\"\n\"2\",\"\"\n")
	e.run("CREATE DATABASE tx", "")
	e.run(`CREATE EXTERNAL TABLE tx.tsv (id int, s string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t' LOCATION 's3://lake/gz/'`, "")
	if got := e.rows("SELECT sum(id), array_join(array_agg(s ORDER BY s), '') FROM tsv", "tx"); got[1][0] != "6" || got[1][1] != "xyz" {
		t.Fatalf("gzip and plain text: %v", got)
	}
	e.run(`CREATE EXTERNAL TABLE tx.ocsv (id int, name string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
		WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"') LOCATION 's3://lake/ocsv/' TBLPROPERTIES ('skip.header.line.count'='1')`, "")
	got := e.rows("SELECT id, name, length(name) FROM ocsv ORDER BY id", "tx")
	want := [][]string{{"id", "name", "_col2"}, {"1", "a, b", "4"}, {"2", "", "0"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("OpenCSV: %v", got)
	}
	for _, f := range []string{"TEXTFILE", "JSON"} {
		name := "copy_" + strings.ToLower(f)
		e.run(fmt.Sprintf("CREATE TABLE %s WITH (format = '%s') AS SELECT id, s, ARRAY[id, id] AS arr, TIMESTAMP '2024-01-02 03:04:05' AS ts FROM tsv", name, f), "tx")
		got := e.rows("SELECT id, s, arr, ts FROM "+name+" ORDER BY id", "tx")
		want := [][]string{{"id", "s", "arr", "ts"}, {"1", "x", "[1, 1]", "2024-01-02 03:04:05.000"}, {"2", "y", "[2, 2]", "2024-01-02 03:04:05.000"}, {"3", "z", "[3, 3]", "2024-01-02 03:04:05.000"}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("CTAS %s read back: %v", f, got)
		}
	}
	if got := e.rows("SELECT ROW(1, 'a'), CAST(ROW(2, 'b') AS ROW(x int, y varchar)), json_parse('{\"k\": [1, 2]}')", ""); !reflect.DeepEqual(got[1], []string{"{field0=1, field1=a}", "{x=2, y=b}", `{"k":[1,2]}`}) {
		t.Fatalf("rows and JSON: %v", got)
	}
}
