package athena_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsathena "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// env is a nubo with Athena and S3 clients and a results bucket.
type env struct {
	t      *testing.T
	srv    *nubotest.Server
	athena *awsathena.Client
	s3     *s3.Client
	out    string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := nubotest.Start(t)
	return envFor(t, srv)
}

func envFor(t *testing.T, srv *nubotest.Server) *env {
	cfg := srv.Config()
	e := &env{t: t, srv: srv, athena: awsathena.NewFromConfig(cfg),
		s3:  s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		out: "s3://results/athena/"}
	ctx := context.Background()
	if _, err := e.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("results")}); err != nil && !strings.Contains(err.Error(), "BucketAlready") {
		t.Fatal(err)
	}
	return e
}

func (e *env) bucket(name string) {
	e.t.Helper()
	if _, err := e.s3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) put(bucket, key, body string) {
	e.t.Helper()
	_, err := e.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body)})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) get(bucket, key string) string {
	e.t.Helper()
	out, err := e.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		e.t.Fatalf("GetObject %s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	data, _ := io.ReadAll(out.Body)
	return string(data)
}

// start starts a query in database db.
func (e *env) start(sql, db string) (string, error) {
	in := &awsathena.StartQueryExecutionInput{QueryString: aws.String(sql),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(e.out)}}
	if db != "" {
		in.QueryExecutionContext = &types.QueryExecutionContext{Database: aws.String(db)}
	}
	out, err := e.athena.StartQueryExecution(context.Background(), in)
	if err != nil {
		return "", err
	}
	return *out.QueryExecutionId, nil
}

// wait polls until the query finishes.
func (e *env) wait(id string) *types.QueryExecution {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		out, err := e.athena.GetQueryExecution(context.Background(), &awsathena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			e.t.Fatal(err)
		}
		switch out.QueryExecution.Status.State {
		case types.QueryExecutionStateSucceeded, types.QueryExecutionStateFailed, types.QueryExecutionStateCancelled:
			return out.QueryExecution
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.t.Fatalf("query %s did not finish", id)
	return nil
}

// run runs a statement that must succeed.
func (e *env) run(sql, db string) *types.QueryExecution {
	e.t.Helper()
	id, err := e.start(sql, db)
	if err != nil {
		e.t.Fatalf("%s: %v", sql, err)
	}
	q := e.wait(id)
	if q.Status.State != types.QueryExecutionStateSucceeded {
		e.t.Fatalf("%s: %s: %s", sql, q.Status.State, aws.ToString(q.Status.StateChangeReason))
	}
	return q
}

// fail runs a statement that must fail and returns its reason.
func (e *env) fail(sql, db string) string {
	e.t.Helper()
	id, err := e.start(sql, db)
	if err != nil {
		e.t.Fatalf("%s: %v", sql, err)
	}
	q := e.wait(id)
	if q.Status.State != types.QueryExecutionStateFailed {
		e.t.Fatalf("%s: state %s, want FAILED", sql, q.Status.State)
	}
	return aws.ToString(q.Status.StateChangeReason)
}

// rows runs a query and returns every result row (header first for SELECT)
// with NULL rendered as "<null>".
func (e *env) rows(sql, db string) [][]string {
	e.t.Helper()
	q := e.run(sql, db)
	return e.results(*q.QueryExecutionId)
}

func (e *env) results(id string) [][]string {
	e.t.Helper()
	var out [][]string
	p := awsathena.NewGetQueryResultsPaginator(e.athena, &awsathena.GetQueryResultsInput{QueryExecutionId: aws.String(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		for _, r := range page.ResultSet.Rows {
			row := make([]string, len(r.Data))
			for i, d := range r.Data {
				if d.VarCharValue == nil {
					row[i] = "<null>"
				} else {
					row[i] = *d.VarCharValue
				}
			}
			out = append(out, row)
		}
	}
	return out
}

func apiCode(err error) string {
	var ae interface{ ErrorCode() string }
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }
