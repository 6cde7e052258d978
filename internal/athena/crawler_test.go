package athena_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
)

// TestCrawledTables queries tables a Glue crawler wrote: a partitioned CSV
// table with a header and a JSON table with a nested column.
func TestCrawledTables(t *testing.T) {
	e := newEnv(t)
	e.bucket("crawl")
	e.put("crawl", "sales/year=2023/a.csv", "id,amount\n1,2.5\n2,3\n")
	e.put("crawl", "sales/year=2024/b.csv", "id,amount\n3,4.5\n")
	e.put("crawl", "events/e.json", `{"id": 1, "user": {"name": "ann"}}`+"\n")
	g := glue.NewFromConfig(e.srv.Config())
	ctx := context.Background()
	_, err := g.CreateCrawler(ctx, &glue.CreateCrawlerInput{Name: aws.String("c1"), Role: aws.String("arn:aws:iam::000000000000:role/glue"),
		DatabaseName: aws.String("crawled"), Targets: &gluetypes.CrawlerTargets{S3Targets: []gluetypes.S3Target{
			{Path: aws.String("s3://crawl/sales/")}, {Path: aws.String("s3://crawl/events/")}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.StartCrawler(ctx, &glue.StartCrawlerInput{Name: aws.String("c1")}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := g.GetCrawler(ctx, &glue.GetCrawlerInput{Name: aws.String("c1")})
		if err != nil {
			t.Fatal(err)
		}
		if c.Crawler.State == gluetypes.CrawlerStateReady && c.Crawler.LastCrawl != nil {
			if c.Crawler.LastCrawl.Status != gluetypes.LastCrawlStatusSucceeded {
				t.Fatalf("crawl %s: %s", c.Crawler.LastCrawl.Status, aws.ToString(c.Crawler.LastCrawl.ErrorMessage))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("crawler did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
	got := e.rows("SELECT year, sum(amount), count(*) FROM sales GROUP BY year ORDER BY year", "crawled")
	want := [][]string{{"year", "_col1", "_col2"}, {"2023", "5.5", "2"}, {"2024", "4.5", "1"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sales: %v", got)
	}
	got = e.rows("SELECT id, \"user\".name FROM events", "crawled")
	if !reflect.DeepEqual(got, [][]string{{"id", "name"}, {"1", "ann"}}) {
		t.Fatalf("events: %v", got)
	}
}
