package glue_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/nubo-dev/nubo/internal/nubotest"
	"github.com/nubo-dev/nubo/internal/vfs"
)

func putObjects(t *testing.T, c *s3.Client, bucket string, objects map[string]string) {
	t.Helper()
	if _, err := c.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	for k, v := range objects {
		if _, err := c.PutObject(t.Context(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(k), Body: bytes.NewReader([]byte(v))}); err != nil {
			t.Fatal(err)
		}
	}
}

// waitReady polls GetCrawler until the crawler is READY after a crawl.
func waitReady(t *testing.T, c *glue.Client, name string) *types.Crawler {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out, err := c.GetCrawler(t.Context(), &glue.GetCrawlerInput{Name: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Crawler.State == types.CrawlerStateReady && out.Crawler.LastCrawl != nil {
			return out.Crawler
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("crawler %s never became READY", name)
	return nil
}

func TestCrawlerOverS3(t *testing.T) {
	srv := nubotest.Start(t)
	s3c := s3.NewFromConfig(srv.Config(), func(o *s3.Options) { o.UsePathStyle = true })
	gc := glue.NewFromConfig(srv.Config())
	ctx := t.Context()
	putObjects(t, s3c, "lake", map[string]string{
		"sales/year=2023/month=12/a.csv": "id,amount,note\n1,2.5,first\n2,3,second\n",
		"sales/year=2024/month=01/b.csv": "id,amount,note\n3,4.25,third\n",
		"events/e.json":                  `{"id": 1, "user": {"name": "ann"}, "tags": ["x"]}` + "\n",
		"raw/noheader.csv":               "a,b\nc,d\n",
	})
	_, err := gc.CreateCrawler(ctx, &glue.CreateCrawlerInput{
		Name: aws.String("lake"), Role: aws.String("arn:aws:iam::000000000000:role/glue"), DatabaseName: aws.String("lakedb"),
		Targets: &types.CrawlerTargets{S3Targets: []types.S3Target{{Path: aws.String("s3://lake/sales/")}, {Path: aws.String("s3://lake/events")}, {Path: aws.String("s3://lake/raw/")}}},
		Tags:    map[string]string{"team": "data"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := gc.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String("lake")})
	if err != nil {
		t.Fatal(err)
	}
	cr := got.Crawler
	if cr.State != types.CrawlerStateReady || cr.SchemaChangePolicy.UpdateBehavior != types.UpdateBehaviorUpdateInDatabase ||
		cr.SchemaChangePolicy.DeleteBehavior != types.DeleteBehaviorDeprecateInDatabase || cr.Version != 1 || cr.CreationTime == nil {
		t.Fatalf("crawler = %+v", cr)
	}
	if _, err := gc.StartCrawler(ctx, &glue.StartCrawlerInput{Name: aws.String("lake")}); err != nil {
		t.Fatal(err)
	}
	cr = waitReady(t, gc, "lake")
	if cr.LastCrawl.Status != types.LastCrawlStatusSucceeded {
		t.Fatalf("last crawl = %+v (%s)", cr.LastCrawl, aws.ToString(cr.LastCrawl.ErrorMessage))
	}

	tables, err := gc.GetTables(ctx, &glue.GetTablesInput{DatabaseName: aws.String("lakedb")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range tables.TableList {
		names = append(names, aws.ToString(tb.Name)+"("+aws.ToString(tb.StorageDescriptor.Location)+")")
	}
	if fmt.Sprint(names) != "[events(s3://lake/events/) raw(s3://lake/raw/) sales(s3://lake/sales/)]" {
		t.Fatalf("tables = %v", names)
	}
	sales, err := gc.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String("lakedb"), Name: aws.String("sales")})
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range sales.Table.StorageDescriptor.Columns {
		cols = append(cols, aws.ToString(c.Name)+":"+aws.ToString(c.Type))
	}
	if strings.Join(cols, ",") != "id:bigint,amount:double,note:string" || len(sales.Table.PartitionKeys) != 2 ||
		sales.Table.Parameters["skip.header.line.count"] != "1" {
		t.Fatalf("sales = %v %+v", cols, sales.Table.Parameters)
	}
	parts, err := gc.GetPartitions(ctx, &glue.GetPartitionsInput{DatabaseName: aws.String("lakedb"), TableName: aws.String("sales"),
		Expression: aws.String("year = '2024'")})
	if err != nil || len(parts.Partitions) != 1 || parts.Partitions[0].Values[1] != "01" {
		t.Fatalf("partitions = %+v, %v", parts, err)
	}

	metrics, err := gc.GetCrawlerMetrics(ctx, &glue.GetCrawlerMetricsInput{CrawlerNameList: []string{"lake"}})
	if err != nil || len(metrics.CrawlerMetricsList) != 1 || metrics.CrawlerMetricsList[0].TablesCreated != 3 {
		t.Fatalf("metrics = %+v, %v", metrics, err)
	}
	list, err := gc.ListCrawlers(ctx, &glue.ListCrawlersInput{Tags: map[string]string{"team": "data"}})
	if err != nil || len(list.CrawlerNames) != 1 {
		t.Fatalf("list crawlers = %+v, %v", list, err)
	}
	list, _ = gc.ListCrawlers(ctx, &glue.ListCrawlersInput{Tags: map[string]string{"team": "web"}})
	if len(list.CrawlerNames) != 0 {
		t.Fatalf("tag filter ignored: %v", list.CrawlerNames)
	}
	_, err = gc.StopCrawler(ctx, &glue.StopCrawlerInput{Name: aws.String("lake")})
	var notRunning *types.CrawlerNotRunningException
	if !asErr(err, &notRunning) {
		t.Fatalf("stop idle crawler: %v", err)
	}
	if _, err := gc.UpdateCrawler(ctx, &glue.UpdateCrawlerInput{Name: aws.String("lake"), Description: aws.String("d")}); err != nil {
		t.Fatal(err)
	}
	got, _ = gc.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String("lake")})
	if got.Crawler.Version != 2 || aws.ToString(got.Crawler.Description) != "d" {
		t.Fatalf("updated crawler = %+v", got.Crawler)
	}
	if _, err := gc.DeleteCrawler(ctx, &glue.DeleteCrawlerInput{Name: aws.String("lake")}); err != nil {
		t.Fatal(err)
	}
	_, err = gc.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String("lake")})
	var nf *types.EntityNotFoundException
	if !asErr(err, &nf) {
		t.Fatalf("deleted crawler: %v", err)
	}
}

func TestCatalogSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	srv := nubotest.StartOn(t, vfs.Default, dir)
	gc := glue.NewFromConfig(srv.Config())
	mustCreateDatabase(t, gc, "keep")
	if _, err := gc.CreateTable(t.Context(), &glue.CreateTableInput{DatabaseName: aws.String("keep"), TableInput: salesTable("sales")}); err != nil {
		t.Fatal(err)
	}
	if _, err := gc.CreatePartition(t.Context(), &glue.CreatePartitionInput{DatabaseName: aws.String("keep"), TableName: aws.String("sales"),
		PartitionInput: ptr(partition("2024", "eu"))}); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	srv = nubotest.StartOn(t, vfs.Default, dir)
	gc = glue.NewFromConfig(srv.Config())
	if _, err := gc.GetPartition(t.Context(), &glue.GetPartitionInput{DatabaseName: aws.String("keep"), TableName: aws.String("sales"),
		PartitionValues: []string{"2024", "eu"}}); err != nil {
		t.Fatalf("after restart: %v", err)
	}
}
