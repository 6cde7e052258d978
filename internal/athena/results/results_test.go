package results

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestJavaFloat(t *testing.T) {
	tests := []struct {
		f    float64
		bits int
		want string
	}{
		{1e10, 64, "1.0E10"}, {0.1, 64, "0.1"}, {1, 64, "1.0"}, {123.456, 64, "123.456"},
		{1e-5, 64, "1.0E-5"}, {1.234e-5, 64, "1.234E-5"}, {9999999, 64, "9999999.0"}, {1e7, 64, "1.0E7"},
		{0.001, 64, "0.001"}, {0.0001, 64, "1.0E-4"}, {-2.5, 64, "-2.5"}, {0, 64, "0.0"},
		{1.5e300, 64, "1.5E300"}, {float64(float32(0.1)), 32, "0.1"}, {float64(float32(3.4e38)), 32, "3.4E38"},
	}
	for _, tt := range tests {
		if got := JavaFloat(tt.f, tt.bits); got != tt.want {
			t.Errorf("JavaFloat(%v) = %s, want %s", tt.f, got, tt.want)
		}
	}
}

// TestMetadataMatchesAthena checks the encoder against a metadata file
// Athena wrote (a one-column result "ary" of type array).
func TestMetadataMatchesAthena(t *testing.T) {
	athena, _ := hex.DecodeString("0a1b32303139303432335f3132353132385f30303030315f6568747572221" +
		"90a04686976652203617279" + "2a03617279320561727261794803")
	got := MarshalMetadata("20190423_125128_00001_ehtur", []Column{{Name: "ary", Type: "array"}})
	if !bytes.Equal(got, athena) {
		t.Fatalf("metadata =\n%x\nwant\n%x", got, athena)
	}
	cols, err := UnmarshalMetadata(athena)
	if err != nil || len(cols) != 1 || cols[0].Name != "ary" || cols[0].Type != "array" {
		t.Fatalf("UnmarshalMetadata = %+v, %v", cols, err)
	}
	in := []Column{{Name: "a", Type: "varchar", Precision: 2147483647, CaseSensitive: true}, {Name: "d", Type: "decimal", Precision: 10, Scale: 2}}
	back, err := UnmarshalMetadata(MarshalMetadata("q", in))
	if err != nil || !reflect.DeepEqual(back, in) {
		t.Fatalf("round trip = %+v, %v", back, err)
	}
	if _, err := UnmarshalMetadata([]byte{0x22, 0x05, 0x01}); err == nil {
		t.Fatal("truncated metadata accepted")
	}
}

func TestCSVRoundTrip(t *testing.T) {
	rows := [][]Value{
		{{Text: "a"}, {Text: "b"}, {Text: "c"}},
		{{Text: "x,y"}, {Null: true}, {Text: `say "hi"`}},
		{{Text: ""}, {Text: "multi\nline"}, {Null: true}},
	}
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	for _, r := range rows {
		w.WriteRow(r)
	}
	w.Flush()
	want := "\"a\",\"b\",\"c\"\n\"x,y\",,\"say \"\"hi\"\"\"\n\"\",\"multi\nline\",\n"
	if buf.String() != want {
		t.Fatalf("csv =\n%q\nwant\n%q", buf.String(), want)
	}
	r := NewCSVReader(&buf)
	for i := range rows {
		got, err := r.Read()
		if err != nil || !reflect.DeepEqual(got, rows[i]) {
			t.Fatalf("row %d = %+v, %v; want %+v", i, got, err, rows[i])
		}
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("end = %v", err)
	}
}

func FuzzCSVReader(f *testing.F) {
	f.Add("\"a\",,\"b\"\n")
	f.Add("\"x\"\"y\"\n,\n")
	f.Fuzz(func(t *testing.T, s string) {
		r := NewCSVReader(strings.NewReader(s))
		for i := 0; i < 1000; i++ {
			if _, err := r.Read(); err != nil {
				return
			}
		}
	})
}

// TestRenderGolden runs each expression of testdata/render.golden on DuckDB
// and checks Athena's type name and rendering of its value.
func TestRenderGolden(t *testing.T) {
	eng, err := sqlengine.Open(sqlengine.Options{MemoryLimit: "256MB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	f, err := os.Open("testdata/render.golden")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	f.Close()
	var out strings.Builder
	for _, line := range lines {
		if line == "" || strings.HasPrefix(line, "#") {
			out.WriteString(line + "\n")
			continue
		}
		expr, want, _ := strings.Cut(line, " => ")
		got := renderExpr(t, eng, expr)
		fmt.Fprintf(&out, "%s => %s\n", expr, got)
		if !*update && got != want {
			t.Errorf("%s\n got  %s\n want %s", expr, got, want)
		}
	}
	if *update {
		os.WriteFile("testdata/render.golden", []byte(out.String()), 0o644)
	}
}

func renderExpr(t *testing.T, eng *sqlengine.Engine, expr string) string {
	rows, err := eng.Query(context.Background(), "SELECT "+expr)
	if err != nil {
		return "ERROR " + err.Error()
	}
	defer rows.Close()
	if !rows.Next() {
		return "ERROR no row"
	}
	col := rows.Columns()[0]
	info := ColumnOf(col)
	s, ok := Render(rows.Values()[0], col.Type)
	if !ok {
		s = "NULL"
	}
	return fmt.Sprintf("%s(%d,%d) %s", info.Type, info.Precision, info.Scale, s)
}
