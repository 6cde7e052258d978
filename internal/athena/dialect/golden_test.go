package dialect

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/nubo-dev/nubo/internal/athena/results"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

var update = flag.Bool("update", false, "rewrite golden files")

func noTables(ref TableRef) (string, error) { return "", fmt.Errorf("no tables here: %v", ref.Parts) }

// TestFunctionsGolden translates each Trino expression of
// testdata/functions.golden, runs it on DuckDB and checks the translation
// and Athena's rendering of the result.
func TestFunctionsGolden(t *testing.T) {
	eng, err := sqlengine.Open(sqlengine.Options{MemoryLimit: "256MB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	lines := readLines(t, "testdata/functions.golden")
	var out strings.Builder
	for _, line := range lines {
		if line == "" || strings.HasPrefix(line, "#") {
			out.WriteString(line + "\n")
			continue
		}
		expr, _, _ := strings.Cut(line, " => ")
		gotTr, gotVal := runExpr(eng, expr)
		fmt.Fprintf(&out, "%s => %s => %s\n", expr, gotTr, gotVal)
		if *update {
			continue
		}
		parts := strings.SplitN(line, " => ", 3)
		if len(parts) != 3 || parts[1] != gotTr || parts[2] != gotVal {
			t.Errorf("%s\n got  %s => %s\n want %s", expr, gotTr, gotVal, strings.Join(parts[1:], " => "))
		}
	}
	if *update {
		if err := os.WriteFile("testdata/functions.golden", []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readLines(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

// runExpr translates "SELECT expr" and runs it.
func runExpr(eng *sqlengine.Engine, expr string) (string, string) {
	st, err := Parse("SELECT "+expr, nil)
	if err != nil {
		return "PARSE ERROR " + err.Error(), ""
	}
	tr, err := TranslateQuery(st, st.Nodes, noTables)
	if err != nil {
		return "ERROR " + err.Error(), ""
	}
	rows, err := eng.Query(context.Background(), tr.SQL)
	if err != nil {
		return tr.SQL, "ERROR " + strings.SplitN(err.Error(), "\n", 2)[0]
	}
	defer rows.Close()
	if !rows.Next() {
		return tr.SQL, "NO ROWS"
	}
	c := rows.Columns()[0]
	v, ok := results.Render(rows.Values()[0], c.Type)
	if !ok {
		v = "NULL"
	}
	return tr.SQL, results.ColumnOf(c).Type + " " + v
}

// TestEveryFunctionIsGolden keeps the golden file complete: each
// translated function is exercised there.
func TestEveryFunctionIsGolden(t *testing.T) {
	text := strings.ToLower(strings.Join(readLines(t, "testdata/functions.golden"), "\n"))
	var missing []string
	for name := range functions {
		if !strings.Contains(text, name+"(") {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("functions without a golden test: %v", missing)
	}
}

// TestUnsupportedFunctionsFail checks that each refused function fails
// with FUNCTION_NOT_FOUND rather than reaching DuckDB.
func TestUnsupportedFunctionsFail(t *testing.T) {
	for name := range unsupported {
		st, err := Parse("SELECT "+name+"(1)", nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = TranslateQuery(st, st.Nodes, noTables)
		var de *Error
		if !errors.As(err, &de) || de.Code != "FUNCTION_NOT_FOUND" || !strings.Contains(de.Message, "line 1:8: Function '"+name+"' is not supported by nubo") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
