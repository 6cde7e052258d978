package athena_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsathena "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// TestSucceededSurvivesKill9 kills nubo the moment a query is reported
// SUCCEEDED: the final state is made durable before it is reported, so
// after a restart the query is still SUCCEEDED with its results.
func TestSucceededSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the nubo binary")
	}
	dir := t.TempDir()
	p := nubotest.StartProcess(t, dir)
	cfg := nubotest.ConfigFor(p.URL)
	ctx := context.Background()
	sc := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := sc.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("results")}); err != nil {
		t.Fatal(err)
	}
	ac := awsathena.NewFromConfig(cfg)
	out, err := ac.StartQueryExecution(ctx, &awsathena.StartQueryExecutionInput{QueryString: aws.String("SELECT 42 AS answer"),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String("s3://results/q/")}})
	if err != nil {
		t.Fatal(err)
	}
	for {
		q, err := ac.GetQueryExecution(ctx, &awsathena.GetQueryExecutionInput{QueryExecutionId: out.QueryExecutionId})
		if err != nil {
			t.Fatal(err)
		}
		if st := q.QueryExecution.Status.State; st == types.QueryExecutionStateSucceeded {
			break
		} else if st != types.QueryExecutionStateQueued && st != types.QueryExecutionStateRunning {
			t.Fatalf("query %s: %s", st, aws.ToString(q.QueryExecution.Status.StateChangeReason))
		}
	}
	p.Kill()

	p = nubotest.StartProcess(t, dir)
	e := &env{t: t, athena: awsathena.NewFromConfig(nubotest.ConfigFor(p.URL))}
	if q := e.wait(*out.QueryExecutionId); q.Status.State != types.QueryExecutionStateSucceeded {
		t.Fatalf("after kill -9: %s %s", q.Status.State, aws.ToString(q.Status.StateChangeReason))
	}
	if got := e.results(*out.QueryExecutionId); len(got) != 2 || got[1][0] != "42" {
		t.Fatalf("results after kill -9: %v", got)
	}
}
