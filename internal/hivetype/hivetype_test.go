package hivetype

import (
	"slices"
	"testing"
)

func TestInner(t *testing.T) {
	tests := []struct {
		s, kind, want string
		ok            bool
	}{
		{"array<int>", "array", "int", true},
		{"array<array<string>>", "array", "array<string>", true},
		{"struct<a:int>", "struct", "a:int", true},
		{"map<string,int>", "map", "string,int", true},
		{"array<>", "array", "", true},
		{"array<", "array", "", false},
		{"array<int", "array", "", false},
		{"arrays<int>", "array", "", false},
		{"int", "array", "", false},
		{"", "map", "", false},
	}
	for _, tt := range tests {
		got, ok := Inner(tt.s, tt.kind)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Inner(%q, %q) = %q, %v; want %q, %v", tt.s, tt.kind, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		s    string
		want []string
	}{
		{"", nil},
		{"a:int", []string{"a:int"}},
		{"a:int,b:string", []string{"a:int", "b:string"}},
		{"a:map<string,int>,b:decimal(10,2),c:struct<x:int,y:int>", []string{"a:map<string,int>", "b:decimal(10,2)", "c:struct<x:int,y:int>"}},
		{"a:int,", []string{"a:int"}},
	}
	for _, tt := range tests {
		if got := Split(tt.s); !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestStructFields(t *testing.T) {
	got := StructFields("id:int,tags:array<string>,pos:struct<x:double,y:double>")
	want := []Field{{"id", "int"}, {"tags", "array<string>"}, {"pos", "struct<x:double,y:double>"}}
	if !slices.Equal(got, want) {
		t.Fatalf("StructFields = %q, want %q", got, want)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("a:int,b:map<string,int>")
	f.Add("struct<a:array<int>>,")
	f.Add(">>,<<")
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range Split(s) {
			if len(p) > len(s) {
				t.Fatalf("member %q longer than %q", p, s)
			}
		}
		for _, kind := range []string{"array", "map", "struct"} {
			if inner, ok := Inner(s, kind); ok && len(inner)+len(kind)+2 != len(s) {
				t.Fatalf("Inner(%q, %q) = %q", s, kind, inner)
			}
		}
	})
}
