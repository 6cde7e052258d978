package benchload

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func init() { tools["athena"] = benchAthena }

// AthenaClients are the SDK clients the Athena benchmarks drive.
type AthenaClients struct {
	Athena *athena.Client
	S3     *s3.Client
	// Output is the s3:// results location.
	Output string
}

// NewAthenaClients builds clients for an endpoint.
func NewAthenaClients(endpoint, accessKey, secretKey, region string) *AthenaClients {
	cfg := target{endpoint: endpoint, accessKey: accessKey, secretKey: secretKey, region: region}.config(64)
	return &AthenaClients{
		Athena: athena.NewFromConfig(cfg),
		S3:     s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		Output: "s3://nubo-bench-athena/results/",
	}
}

// EnsureBucket creates a bucket unless it exists.
func (c *AthenaClients) EnsureBucket(ctx context.Context, name string) error {
	return ensureBucket(ctx, c.S3, name)
}

// RunQuery is a client's full round trip: StartQueryExecution, polling
// GetQueryExecution until the query finishes, and GetQueryResults (every
// page). It returns the number of result rows, header included.
func (c *AthenaClients) RunQuery(ctx context.Context, sql, db string) (int, error) {
	in := &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
		ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(c.Output)}}
	if db != "" {
		in.QueryExecutionContext = &types.QueryExecutionContext{Database: aws.String(db)}
	}
	out, err := c.Athena.StartQueryExecution(ctx, in)
	if err != nil {
		return 0, err
	}
	id := out.QueryExecutionId
	wait := 200 * time.Microsecond
	for {
		q, err := c.Athena.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: id})
		if err != nil {
			return 0, err
		}
		st := q.QueryExecution.Status
		if st.State == types.QueryExecutionStateSucceeded {
			break
		}
		if st.State == types.QueryExecutionStateFailed || st.State == types.QueryExecutionStateCancelled {
			return 0, fmt.Errorf("query %s %s: %s", *id, st.State, aws.ToString(st.StateChangeReason))
		}
		time.Sleep(wait)
		wait = min(wait*2, 2*time.Millisecond)
	}
	rows := 0
	p := athena.NewGetQueryResultsPaginator(c.Athena, &athena.GetQueryResultsInput{QueryExecutionId: id})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		rows += len(page.ResultSet.Rows)
	}
	return rows, nil
}

// Latencies summarizes round-trip times.
type Latencies []time.Duration

// Percentile returns the p-th percentile (0..100).
func (l Latencies) Percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	return percentile(s, p/100)
}

// benchAthena measures a trivial query's full API round trip and,
// with --tpch, TPC-H-like queries through Athena against DuckDB directly.
//
//	nubo bench athena --endpoint URL [--n 200] [--tpch --sf 0.5 --runs 3]
func benchAthena(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench athena", flag.ContinueOnError)
	var t target
	t.register(fs, "endpoint URL", "test", "test")
	n := fs.Int("n", 200, "trivial queries to run")
	tpch := fs.Bool("tpch", false, "also run the TPC-H-like queries (generates data locally)")
	sf := fs.Float64("sf", 0.5, "TPC-H-like scale factor")
	runs := fs.Int("runs", 3, "runs per TPC-H-like query (the median is reported)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	c := NewAthenaClients(t.endpoint, t.accessKey, t.secretKey, t.region)
	if err := c.EnsureBucket(ctx, "nubo-bench-athena"); err != nil {
		return err
	}
	lat, err := c.Trivial(ctx, *n)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "trivial query round trip (SELECT 1; start, poll, results), %d runs: p50 %v  p95 %v  p99 %v\n",
		len(lat), lat.Percentile(50).Round(10*time.Microsecond), lat.Percentile(95).Round(10*time.Microsecond), lat.Percentile(99).Round(10*time.Microsecond))
	if !*tpch {
		return nil
	}
	return RunTPCH(ctx, c, *sf, *runs, out)
}

// Trivial runs SELECT 1 n times and returns each round trip's latency.
func (c *AthenaClients) Trivial(ctx context.Context, n int) (Latencies, error) {
	if _, err := c.RunQuery(ctx, "SELECT 1", ""); err != nil { // warm up
		return nil, err
	}
	lat := make(Latencies, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		if _, err := c.RunQuery(ctx, "SELECT 1", ""); err != nil {
			return nil, err
		}
		lat = append(lat, time.Since(start))
	}
	return lat, nil
}
