package dialect

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func viewOf(ref TableRef) (string, error) { return "T_" + strings.Join(ref.Parts, "_"), nil }

func TestTranslate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT a, count(*) FROM db.t GROUP BY a", `select a, count(*) AS "_col1" from T_db_t as "t" group by a`},
		{"SELECT x.a AS A FROM awsdatacatalog.db.\"T\" x", `select x.a as a from T_awsdatacatalog_db_t x`},
		{"WITH c AS (SELECT * FROM t) SELECT * FROM c", `with c as(select * from T_t as "t") select * from "c"`},
		{"WITH c (n) AS (SELECT 1) SELECT n FROM c", `with c("n") as(select 1) select n from "c"`},
		{"SELECT * FROM t CROSS JOIN UNNEST(arr) AS u(x)", `select * from T_t as "t" cross join unnest(arr) as "u"("x")`},
		{"SELECT * FROM t CROSS JOIN UNNEST(arr) WITH ORDINALITY AS u(x, n)", `select * from T_t as "t" cross join unnest(arr) with ordinality as "u"("x", "n")`},
		{"SELECT * FROM t CROSS JOIN UNNEST(m) AS u(k, v)", `select * from T_t as "t" cross join(select unnest(map_keys(m)), unnest(map_values(m))) as "u"("k", "v")`},
		{"SELECT * FROM t CROSS JOIN UNNEST(a, b) AS u(x, y)", `select * from T_t as "t" cross join(select unnest(a), unnest(b)) as "u"("x", "y")`},
		{"SELECT a IS DISTINCT FROM b FROM t LEFT JOIN u ON t.id = u.id, v", `select a is distinct from b AS "_col0" from T_t as "t" left join T_u as "u" on t.id = u.id, T_v as "v"`},
		{"VALUES (1, 'a'), (2, 'b')", `select * from (values(1, 'a'), (2, 'b')) as __values("_col0", "_col1")`},
		{"SELECT CASE WHEN a THEN 1 END FROM t", `select case when a then 1 end AS "_col0" from T_t as "t"`},
		{"SELECT CASE WHEN a THEN 1 END x FROM t", `select case when a then 1 end x from T_t as "t"`},
		{"SELECT extract(year FROM ts), trim(BOTH 'x' FROM s) FROM t", `select extract(year from ts) AS "_col0", trim(both 'x' from s) AS "_col1" from T_t as "t"`},
		{"SELECT * FROM (SELECT a FROM t) s JOIN (u JOIN v ON u.x = v.x) ON s.a = u.a", `select * from(select a from T_t as "t") s join(T_u as "u" join T_v as "v" on u.x = v.x) on s.a = u.a`},
		{"SELECT a FROM t WHERE a IN (SELECT b FROM u)", `select a from T_t as "t" where a in(select b from T_u as "u")`},
		{"SELECT 1 -- comment\n/* block */ , 'it''s'", `select 1 AS "_col0", 'it''s' AS "_col1"`},
		{"SELECT interval '1' day", `select interval '1' day AS "_col0"`},
		{"SELECT row_number() OVER (PARTITION BY a ORDER BY b DESC) rn FROM t", `select row_number() over(partition by a order by b desc) rn from T_t as "t"`},
		{"SELECT count(*) FILTER (WHERE a > 1) FROM t", `select count(*) filter(where a > 1) AS "_col0" from T_t as "t"`},
		{"SELECT * FROM t TABLESAMPLE BERNOULLI (10)", `select * from T_t as "t" tablesample bernoulli(10)`},
	}
	for _, tt := range tests {
		st, err := Parse(tt.in, nil)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		tr, err := TranslateQuery(st, st.Nodes, viewOf)
		if err != nil {
			t.Errorf("Translate(%q): %v", tt.in, err)
			continue
		}
		if tr.SQL != tt.want {
			t.Errorf("Translate(%q)\n got  %s\n want %s", tt.in, tr.SQL, tt.want)
		}
	}
}

func TestTranslatePositions(t *testing.T) {
	sql := "SELECT a,\n  nosuch(b) FROM t"
	st, _ := Parse(sql, nil)
	_, err := TranslateQuery(st, st.Nodes, viewOf)
	var de *Error
	if !errors.As(err, &de) || de.Message != "line 2:3: Function 'nosuch' not registered" {
		t.Fatalf("err = %v", err)
	}
	st, _ = Parse("SELECT b FROM t", nil)
	tr, _ := TranslateQuery(st, st.Nodes, viewOf)
	if off := strings.Index(tr.SQL, "b"); tr.Original(off) != 7 {
		t.Fatalf("Original(%d) = %d", off, tr.Original(off))
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"SELECT (1":          "line 1:10: mismatched input '<EOF>'. Expecting: ')'",
		"SELECT 1)":          "line 1:9: mismatched input ')'. Expecting: <EOF>",
		"SELECT 'x":          "line 1:8: mismatched input '''. Expecting: <EOF>",
		"SELECT 1; SELECT 2": "line 1:1: Only one sql statement is allowed. Got: SELECT 1; SELECT 2",
		"SELECT #":           "line 1:8: token recognition error at: '#'",
		"":                   "line 1:1: mismatched input '<EOF>'.",
	}
	for sql, want := range tests {
		_, err := Parse(sql, nil)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.HasPrefix(se.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %s", sql, err, want)
		}
	}
	if _, err := Parse("SELECT ?, ?", []string{"1"}); err == nil {
		t.Fatal("parameter count mismatch accepted")
	}
	st, err := Parse("SELECT ? + 1, ?", []string{"41", "'a''b'"})
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := TranslateQuery(st, st.Nodes, viewOf)
	if tr.SQL != `select 41 + 1 AS "_col0", 'a''b' AS "_col1"` {
		t.Fatalf("params: %s", tr.SQL)
	}
}

