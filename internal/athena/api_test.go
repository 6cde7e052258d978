package athena_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsathena "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

func TestSyntaxErrorFailsStart(t *testing.T) {
	e := newEnv(t)
	for sql, want := range map[string]string{
		"SELECT * FORM t":           "line 1:15: mismatched input 't'",
		"SELEC 1":                   "line 1:1: mismatched input 'SELEC'",
		"SELECT (1":                 "line 1:10: mismatched input '<EOF>'. Expecting: ')'",
		"SELECT 'abc":               "line 1:8: mismatched input '''. Expecting: <EOF>",
		"SELECT a FROM t WHERE":     "line 1:22: mismatched input '<EOF>'",
		"CREATE EXTERNAL TABLE x (": "line 1:26: mismatched input '<EOF>'. Expecting: <identifier>",
		"SELECT `a` FROM t":         "line 1:8: backquoted identifiers are not supported; use double quotes to quote identifiers",
	} {
		_, err := e.start(sql, "")
		if apiCode(err) != "InvalidRequestException" {
			t.Errorf("%s: err = %v", sql, err)
			continue
		}
		var ire *types.InvalidRequestException
		if !asErr(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "MALFORMED_QUERY" || !strings.Contains(ire.ErrorMessage(), want) {
			t.Errorf("%s: %v (code %v), want message containing %q", sql, err, ire, want)
		}
	}
}

func TestAnalysisErrorsFailQuery(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	e.run("CREATE DATABASE db", "")
	e.run("CREATE EXTERNAL TABLE db.t (a int) LOCATION 's3://lake/t/'", "")
	tests := map[string]string{
		"SELECT * FROM nosuch":              "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.nosuch' does not exist",
		"SELECT * FROM other.t":             "SCHEMA_NOT_FOUND: line 1:15: Schema 'other' does not exist",
		"SELECT x FROM t":                   "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved or requester is not authorized to access requested resources",
		"SELECT nosuchfn(a) FROM t":         "FUNCTION_NOT_FOUND: line 1:8: Function 'nosuchfn' not registered",
		"SELECT url_extract_host(a) FROM t": "FUNCTION_NOT_FOUND: line 1:8: Function 'url_extract_host' is not supported by nubo",
		"SELECT CAST('x' AS integer)":       "INVALID_CAST_ARGUMENT: Cannot cast 'x' to int32",
	}
	for sql, want := range tests {
		if got := e.fail(sql, "db"); !strings.HasPrefix(got, want) {
			t.Errorf("%s:\n got  %s\n want %s", sql, got, want)
		}
	}
	_, err := e.athena.GetQueryResults(context.Background(), &awsathena.GetQueryResultsInput{QueryExecutionId: aws.String("00000000-0000-0000-0000-000000000000")})
	if apiCode(err) != "InvalidRequestException" {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestPaging5000Rows(t *testing.T) {
	e := newEnv(t)
	q := e.run("SELECT x, CAST(x AS varchar) AS s FROM UNNEST(sequence(1, 5000)) AS t(x)", "")
	var pages []int
	var rows [][]string
	p := awsathena.NewGetQueryResultsPaginator(e.athena, &awsathena.GetQueryResultsInput{QueryExecutionId: q.QueryExecutionId})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, len(page.ResultSet.Rows))
		for _, r := range page.ResultSet.Rows {
			rows = append(rows, []string{aws.ToString(r.Data[0].VarCharValue), aws.ToString(r.Data[1].VarCharValue)})
		}
	}
	if !reflect.DeepEqual(pages, []int{1000, 1000, 1000, 1000, 1000, 1}) {
		t.Fatalf("pages = %v", pages)
	}
	if rows[0][0] != "x" || rows[1][0] != "1" || rows[5000][0] != "5000" || rows[5000][1] != "5000" {
		t.Fatalf("rows %v ... %v", rows[:2], rows[len(rows)-1])
	}
	// A smaller MaxResults pages the same file.
	out, err := e.athena.GetQueryResults(context.Background(), &awsathena.GetQueryResultsInput{QueryExecutionId: q.QueryExecutionId, MaxResults: aws.Int32(3)})
	if err != nil || len(out.ResultSet.Rows) != 3 || out.NextToken == nil {
		t.Fatalf("MaxResults 3: %v %v", out, err)
	}
	out, err = e.athena.GetQueryResults(context.Background(), &awsathena.GetQueryResultsInput{QueryExecutionId: q.QueryExecutionId, MaxResults: aws.Int32(3), NextToken: out.NextToken})
	if err != nil || aws.ToString(out.ResultSet.Rows[0].Data[0].VarCharValue) != "3" {
		t.Fatalf("second page: %v %v", out, err)
	}
}

func TestStopLongQuery(t *testing.T) {
	e := newEnv(t)
	id, err := e.start("SELECT count(*) FROM UNNEST(sequence(1, 3000)) AS a(x) CROSS JOIN UNNEST(sequence(1, 3000)) AS b(y) "+
		"CROSS JOIN UNNEST(sequence(1, 3000)) AS c(z) WHERE (x * y + z) % 7 = 3", "")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := e.athena.GetQueryExecution(context.Background(), &awsathena.GetQueryExecutionInput{QueryExecutionId: &id})
		if err != nil {
			t.Fatal(err)
		}
		if out.QueryExecution.Status.State == types.QueryExecutionStateRunning {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("state %s", out.QueryExecution.Status.State)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The API stays responsive while the query runs.
	e.run("SELECT 1", "")
	if _, err := e.athena.StopQueryExecution(context.Background(), &awsathena.StopQueryExecutionInput{QueryExecutionId: &id}); err != nil {
		t.Fatal(err)
	}
	q := e.wait(id)
	if q.Status.State != types.QueryExecutionStateCancelled {
		t.Fatalf("state %s: %s", q.Status.State, aws.ToString(q.Status.StateChangeReason))
	}
}

func TestHistorySurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	srv := nubotest.StartOn(t, nil, dir)
	e := envFor(t, srv)
	q := e.run("SELECT 'a' AS x UNION ALL SELECT NULL UNION ALL SELECT ''", "")
	srv.Stop()
	srv2 := nubotest.StartOn(t, nil, dir)
	e2 := envFor(t, srv2)
	q2 := e2.wait(*q.QueryExecutionId)
	if q2.Status.State != types.QueryExecutionStateSucceeded || aws.ToString(q2.Query) != aws.ToString(q.Query) {
		t.Fatalf("after restart: %+v", q2.Status)
	}
	got := e2.results(*q.QueryExecutionId)
	if len(got) != 4 || got[0][0] != "x" {
		t.Fatalf("results after restart: %v", got)
	}
	vals := map[string]bool{}
	for _, r := range got[1:] {
		vals[r[0]] = true
	}
	if !vals["a"] || !vals["<null>"] || !vals[""] {
		t.Fatalf("NULL and empty string must differ: %v", got)
	}
	list, err := e2.athena.ListQueryExecutions(context.Background(), &awsathena.ListQueryExecutionsInput{})
	if err != nil || len(list.QueryExecutionIds) != 1 || list.QueryExecutionIds[0] != *q.QueryExecutionId {
		t.Fatalf("ListQueryExecutions %v %v", list, err)
	}
}

func TestClientRequestToken(t *testing.T) {
	e := newEnv(t)
	in := &awsathena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), ClientRequestToken: aws.String(strings.Repeat("t", 32)),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(e.out)}}
	a, err := e.athena.StartQueryExecution(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.athena.StartQueryExecution(context.Background(), in)
	if err != nil || *a.QueryExecutionId != *b.QueryExecutionId {
		t.Fatalf("retry: %v %v", b, err)
	}
	in.QueryString = aws.String("SELECT 2")
	_, err = e.athena.StartQueryExecution(context.Background(), in)
	var ire *types.InvalidRequestException
	if !asErr(err, &ire) || aws.ToString(ire.AthenaErrorCode) != "IDEMPOTENT_PARAMETER_MISMATCH" {
		t.Fatalf("mismatch: %v", err)
	}
}

