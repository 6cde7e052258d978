package ddl

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
)

func TestParse(t *testing.T) {
	tests := []struct {
		sql  string
		want string // JSON of the statement
	}{
		{"CREATE DATABASE IF NOT EXISTS sales COMMENT 'x' LOCATION 's3://b/p/'",
			`{"Name":"sales","IfNotExists":true,"Comment":"x","Location":"s3://b/p/","Properties":null}`},
		{"DROP SCHEMA IF EXISTS `Sales` CASCADE", `{"Name":"sales","IfExists":true,"Cascade":true}`},
		{"CREATE EXTERNAL TABLE IF NOT EXISTS db.t (a int, `B` string COMMENT 'c', m map<string,array<int>>, s struct<x:int,y:decimal(10,2)>) " +
			"PARTITIONED BY (dt string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' " +
			"STORED AS TEXTFILE LOCATION 's3://bucket/data/' TBLPROPERTIES ('skip.header.line.count'='1');",
			`{"Name":{"Database":"db","Table":"t"},"External":true,"IfNotExists":true,"Columns":[{"Name":"a","Type":"int","Comment":""},{"Name":"b","Type":"string","Comment":"c"},{"Name":"m","Type":"map\u003cstring,array\u003cint\u003e\u003e","Comment":""},{"Name":"s","Type":"struct\u003cx:int,y:decimal(10,2)\u003e","Comment":""}],"Comment":"","PartitionedBy":[{"Name":"dt","Type":"string","Comment":""}],"ClusteredBy":null,"RowFormat":{"Serde":"","SerdeProperties":null,"Delimited":true,"FieldsTerminatedBy":",","EscapedBy":"\\","CollectionItemsTerminatedBy":"","MapKeysTerminatedBy":"","LinesTerminatedBy":"\n","NullDefinedAs":""},"StoredAs":"TEXTFILE","InputFormat":"","OutputFormat":"","Location":"s3://bucket/data/","Properties":{"skip.header.line.count":"1"}}`},
		{"CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '\\\"') LOCATION 's3://b/'",
			`{"Name":{"Database":"","Table":"t"},"External":true,"IfNotExists":false,"Columns":[{"Name":"a","Type":"string","Comment":""}],"Comment":"","PartitionedBy":null,"ClusteredBy":null,"RowFormat":{"Serde":"org.apache.hadoop.hive.serde2.OpenCSVSerde","SerdeProperties":{"quoteChar":"\"","separatorChar":","},"Delimited":false,"FieldsTerminatedBy":"","EscapedBy":"","CollectionItemsTerminatedBy":"","MapKeysTerminatedBy":"","LinesTerminatedBy":"","NullDefinedAs":""},"StoredAs":"","InputFormat":"","OutputFormat":"","Location":"s3://b/","Properties":null}`},
		{"ALTER TABLE db.t ADD IF NOT EXISTS PARTITION (dt='2024-01-01', h=3) LOCATION 's3://b/x/' PARTITION (dt='2024-01-02', h=4)",
			`{"Name":{"Database":"db","Table":"t"},"IfNotExists":true,"Partitions":[{"Keys":["dt","h"],"Values":["2024-01-01","3"],"Location":"s3://b/x/"},{"Keys":["dt","h"],"Values":["2024-01-02","4"],"Location":""}]}`},
		{"ALTER TABLE t DROP PARTITION (dt='a'), PARTITION (dt='b')",
			`{"Name":{"Database":"","Table":"t"},"IfExists":false,"Partitions":[{"Keys":["dt"],"Values":["a"],"Location":""},{"Keys":["dt"],"Values":["b"],"Location":""}]}`},
		{"MSCK REPAIR TABLE db.t", `{"Name":{"Database":"db","Table":"t"}}`},
		{"SHOW TABLES IN db 'x*'", `{"Database":"db","Like":"x*"}`},
		{"SHOW COLUMNS IN t FROM db", `{"Name":{"Database":"db","Table":"t"}}`},
		{"DESCRIBE FORMATTED db.t", `{"Name":{"Database":"db","Table":"t"},"Formatted":true,"Column":""}`},
		{"CREATE EXTERNAL TABLE t (a int) CLUSTERED BY (a) INTO 4 BUCKETS STORED AS PARQUET LOCATION 's3://b/'",
			`{"Name":{"Database":"","Table":"t"},"External":true,"IfNotExists":false,"Columns":[{"Name":"a","Type":"int","Comment":""}],"Comment":"","PartitionedBy":null,"ClusteredBy":["a"],"RowFormat":null,"StoredAs":"PARQUET","InputFormat":"","OutputFormat":"","Location":"s3://b/","Properties":null}`},
	}
	for _, tt := range tests {
		st, err := Parse(tt.sql)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.sql, err)
			continue
		}
		got, _ := json.Marshal(st)
		if string(got) != tt.want {
			t.Errorf("Parse(%q) =\n%s\nwant\n%s", tt.sql, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"CREATE EXTERNAL TABLE t (a int", "line 1:31: mismatched input '<EOF>'. Expecting: ',', ')'"},
		{"CREATE EXTERNAL TABLE t (a integr)", "line 1:28: Unknown type: integr"},
		{"DROP TABLE", "line 1:11: mismatched input '<EOF>'. Expecting: <identifier>"},
		{"SHOW NONSENSE", "line 1:6: mismatched input 'NONSENSE'. Expecting: 'COLUMNS', 'CREATE TABLE', 'DATABASES', 'PARTITIONS', 'SCHEMAS', 'TABLES', 'TBLPROPERTIES'"},
		{"CREATE EXTERNAL TABLE t (a int) LOCATION 's3://x", "line 1:42: mismatched input '''. Expecting: <EOF>"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.sql)
		var se *dialect.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a syntax error", tt.sql, err)
			continue
		}
		if se.Error() != tt.want {
			t.Errorf("Parse(%q) error\n%s\nwant\n%s", tt.sql, se.Error(), tt.want)
		}
	}
}

func TestIsDDL(t *testing.T) {
	for sql, want := range map[string]bool{
		"CREATE EXTERNAL TABLE t (a int)":                    true,
		"create table t (a int)":                             true,
		"CREATE TABLE t AS SELECT 1":                         false,
		"CREATE TABLE t WITH (format='PARQUET') AS SELECT 1": false,
		"SELECT 1":            false,
		"show tables":         true,
		"DROP VIEW v":         false,
		"MSCK REPAIR TABLE t": true,
	} {
		if got := IsDDL(sql); got != want {
			t.Errorf("IsDDL(%q) = %v", sql, got)
		}
	}
}

func FuzzParseDDL(f *testing.F) {
	for _, s := range []string{
		"CREATE EXTERNAL TABLE IF NOT EXISTS db.t (a int, b array<struct<x:int>>) PARTITIONED BY (dt string) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LOCATION 's3://b/p/' TBLPROPERTIES ('skip.header.line.count'='1')",
		"ALTER TABLE t ADD PARTITION (dt='x') LOCATION 's3://b/dt=x/'",
		"SHOW PARTITIONS t", "DESCRIBE t", "MSCK REPAIR TABLE t", "DROP DATABASE x CASCADE",
		"CREATE DATABASE d WITH DBPROPERTIES ('a'='b')", "SHOW TBLPROPERTIES t ('x')",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		st, err := Parse(sql)
		if err == nil && st == nil {
			t.Fatal("nil statement without error")
		}
		IsDDL(sql)
	})
}
