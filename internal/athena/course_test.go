package athena_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsathena "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

const salesCSV = `region,product,amount,sold_at
north,apple,10.5,2024-01-02 03:04:05
south,apple,3.25,2024-01-03 10:00:00
north,pear,7,2024-01-04 11:30:00
east,kiwi,,2024-01-05 12:00:00
south,pear,1.5,2024-01-06 08:15:00
`

// TestCourseExample is the course's flow: upload a CSV, CREATE EXTERNAL
// TABLE, SELECT with GROUP BY, poll, read results, and read the same CSV
// back from the output location.
func TestCourseExample(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	e.put("lake", "sales/part-0.csv", salesCSV)
	e.run("CREATE DATABASE IF NOT EXISTS shop", "")
	e.run(`CREATE EXTERNAL TABLE IF NOT EXISTS sales (
		region string, product string, amount double, sold_at timestamp)
		ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
		LOCATION 's3://lake/sales/'
		TBLPROPERTIES ('skip.header.line.count'='1')`, "shop")

	q := e.run(`SELECT region, count(*) AS n, sum(amount) AS total, max(sold_at) AS last
		FROM sales GROUP BY region ORDER BY region`, "shop")
	if q.StatementType != types.StatementTypeDml || aws.ToString(q.SubstatementType) != "SELECT" {
		t.Errorf("statement type %s/%s", q.StatementType, aws.ToString(q.SubstatementType))
	}
	if aws.ToInt64(q.Statistics.DataScannedInBytes) != int64(len(salesCSV)) {
		t.Errorf("DataScannedInBytes = %d, want %d", aws.ToInt64(q.Statistics.DataScannedInBytes), len(salesCSV))
	}
	want := [][]string{
		{"region", "n", "total", "last"},
		{"east", "1", "<null>", "2024-01-05 12:00:00.000"},
		{"north", "2", "17.5", "2024-01-04 11:30:00.000"},
		{"south", "2", "4.75", "2024-01-06 08:15:00.000"},
	}
	got := e.results(*q.QueryExecutionId)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("results =\n%v\nwant\n%v", got, want)
	}

	loc := aws.ToString(q.ResultConfiguration.OutputLocation)
	if loc != e.out+*q.QueryExecutionId+".csv" {
		t.Fatalf("OutputLocation = %s", loc)
	}
	csv := e.get("results", strings.TrimPrefix(loc, "s3://results/"))
	wantCSV := "\"region\",\"n\",\"total\",\"last\"\n\"east\",\"1\",,\"2024-01-05 12:00:00.000\"\n" +
		"\"north\",\"2\",\"17.5\",\"2024-01-04 11:30:00.000\"\n\"south\",\"2\",\"4.75\",\"2024-01-06 08:15:00.000\"\n"
	if csv != wantCSV {
		t.Fatalf("result CSV =\n%s\nwant\n%s", csv, wantCSV)
	}
	if meta := e.get("results", strings.TrimPrefix(loc, "s3://results/")+".metadata"); !strings.Contains(meta, "region") {
		t.Fatalf("metadata file = %q", meta)
	}

	res, err := e.athena.GetQueryResults(context.Background(), &awsathena.GetQueryResultsInput{QueryExecutionId: q.QueryExecutionId})
	if err != nil {
		t.Fatal(err)
	}
	ci := res.ResultSet.ResultSetMetadata.ColumnInfo
	var got2 []string
	for _, c := range ci {
		got2 = append(got2, aws.ToString(c.Name)+":"+aws.ToString(c.Type))
	}
	if strings.Join(got2, " ") != "region:varchar n:bigint total:double last:timestamp" {
		t.Fatalf("column info = %v", got2)
	}
}
