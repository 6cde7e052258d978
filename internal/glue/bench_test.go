package glue

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// benchCatalog is a catalog on a real on-disk KV store with one table of
// 10,000 partitions (year × month × day × region).
func benchCatalog(b *testing.B) *Catalog {
	b.Helper()
	db, err := kv.Open(vfs.Default, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	c := NewCatalog(db, newMemStore(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.Cleanup(func() { c.Close(); db.Close() })
	ctx := context.Background()
	if err := c.CreateDatabase(ctx, awsglue.DatabaseInput{Name: "bench"}); err != nil {
		b.Fatal(err)
	}
	keys := []awsglue.Column{{Name: "year", Type: "int"}, {Name: "month", Type: "int"}, {Name: "day", Type: "int"}, {Name: "region", Type: "string"}}
	if err := c.CreateTable(ctx, "bench", awsglue.TableInput{Name: "t", PartitionKeys: keys,
		StorageDescriptor: &awsglue.StorageDescriptor{Location: "s3://b/t/", Columns: []awsglue.Column{{Name: "x", Type: "bigint"}}}}); err != nil {
		b.Fatal(err)
	}
	var batch []awsglue.PartitionInput
	flush := func() {
		if _, err := c.BatchCreatePartition(ctx, "bench", "t", batch); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	for y := 2020; y < 2025; y++ {
		for m := 1; m <= 10; m++ {
			for d := 1; d <= 20; d++ {
				for _, r := range []string{"eu", "us"} {
					v := []string{fmt.Sprint(y), fmt.Sprint(m), fmt.Sprint(d), r}
					batch = append(batch, awsglue.PartitionInput{Values: v, StorageDescriptor: &awsglue.StorageDescriptor{
						Location: fmt.Sprintf("s3://b/t/year=%d/month=%d/day=%d/region=%s/", y, m, d, r)}})
					if len(batch) == MaxBatchCreatePartitions {
						flush()
					}
				}
			}
		}
	}
	return c
}

// BenchmarkGetPartitionsExpression filters 10,000 partitions with a typed
// expression that selects 40 of them (Athena's partition pruning).
func BenchmarkGetPartitionsExpression(b *testing.B) {
	c := benchCatalog(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		parts, err := c.GetPartitions(ctx, "bench", "t", "year = 2024 AND month BETWEEN 3 AND 4 AND region = 'eu'")
		if err != nil || len(parts) != 40 {
			b.Fatalf("%d partitions, %v", len(parts), err)
		}
	}
}

// BenchmarkBatchCreatePartition measures durable (fsynced) creation of
// 100 partitions in one call.
func BenchmarkBatchCreatePartition(b *testing.B) {
	c := benchCatalog(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		batch := make([]awsglue.PartitionInput, MaxBatchCreatePartitions)
		for j := range batch {
			batch[j] = awsglue.PartitionInput{Values: []string{"3000", fmt.Sprint(i), fmt.Sprint(j), "x"}}
		}
		if errs, err := c.BatchCreatePartition(ctx, "bench", "t", batch); err != nil || len(errs) > 0 {
			b.Fatal(err, errs)
		}
	}
}

func BenchmarkClassifyCSV(b *testing.B) {
	var sample []byte
	sample = append(sample, "id,name,amount,active,created\n"...)
	for i := 0; len(sample) < sampleLimit; i++ {
		sample = fmt.Appendf(sample, "%d,name%d,%d.5,true,2024-01-01 10:00:00\n", i, i, i)
	}
	sample = trimPartialLine(sample[:sampleLimit])
	b.SetBytes(int64(len(sample)))
	b.ResetTimer()
	for range b.N {
		if s := classifyText(sample, false); s.format != classCSV {
			b.Fatal(s.format)
		}
	}
}
