package glue

import (
	"testing"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

var exprKeys = []awsglue.Column{
	{Name: "year", Type: "int"},
	{Name: "month", Type: "string"},
	{Name: "dt", Type: "date"},
	{Name: "ts", Type: "timestamp"},
	{Name: "amount", Type: "decimal(10,2)"},
}

func TestPartitionExpression(t *testing.T) {
	row := []string{"2024", "04", "2024-04-15", "2024-04-15 10:30:00", "12.50"}
	tests := []struct {
		expr string
		want bool
	}{
		{"", true},
		{"year = 2024", true},
		{"year = '2024'", true},
		{"YEAR=2024", true},
		{"year <> 2024", false},
		{"year != 2023", true},
		{"year > 999", true},   // integer comparison, not text ("2024" < "999" as text)
		{"month > '1'", false}, // string comparison: "04" < "1"
		{"month = '04'", true},
		{"month = 4", false},
		{"year >= 2024 AND month <= '04'", true},
		{"year < 2024 OR month = '04'", true},
		{"NOT year = 2024", false},
		{"NOT (year = 2023 OR month = '05')", true},
		{"year BETWEEN 2020 AND 2024", true},
		{"year NOT BETWEEN 2020 AND 2024", false},
		{"year IN (2022, 2023)", false},
		{"year IN (2022, 2024)", true},
		{"month NOT IN ('01', '02')", true},
		{"month LIKE '0%'", true},
		{"month LIKE '_4'", true},
		{"month LIKE '1%'", false},
		{"month NOT LIKE '1%'", true},
		{"dt = '2024-04-15'", true},
		{"dt > DATE '2024-01-01'", true},
		{"dt BETWEEN '2024-04-01' AND '2024-04-30'", true},
		{"ts < '2024-04-15 11:00:00'", true},
		{"ts = TIMESTAMP '2024-04-15 10:30:00.000'", true},
		{"amount = 12.5", true},
		{"amount > 12.49", true},
		{"year IS NULL", false},
		{"year IS NOT NULL", true},
		{"((year = 2024) AND (month = '04'))", true},
		{"year = 2024 AND month = '04' OR year = 1999", true},
		{"year = 1999 OR year = 2024 AND month = '05'", false},
		{"`year` = 2024", true},
		{"\"month\" = '04'", true},
		{"'2024' = year", true},
	}
	for _, tt := range tests {
		f, err := CompilePartitionExpression(tt.expr, exprKeys)
		if err != nil {
			t.Errorf("%q: %v", tt.expr, err)
			continue
		}
		if got := f.Match(row); got != tt.want {
			t.Errorf("%q = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestPartitionExpressionNulls(t *testing.T) {
	row := []string{hiveDefaultPartition, "04", "not-a-date", "", ""}
	tests := []struct {
		expr string
		want bool
	}{
		{"year IS NULL", true},
		{"year = 2024", false},
		{"NOT year = 2024", false}, // unknown stays unknown
		{"year = 2024 OR month = '04'", true},
		{"dt > '2000-01-01'", false},
		{"NOT dt > '2000-01-01'", false},
	}
	for _, tt := range tests {
		f, err := CompilePartitionExpression(tt.expr, exprKeys)
		if err != nil {
			t.Fatalf("%q: %v", tt.expr, err)
		}
		if got := f.Match(row); got != tt.want {
			t.Errorf("%q = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestPartitionExpressionErrors(t *testing.T) {
	keys := append([]awsglue.Column{{Name: "flag", Type: "boolean"}}, exprKeys...)
	for _, expr := range []string{
		"year =",
		"= 2024",
		"year = 2024 AND",
		"(year = 2024",
		"year = 2024)",
		"color = 'red'",
		"year = 'abc'",
		"dt = '2024-13-45'",
		"flag = true",
		"year IN ()",
		"year BETWEEN 1",
		"month LIKE year",
		"year = 'unterminated",
		"year ! 3",
		"year IS 3",
		"year # 3",
	} {
		_, err := CompilePartitionExpression(expr, keys)
		if err == nil {
			t.Errorf("%q: expected an error", expr)
			continue
		}
		if code := codeOf(err); code != "InvalidInputException" {
			t.Errorf("%q: code %s", expr, code)
		}
	}
}

func TestPartitionExpressionDepth(t *testing.T) {
	expr := ""
	for i := 0; i < 10000; i++ {
		expr += "("
	}
	if _, err := CompilePartitionExpression(expr+"year = 1", exprKeys); err == nil {
		t.Fatal("expected nesting error")
	}
	expr = ""
	for i := 0; i < 10000; i++ {
		expr += "NOT "
	}
	if _, err := CompilePartitionExpression(expr+"year = 1", exprKeys); err == nil {
		t.Fatal("expected nesting error")
	}
}

func FuzzPartitionExpression(f *testing.F) {
	for _, s := range []string{
		"year = 2024", "year > '2020' AND month IN ('01','02')", "NOT (dt BETWEEN '2024-01-01' AND DATE '2024-12-31')",
		"month LIKE '%4' ESCAPE '!'", "ts >= TIMESTAMP '2024-01-01 00:00:00'", "amount <> -1.5e3", "year IS NOT NULL OR (((",
		"`year`=1", "'a''b' = month", "year IN (1,2,", "\x00", "month LIKE '\\%'",
	} {
		f.Add(s, "2024", "04")
	}
	f.Fuzz(func(t *testing.T, expr, v1, v2 string) {
		filter, err := CompilePartitionExpression(expr, exprKeys)
		if err != nil {
			if codeOf(err) != "InvalidInputException" {
				t.Fatalf("%q: unexpected error %v", expr, err)
			}
			return
		}
		filter.Match([]string{v1, v2, v1, v2, v1})
		filter.Match(nil)
	})
}