func TestNoOutputLocation(t *testing.T) {
	e := newEnv(t)
	_, err := e.athena.StartQueryExecution(context.Background(), &awsathena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1")})
	if apiCode(err) != "InvalidRequestException" || !strings.Contains(err.Error(), "No output location provided") {
		t.Fatalf("err = %v", err)
	}
	// A workgroup's output location is used when the request has none.
	ctx := context.Background()
	_, err = e.athena.CreateWorkGroup(ctx, &awsathena.CreateWorkGroupInput{Name: aws.String("analysts"),
		Configuration: &types.WorkGroupConfiguration{ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://results/wg/")}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.athena.StartQueryExecution(ctx, &awsathena.StartQueryExecutionInput{QueryString: aws.String("SELECT 1"), WorkGroup: aws.String("analysts")})
	if err != nil {
		t.Fatal(err)
	}
	q := e.wait(*out.QueryExecutionId)
	if loc := aws.ToString(q.ResultConfiguration.OutputLocation); loc != "s3://results/wg/"+*out.QueryExecutionId+".csv" || q.Status.State != types.QueryExecutionStateSucceeded {
		t.Fatalf("location %s state %s", loc, q.Status.State)
	}
	wgs, err := e.athena.ListWorkGroups(ctx, &awsathena.ListWorkGroupsInput{})
	if err != nil || len(wgs.WorkGroups) != 2 || aws.ToString(wgs.WorkGroups[1].Name) != "primary" {
		t.Fatalf("ListWorkGroups %v %v", wgs, err)
	}
	if _, err := e.athena.DeleteWorkGroup(ctx, &awsathena.DeleteWorkGroupInput{WorkGroup: aws.String("analysts")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.athena.GetWorkGroup(ctx, &awsathena.GetWorkGroupInput{WorkGroup: aws.String("analysts")}); apiCode(err) != "InvalidRequestException" {
		t.Fatalf("deleted workgroup: %v", err)
	}
}

func TestPreparedStatementsAndParameters(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := &awsathena.StartQueryExecutionInput{QueryString: aws.String("SELECT ? + 1 AS a, ? AS b"), ExecutionParameters: []string{"41", "'x'"},
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(e.out)}}
	out, err := e.athena.StartQueryExecution(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	e.wait(*out.QueryExecutionId)
	if got := e.results(*out.QueryExecutionId); !reflect.DeepEqual(got, [][]string{{"a", "b"}, {"42", "x"}}) {
		t.Fatalf("parameters: %v", got)
	}
	_, err = e.athena.CreatePreparedStatement(ctx, &awsathena.CreatePreparedStatementInput{StatementName: aws.String("plus"),
		WorkGroup: aws.String("primary"), QueryStatement: aws.String("SELECT ? * 2 AS doubled")})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.rows("EXECUTE plus USING 21", ""); !reflect.DeepEqual(got, [][]string{{"doubled"}, {"42"}}) {
		t.Fatalf("EXECUTE: %v", got)
	}
	in = &awsathena.StartQueryExecutionInput{QueryString: aws.String("EXECUTE plus"), ExecutionParameters: []string{"5"},
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(e.out)}}
	out, err = e.athena.StartQueryExecution(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	e.wait(*out.QueryExecutionId)
	if got := e.results(*out.QueryExecutionId); !reflect.DeepEqual(got, [][]string{{"doubled"}, {"10"}}) {
		t.Fatalf("EXECUTE with ExecutionParameters: %v", got)
	}
	list, err := e.athena.ListPreparedStatements(ctx, &awsathena.ListPreparedStatementsInput{WorkGroup: aws.String("primary")})
	if err != nil || len(list.PreparedStatements) != 1 {
		t.Fatalf("list %v %v", list, err)
	}
	nq, err := e.athena.CreateNamedQuery(ctx, &awsathena.CreateNamedQueryInput{Name: aws.String("n"), Database: aws.String("default"), QueryString: aws.String("SELECT 1")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.athena.GetNamedQuery(ctx, &awsathena.GetNamedQueryInput{NamedQueryId: nq.NamedQueryId})
	if err != nil || aws.ToString(got.NamedQuery.QueryString) != "SELECT 1" || aws.ToString(got.NamedQuery.WorkGroup) != "primary" {
		t.Fatalf("named query %v %v", got, err)
	}
}

func TestShowAndDescribe(t *testing.T) {
	e := newEnv(t)
	e.bucket("lake")
	e.run("CREATE DATABASE s1", "")
	e.run(`CREATE EXTERNAL TABLE s1.t (a int COMMENT 'the a', b string) PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://lake/t/'`, "")
	q := e.run("SHOW TABLES IN s1", "")
	if q.StatementType != types.StatementTypeUtility || !strings.HasSuffix(aws.ToString(q.ResultConfiguration.OutputLocation), ".txt") {
		t.Fatalf("SHOW TABLES: %s %s", q.StatementType, aws.ToString(q.ResultConfiguration.OutputLocation))
	}
	if got := e.results(*q.QueryExecutionId); !reflect.DeepEqual(got, [][]string{{"t"}}) {
		t.Fatalf("SHOW TABLES = %v", got)
	}
	if got := e.rows("SHOW DATABASES", ""); !reflect.DeepEqual(got, [][]string{{"default"}, {"s1"}}) && !reflect.DeepEqual(got, [][]string{{"s1"}}) {
		t.Fatalf("SHOW DATABASES = %v", got)
	}
	if got := e.rows("SHOW COLUMNS IN s1.t", ""); !reflect.DeepEqual(got, [][]string{{"a"}, {"b"}, {"dt"}}) {
		t.Fatalf("SHOW COLUMNS = %v", got)
	}
	desc := e.rows("DESCRIBE s1.t", "")
	if len(desc) < 3 || !strings.HasPrefix(desc[0][0], "a  ") || !strings.Contains(desc[0][0], "the a") {
		t.Fatalf("DESCRIBE = %q", desc)
	}
	create := e.rows("SHOW CREATE TABLE s1.t", "")
	text := ""
	for _, r := range create {
		text += r[0] + "\n"
	}
	if !strings.Contains(text, "CREATE EXTERNAL TABLE `s1`.`t`(") || !strings.Contains(text, "ParquetHiveSerDe") || !strings.Contains(text, "PARTITIONED BY") {
		t.Fatalf("SHOW CREATE TABLE =\n%s", text)
	}
	meta, err := e.athena.GetTableMetadata(context.Background(), &awsathena.GetTableMetadataInput{CatalogName: aws.String("AwsDataCatalog"),
		DatabaseName: aws.String("s1"), TableName: aws.String("t")})
	if err != nil || len(meta.TableMetadata.Columns) != 2 || len(meta.TableMetadata.PartitionKeys) != 1 {
		t.Fatalf("GetTableMetadata %v %v", meta, err)
	}
	e.run("DROP TABLE s1.t", "")
	if reason := e.fail("DROP TABLE s1.t", ""); !strings.Contains(reason, "Table not found") {
		t.Fatalf("drop twice: %s", reason)
	}
	e.run("DROP TABLE IF EXISTS s1.t", "")
}

func TestUnload(t *testing.T) {
	e := newEnv(t)
	e.bucket("exports")
	q := e.run("UNLOAD (SELECT x, x * 2 AS y FROM UNNEST(sequence(1, 10)) AS t(x)) TO 's3://exports/u/' WITH (format = 'JSON', compression = 'NONE')", "")
	manifest := e.get("results", strings.TrimPrefix(aws.ToString(q.Statistics.DataManifestLocation), "s3://results/"))
	lines := strings.Split(strings.TrimSpace(manifest), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "s3://exports/u/") {
		t.Fatalf("manifest %q", manifest)
	}
	body := e.get("exports", strings.TrimPrefix(lines[0], "s3://exports/"))
	if !strings.Contains(body, `{"x":1,"y":2}`) {
		t.Fatalf("unloaded %q", body)
	}
	if reason := e.fail("UNLOAD (SELECT 1) TO 's3://exports/u/'", ""); !strings.Contains(reason, "HIVE_PATH_ALREADY_EXISTS") {
		t.Fatalf("unload into a non-empty location: %s", reason)
	}
}

func TestConcurrentQueries(t *testing.T) {
	e := newEnv(t)
	var ids []string
	for i := 0; i < 12; i++ {
		id, err := e.start(fmt.Sprintf("SELECT %d AS n", i), "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i, id := range ids {
		if got := e.results(*e.wait(id).QueryExecutionId); !reflect.DeepEqual(got, [][]string{{"n"}, {fmt.Sprint(i)}}) {
			t.Fatalf("query %d: %v", i, got)
		}
	}
}
