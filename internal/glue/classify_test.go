package glue

import (
	"strings"
	"testing"
)

func TestClassifyText(t *testing.T) {
	tests := []struct {
		name, sample, format, cols string
		header                     bool
	}{
		{"json", `{"a": 1}` + "\n" + `{"a": 2.5, "b": "x"}`, classJSON, "a double, b string", false},
		{"json multiline", "{\n  \"a\": [1, 2]\n}\n{\"a\": null}", classJSON, "a array<int>", false},
		{"csv header", "x,y\n1,2\n", classCSV, "x bigint, y bigint", true},
		{"csv all strings", "x,y\na,b\n", classCSV, "col0 string, col1 string", false},
		{"csv header with trailing delimiter", "a,b,\n1,2,\n", classCSV, "a bigint, b bigint, col2 string", true},
		{"one column", "a\nb\nc\n", classUnknown, "", false},
		{"one row", "a,b\n", classUnknown, "", false},
		{"ragged", "a,b\n1,2,3\n", classUnknown, "", false},
		{"json array", `[{"a":1}]`, classUnknown, "", false},
		{"long header cell", strings.Repeat("h", 150) + ",b\n1,2\n", classCSV, "col0 string, col1 string", false},
		{"ctrl-a", "a\x01b\n1\x01x\n", classCSV, "a bigint, b string", true},
		{"semicolon", "a;b\n1;x\n", classCSV, "a bigint, b string", true},
	}
	for _, tt := range tests {
		s := classifyText([]byte(tt.sample), true)
		if s.format != tt.format || columns(s.columns) != tt.cols || s.csv.header != tt.header {
			t.Errorf("%s: %s %q header=%v", tt.name, s.format, columns(s.columns), s.csv.header)
		}
	}
}

func TestTablePattern(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"", "x", true},
		{"*", "x", true},
		{"sales*", "sales_2024", true},
		{"sales*", "old_sales", false},
		{"sales.*", "sales_2024", true},
		{"a|b", "b", true},
		{"a|b", "ab", false},
		{"Sales", "sales", true},
		{"s[0-9]+", "s12", true},
	}
	for _, tt := range tests {
		m, err := compileTablePattern(tt.pattern)
		if err != nil {
			t.Fatalf("%q: %v", tt.pattern, err)
		}
		if got := m(tt.name); got != tt.want {
			t.Errorf("%q matches %q = %v", tt.pattern, tt.name, got)
		}
	}
	if _, err := compileTablePattern("a(b"); codeOf(err) != "InvalidInputException" {
		t.Fatalf("bad pattern: %v", err)
	}
}

func TestExclusions(t *testing.T) {
	m, err := compileExclusions([]string{"**.tmp", "logs/*", "data/{a,b}/**", "x?.csv", "[!k]z.csv"})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]bool{
		"a/b/c.tmp": true, "logs/x": true, "logs/x/y": false, "data/a/1.csv": true, "data/c/1.csv": false,
		"x1.csv": true, "x12.csv": false, "az.csv": true, "kz.csv": false, "keep.csv": false,
	} {
		if got := m(key); got != want {
			t.Errorf("excluded(%q) = %v, want %v", key, got, want)
		}
	}
}

func FuzzClassifyText(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", `{"a":{"b":[1,{"c":null}]}}`, "x|y\n\"q\"|1\n", "{\"a\":1}\n{\"a\":", "\"unterminated,1\n2,3",
		strings.Repeat("[", 200), "{" + strings.Repeat(`"a":{`, 100),
	} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, sample []byte, complete bool) {
		s := classifyText(sample, complete)
		if s.format == "" {
			t.Fatal("no classification")
		}
		for _, c := range s.columns {
			parseHiveType(c.Type)
		}
	})
}

func FuzzExclusionPattern(f *testing.F) {
	for _, s := range []string{"**.tmp", "{a,b", "[", "[!]]", "\\*", "é*"} {
		f.Add(s, "a/b.tmp")
	}
	f.Fuzz(func(t *testing.T, pattern, key string) {
		if m, err := compileExclusions([]string{pattern}); err == nil {
			m(key)
		}
	})
}