func TestPredicates(t *testing.T) {
	parse := func(sql string) map[int][]Predicate {
		st, err := Parse(sql, nil)
		if err != nil {
			t.Fatal(err)
		}
		return Predicates(st.Nodes)
	}
	got := parse("SELECT * FROM t WHERE dt = '2024-01-01' AND h BETWEEN 1 AND 3 AND 5 < x AND r IN ('a', 'b') AND f(y) = 1")
	want := map[int][]Predicate{14: {
		{Column: "dt", Op: "=", Values: []string{"2024-01-01"}},
		{Column: "h", Op: "between", Values: []string{"1", "3"}},
		{Column: "x", Op: ">", Values: []string{"5"}},
		{Column: "r", Op: "in", Values: []string{"a", "b"}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
	if got := parse("SELECT * FROM t WHERE dt = 'a' OR dt = 'b'"); len(got) != 0 {
		t.Fatalf("OR must not prune: %+v", got)
	}
	got = parse("SELECT * FROM t a JOIN u b ON a.k = b.k WHERE a.dt = DATE '2024-01-01' AND dt = 'x'")
	if len(got) != 1 || len(got[14]) != 1 || got[14][0].Values[0] != "2024-01-01" {
		t.Fatalf("qualified predicates: %+v", got)
	}
	if got := parse("SELECT a FROM t WHERE x = 1 UNION ALL SELECT a FROM u WHERE dt = 'b'"); len(got) != 2 || len(got[14]) != 1 || got[14][0].Column != "x" || len(got[52]) != 1 || got[52][0].Column != "dt" {
		t.Fatalf("union branches: %+v", got)
	}
	got = parse("SELECT * FROM (SELECT * FROM t WHERE dt = 'x') s WHERE s.dt = 'y'")
	if len(got) != 1 || got[29][0].Values[0] != "x" {
		t.Fatalf("subquery predicates: %+v", got)
	}
}

func TestTypes(t *testing.T) {
	tests := []struct{ hive, want string }{
		{"string", "VARCHAR"}, {"int", "INTEGER"}, {"bigint", "BIGINT"}, {"float", "FLOAT"}, {"double", "DOUBLE"},
		{"decimal(10,2)", "DECIMAL(10,2)"}, {"decimal", "DECIMAL(10,0)"}, {"varchar(20)", "VARCHAR"}, {"char(3)", "VARCHAR"},
		{"timestamp", "TIMESTAMP"}, {"date", "DATE"}, {"boolean", "BOOLEAN"}, {"binary", "BLOB"},
		{"array<int>", "INTEGER[]"}, {"map<string,array<bigint>>", "MAP(VARCHAR, BIGINT[])"},
		{"struct<a:int,b:struct<c:string>>", `STRUCT("a" INTEGER, "b" STRUCT("c" VARCHAR))`},
	}
	for _, tt := range tests {
		got, err := HiveType(tt.hive)
		if err != nil || got != tt.want {
			t.Errorf("HiveType(%q) = %q, %v; want %q", tt.hive, got, err, tt.want)
		}
	}
	for _, bad := range []string{"integr", "array<int", "map<string>", "decimal(50,2)", "struct<>"} {
		if _, err := HiveType(bad); err == nil {
			t.Errorf("HiveType(%q) accepted", bad)
		}
	}
	if got, _ := TrinoType("row(a integer, b array(varchar))"); got != `STRUCT("a" INTEGER, "b" VARCHAR[])` {
		t.Errorf("TrinoType row = %s", got)
	}
	if got, _ := TrinoType("timestamp(3) with time zone"); got != "TIMESTAMPTZ" {
		t.Errorf("TrinoType tz = %s", got)
	}
}

func FuzzTranslate(f *testing.F) {
	for _, s := range []string{
		"SELECT a, count(*) FROM db.t WHERE dt = '2024' GROUP BY a",
		"WITH c AS (SELECT 1) SELECT * FROM c CROSS JOIN UNNEST(ARRAY[1,2]) AS u(x)",
		"SELECT transform(a, x -> x + 1), CAST(b AS array(row(c integer))) FROM t",
		"VALUES 1, 2", "SELECT date_add('day', 1, DATE '2024-01-01')", "SELECT \"a\"\"b\" FROM \"t\"",
		"SELECT * FROM (t JOIN u ON t.a = u.a)", "SELECT ? FROM t", "SELECT extract(year FROM x)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		st, err := Parse(sql, nil)
		if err != nil {
			return
		}
		Predicates(st.Nodes)
		tr, err := TranslateQuery(st, st.Nodes, viewOf)
		if err != nil {
			return
		}
		for i := 0; i <= len(tr.SQL); i++ {
			if o := tr.Original(i); o < 0 || o > len(sql) {
				t.Fatalf("Original(%d) = %d out of range", i, o)
			}
		}
	})
}
