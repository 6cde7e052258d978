package benchload

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/nubo-dev/nubo/internal/nubotest"
)

// BenchmarkAthenaTrivialRoundTrip is SELECT 1 through the whole API:
// StartQueryExecution, polling GetQueryExecution, GetQueryResults.
func BenchmarkAthenaTrivialRoundTrip(b *testing.B) {
	srv := nubotest.Start(b)
	c := NewAthenaClients(srv.URL, "test", "test", "us-east-1")
	ctx := context.Background()
	if err := c.EnsureBucket(ctx, "nubo-bench-athena"); err != nil {
		b.Fatal(err)
	}
	if _, err := c.RunQuery(ctx, "SELECT 1", ""); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.RunQuery(ctx, "SELECT 1", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTPCH runs the TPC-H-like queries through Athena and straight
// on DuckDB over the same Parquet files. NUBO_TPCH_SF sets the scale
// factor (default 0.2).
func BenchmarkTPCH(b *testing.B) {
	sf := 0.2
	if v, err := strconv.ParseFloat(os.Getenv("NUBO_TPCH_SF"), 64); err == nil && v > 0 {
		sf = v
	}
	ctx := context.Background()
	srv := nubotest.Start(b)
	c := NewAthenaClients(srv.URL, "test", "test", "us-east-1")
	if err := c.EnsureBucket(ctx, "nubo-bench-athena"); err != nil {
		b.Fatal(err)
	}
	data, err := GenerateTPCH(ctx, b.TempDir(), sf)
	if err != nil {
		b.Fatal(err)
	}
	if err := data.Upload(ctx, c); err != nil {
		b.Fatal(err)
	}
	eng, sess, err := data.DirectSession(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	defer sess.Close()
	for _, q := range TPCHQueries {
		b.Run(q.Name+"/athena", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := c.RunQuery(ctx, q.SQL, "tpch"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(q.Name+"/duckdb", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := RunDirect(ctx, sess, q.SQL); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
