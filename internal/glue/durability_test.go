package glue_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/nubo-dev/nubo/internal/nubotest"
)

// TestCatalogSurvivesKill9 acknowledges catalog writes, kills nubo with
// SIGKILL, and finds every one of them after a restart.
func TestCatalogSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the nubo binary")
	}
	dir := t.TempDir()
	p := nubotest.StartProcess(t, dir)
	gc := glue.NewFromConfig(nubotest.ConfigFor(p.URL))
	ctx := t.Context()
	mustCreateDatabase(t, gc, "durable")
	if _, err := gc.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String("durable"), TableInput: salesTable("sales")}); err != nil {
		t.Fatal(err)
	}
	var batch []types.PartitionInput
	for i := range 50 {
		batch = append(batch, partition(fmt.Sprint(2000+i), "eu"))
	}
	if _, err := gc.BatchCreatePartition(ctx, &glue.BatchCreatePartitionInput{DatabaseName: aws.String("durable"),
		TableName: aws.String("sales"), PartitionInputList: batch}); err != nil {
		t.Fatal(err)
	}
	in := salesTable("sales")
	in.Description = aws.String("v1")
	if _, err := gc.UpdateTable(ctx, &glue.UpdateTableInput{DatabaseName: aws.String("durable"), TableInput: in}); err != nil {
		t.Fatal(err)
	}
	p.Kill()

	p = nubotest.StartProcess(t, dir)
	gc = glue.NewFromConfig(nubotest.ConfigFor(p.URL))
	tb, err := gc.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String("durable"), Name: aws.String("sales")})
	if err != nil || aws.ToString(tb.Table.Description) != "v1" || aws.ToString(tb.Table.VersionId) != "1" {
		t.Fatalf("table after kill -9: %+v, %v", tb, err)
	}
	parts, err := gc.GetPartitions(ctx, &glue.GetPartitionsInput{DatabaseName: aws.String("durable"), TableName: aws.String("sales")})
	if err != nil || len(parts.Partitions) != 50 {
		t.Fatalf("partitions after kill -9: %d, %v", len(parts.Partitions), err)
	}
}
