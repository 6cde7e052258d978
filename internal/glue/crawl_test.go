package glue

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/vfs"
)

func newTestCatalog(t *testing.T, store *memStore) *Catalog {
	t.Helper()
	db, err := kv.Open(vfs.NewMem(), "meta")
	if err != nil {
		t.Fatal(err)
	}
	c := NewCatalog(db, store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(func() {
		c.Close()
		db.Close()
	})
	return c
}

// crawlOnce creates (or updates) a crawler over paths and runs it to completion.
func crawlOnce(t *testing.T, c *Catalog, name string, mutate func(*awsglue.CreateCrawlerRequest), paths ...string) *awsglue.Crawler {
	t.Helper()
	ctx := context.Background()
	in := &awsglue.CreateCrawlerRequest{Name: name, Role: "AWSGlueServiceRole", DatabaseName: "lake", Targets: &awsglue.CrawlerTargets{}}
	for _, p := range paths {
		in.Targets.S3Targets = append(in.Targets.S3Targets, awsglue.S3Target{Path: p})
	}
	if mutate != nil {
		mutate(in)
	}
	if _, err := c.GetCrawler(ctx, name); err != nil {
		if err := c.CreateCrawler(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.StartCrawler(ctx, name); err != nil {
		t.Fatal(err)
	}
	waitCrawl(t, c, name)
	cr, err := c.GetCrawler(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if cr.State != crawlerReady || cr.LastCrawl == nil {
		t.Fatalf("crawler after run: state %s, last crawl %+v", cr.State, cr.LastCrawl)
	}
	return cr
}

func waitCrawl(t *testing.T, c *Catalog, name string) {
	t.Helper()
	c.runMu.Lock()
	r := c.runs[name]
	c.runMu.Unlock()
	// finishCrawl has recorded the outcome by the time done is closed.
	if r != nil {
		<-r.done
	}
}

func getTable(t *testing.T, c *Catalog, name string) *awsglue.Table {
	t.Helper()
	tb, err := c.GetTable(context.Background(), "lake", name)
	if err != nil {
		t.Fatalf("table %s: %v", name, err)
	}
	return tb
}

func columns(cols []awsglue.Column) string {
	var parts []string
	for _, c := range cols {
		parts = append(parts, c.Name+" "+c.Type)
	}
	return strings.Join(parts, ", ")
}

func TestCrawlCSVWithHeader(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "data/sales/part-0.csv", "id,name,amount,active,created\n1,apple,1.5,true,2024-01-01 10:00:00\n2,pear,2,false,2024-01-02 11:30:00.250\n3,fig,,true,2024-01-03 12:00:00\n")
	c := newTestCatalog(t, s)
	cr := crawlOnce(t, c, "sales", nil, "s3://lake/data/sales")
	if cr.LastCrawl.Status != crawlSucceeded {
		t.Fatalf("last crawl = %+v", cr.LastCrawl)
	}
	tb := getTable(t, c, "sales")
	if got := columns(tb.StorageDescriptor.Columns); got != "id bigint, name string, amount double, active boolean, created timestamp" {
		t.Fatalf("columns = %s", got)
	}
	sd := tb.StorageDescriptor
	if sd.Location != "s3://lake/data/sales/" || sd.InputFormat != textInputFormat || sd.OutputFormat != textOutputFormat ||
		sd.SerdeInfo.SerializationLibrary != lazySimpleSerDe || sd.SerdeInfo.Parameters["field.delim"] != "," {
		t.Fatalf("storage = %+v serde %+v", sd, sd.SerdeInfo)
	}
	want := map[string]string{
		"classification": "csv", "delimiter": ",", "skip.header.line.count": "1", "recordCount": "3",
		"objectCount": "1", "compressionType": "none", "typeOfData": "file", "areColumnsQuoted": "false",
		"columnsOrdered": "true", "UPDATED_BY_CRAWLER": "sales", "CrawlerSchemaSerializerVersion": "1.0",
	}
	for k, v := range want {
		if tb.Parameters[k] != v || sd.Parameters[k] != v {
			t.Errorf("parameter %s = %q / %q, want %q", k, tb.Parameters[k], sd.Parameters[k], v)
		}
	}
	if tb.TableType != "EXTERNAL_TABLE" || len(tb.PartitionKeys) != 0 || tb.Parameters["sizeKey"] == "" {
		t.Fatalf("table = %+v", tb)
	}
	m, _ := c.CrawlerMetrics(context.Background(), []string{"sales"})
	if len(m) != 1 || *m[0].TablesCreated != 1 {
		t.Fatalf("metrics = %+v", m)
	}
}

func TestCrawlCSVDialects(t *testing.T) {
	tests := []struct {
		name, body, cols, serde, delim, skip string
	}{
		{"noheader", "a,b\nc,d\ne,f\n", "col0 string, col1 string", lazySimpleSerDe, ",", ""},
		{"numbers", "1,2.5\n3,4\n", "col0 bigint, col1 double", lazySimpleSerDe, ",", ""},
		{"pipes", "city|pop\nParis|2100000\nRome|2800000\n", "city string, pop bigint", lazySimpleSerDe, "|", "1"},
		{"tabs", "k\tv\nx\t1\n", "k string, v bigint", lazySimpleSerDe, "\t", "1"},
		{"quoted", "\"id\",\"text\"\n\"1\",\"hello, world\"\n\"2\",\"bye\"\n", "id bigint, text string", openCSVSerDe, ",", "1"},
		{"dupes", "Name,name,\nx,1,\ny,2,\n", "name string, name_1 bigint, col2 string", lazySimpleSerDe, ",", "1"},
	}
	s := newMemStore("lake")
	for _, tt := range tests {
		s.put("lake", "csv/"+tt.name+"/f.csv", tt.body)
	}
	c := newTestCatalog(t, s)
	var paths []string
	for _, tt := range tests {
		paths = append(paths, "s3://lake/csv/"+tt.name+"/")
	}
	crawlOnce(t, c, "dialects", nil, paths...)
	for _, tt := range tests {
		tb := getTable(t, c, tt.name)
		sd := tb.StorageDescriptor
		if got := columns(sd.Columns); got != tt.cols {
			t.Errorf("%s: columns = %s, want %s", tt.name, got, tt.cols)
		}
		if sd.SerdeInfo.SerializationLibrary != tt.serde || tb.Parameters["delimiter"] != tt.delim ||
			tb.Parameters["skip.header.line.count"] != tt.skip {
			t.Errorf("%s: serde %s params %v", tt.name, sd.SerdeInfo.SerializationLibrary, tb.Parameters)
		}
		if tt.serde == openCSVSerDe && (sd.SerdeInfo.Parameters["separatorChar"] != "," || sd.SerdeInfo.Parameters["quoteChar"] != `"` ||
			tb.Parameters["areColumnsQuoted"] != "true") {
			t.Errorf("%s: OpenCSVSerde parameters %v", tt.name, sd.SerdeInfo.Parameters)
		}
	}
}

func TestCrawlJSONLines(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "events/e1.json", `{"id": 1, "User": {"name": "ann", "tags": ["a", "b"]}, "score": 1.5, "ok": true}
{"id": 3000000000, "User": {"name": "bob", "tags": []}, "score": 2, "extra": null}
`)
	s.put("lake", "events/e2.json", `{"id": 2, "score": 3, "items": [{"sku": "x", "qty": 1}]}`+"\n")
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "events", nil, "s3://lake/events/")
	tb := getTable(t, c, "events")
	want := "id bigint, user struct<name:string,tags:array<string>>, score double, ok boolean, extra string, items array<struct<sku:string,qty:int>>"
	if got := columns(tb.StorageDescriptor.Columns); got != want {
		t.Fatalf("columns = %s\nwant      %s", got, want)
	}
	sd := tb.StorageDescriptor
	if sd.SerdeInfo.SerializationLibrary != jsonSerDe || sd.SerdeInfo.Parameters["paths"] != "extra,id,items,ok,score,user" ||
		tb.Parameters["classification"] != "json" || tb.Parameters["recordCount"] != "3" || tb.Parameters["objectCount"] != "2" {
		t.Fatalf("json table: serde %+v params %v", sd.SerdeInfo, tb.Parameters)
	}
}

func TestCrawlGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	fmt.Fprint(zw, "a,b\n1,x\n2,y\n")
	zw.Close()
	s := newMemStore("lake")
	s.put("lake", "gz/data.csv.gz", buf.String())
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "gz", nil, "s3://lake/gz/")
	tb := getTable(t, c, "gz")
	if tb.Parameters["compressionType"] != "gzip" || columns(tb.StorageDescriptor.Columns) != "a bigint, b string" {
		t.Fatalf("gzip table: %v %s", tb.Parameters, columns(tb.StorageDescriptor.Columns))
	}
}

func TestCrawlHivePartitions(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "sales/year=2023/month=12/a.csv", "id,amount\n1,2.5\n")
	s.put("lake", "sales/year=2024/month=01/b.csv", "id,amount\n2,3\n3,4\n")
	s.put("lake", "sales/year=2024/month=02/c.csv", "id,amount\n4,5.5\n")
	s.put("lake", "sales/year=2024/month=02/_SUCCESS", "")
	s.put("lake", "sales/_temporary/x.csv", "garbage")
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "hive", nil, "s3://lake/sales/")
	tb := getTable(t, c, "sales")
	if got := columns(tb.PartitionKeys); got != "year string, month string" {
		t.Fatalf("partition keys = %s", got)
	}
	parts, err := c.GetPartitions(context.Background(), "lake", "sales", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range parts {
		got = append(got, strings.Join(p.Values, "/")+"@"+p.StorageDescriptor.Location+"#"+p.Parameters["recordCount"])
	}
	want := "[2023/12@s3://lake/sales/year=2023/month=12/#1 2024/01@s3://lake/sales/year=2024/month=01/#2 2024/02@s3://lake/sales/year=2024/month=02/#1]"
	if fmt.Sprint(got) != want {
		t.Fatalf("partitions = %v", got)
	}
	if p := parts[1]; p.StorageDescriptor.SerdeInfo.SerializationLibrary != lazySimpleSerDe || p.Parameters["classification"] != "csv" {
		t.Fatalf("partition storage = %+v", p.StorageDescriptor)
	}
	selected, err := c.GetPartitions(context.Background(), "lake", "sales", "year = '2024' AND month > '01'")
	if err != nil || len(selected) != 1 {
		t.Fatalf("expression over crawled partitions = %d, %v", len(selected), err)
	}

	// A new partition appears: the next crawl adds it and keeps the table.
	s.put("lake", "sales/year=2024/month=03/d.csv", "id,amount\n5,1\n")
	cr := crawlOnce(t, c, "hive", nil)
	parts, _ = c.GetPartitions(context.Background(), "lake", "sales", "")
	m, _ := c.CrawlerMetrics(context.Background(), []string{"hive"})
	if len(parts) != 4 || *m[0].TablesCreated != 0 || cr.LastCrawl.Status != crawlSucceeded {
		t.Fatalf("recrawl: %d partitions, metrics %+v", len(parts), m[0])
	}
}

func TestCrawlPlainPathPartitions(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "logs/2024/01/a.json", `{"level":"info","msg":"x"}`+"\n")
	s.put("lake", "logs/2024/02/b.json", `{"level":"warn","msg":"y"}`+"\n")
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "logs", nil, "s3://lake/logs/")
	tb := getTable(t, c, "logs")
	if got := columns(tb.PartitionKeys); got != "partition_0 string, partition_1 string" {
		t.Fatalf("partition keys = %s", got)
	}
	p, err := c.GetPartition(context.Background(), "lake", "logs", []string{"2024", "02"})
	if err != nil || p.StorageDescriptor.Location != "s3://lake/logs/2024/02/" {
		t.Fatalf("partition = %+v, %v", p, err)
	}
}

func TestCrawlTableRoots(t *testing.T) {
	s := newMemStore("lake")
	// Different schemas under one include path: one table per folder.
	s.put("lake", "db/users/u.csv", "user_id,email,name\n1,a@x,ann\n")
	s.put("lake", "db/orders/o.json", `{"order_id": 1, "total": 2.5}`+"\n")
	// Same schema in sibling folders: one table with a partition column.
	s.put("lake", "multi/a/x.csv", "k,v\na,1\n")
	s.put("lake", "multi/b/y.csv", "k,v\nb,2\n")
	s.put("lake", "multi/b/z.txt", "\x00\x01binary")
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "roots", func(in *awsglue.CreateCrawlerRequest) { in.TablePrefix = "raw_" }, "s3://lake/db/", "s3://lake/multi/")
	tables, _ := c.GetTables(context.Background(), "lake", "")
	var names []string
	for _, tb := range tables {
		names = append(names, tb.Name+":"+tb.Parameters["classification"]+":"+columns(tb.PartitionKeys))
	}
	if fmt.Sprint(names) != "[raw_multi:csv:partition_0 string raw_orders:json: raw_users:csv:]" {
		t.Fatalf("tables = %v", names)
	}
	if loc := getTable(t, c, "raw_orders").StorageDescriptor.Location; loc != "s3://lake/db/orders/" {
		t.Fatalf("orders location = %s", loc)
	}
}

func TestCrawlTableLevelAndExclusions(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "a/b/t1/x.csv", "k,v\na,1\n")
	s.put("lake", "a/b/t2/y.csv", "k,v\nb,2\n")
	s.put("lake", "a/b/t2/skip.tmp", "k,v\nb,2\n")
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "level", func(in *awsglue.CreateCrawlerRequest) {
		in.Configuration = `{"Version":1.0,"Grouping":{"TableLevelConfiguration":4}}`
		in.Targets.S3Targets[0].Exclusions = []string{"**.tmp"}
	}, "s3://lake/a/")
	tables, _ := c.GetTables(context.Background(), "lake", "")
	if len(tables) != 2 || tables[0].Name != "t1" || tables[1].Parameters["objectCount"] != "1" {
		t.Fatalf("tables = %+v", tables)
	}
}

func TestCrawlSingleFileTarget(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "files/My-Data.csv", "a,b\n1,2\n")
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "single", nil, "s3://lake/files/My-Data.csv")
	tb := getTable(t, c, "my_data_csv")
	if tb.StorageDescriptor.Location != "s3://lake/files/My-Data.csv" {
		t.Fatalf("location = %s", tb.StorageDescriptor.Location)
	}
}

func TestCrawlDeleteBehavior(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "gone/t1/x.csv", "k,v\na,1\n")
	s.put("lake", "gone/t2/y.json", `{"a":1}`+"\n")
	s.put("lake", "gone/t3/z.csv", "x,y,z\na,1,2\n")
	c := newTestCatalog(t, s)
	policy := func(in *awsglue.CreateCrawlerRequest) {
		in.SchemaChangePolicy = &awsglue.SchemaChangePolicy{UpdateBehavior: "UPDATE_IN_DATABASE", DeleteBehavior: "DELETE_FROM_DATABASE"}
	}
	crawlOnce(t, c, "gone", policy, "s3://lake/gone/")
	if tables, _ := c.GetTables(context.Background(), "lake", ""); len(tables) != 3 {
		t.Fatalf("tables = %d", len(tables))
	}
	s.Delete(context.Background(), "lake", "gone/t2/y.json")
	crawlOnce(t, c, "gone", nil)
	tables, _ := c.GetTables(context.Background(), "lake", "")
	m, _ := c.CrawlerMetrics(context.Background(), nil)
	if len(tables) != 2 || tables[0].Name != "t1" || tables[1].Name != "t3" || *m[0].TablesDeleted != 1 || *m[0].TablesCreated != 0 || *m[0].TablesUpdated != 0 {
		t.Fatalf("after delete: tables %v, metrics %+v", tables, m[0])
	}
}

func TestCrawlerStates(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "x/f.csv", "a,b\n1,2\n")
	c := newTestCatalog(t, s)
	ctx := context.Background()
	release := make(chan struct{})
	c.crawlHook = func(ctx context.Context) {
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	in := &awsglue.CreateCrawlerRequest{Name: "slow", Role: "r", DatabaseName: "lake",
		Targets: &awsglue.CrawlerTargets{S3Targets: []awsglue.S3Target{{Path: "s3://lake/x/"}}}}
	if err := c.CreateCrawler(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateCrawler(ctx, in); codeOf(err) != "AlreadyExistsException" {
		t.Fatalf("duplicate crawler: %v", err)
	}
	if err := c.StopCrawler(ctx, "slow"); codeOf(err) != "CrawlerNotRunningException" {
		t.Fatalf("stop idle crawler: %v", err)
	}
	if err := c.StartCrawler(ctx, "slow"); err != nil {
		t.Fatal(err)
	}
	cr, _ := c.GetCrawler(ctx, "slow")
	if cr.State != crawlerRunning {
		t.Fatalf("state = %s", cr.State)
	}
	if err := c.StartCrawler(ctx, "slow"); codeOf(err) != "CrawlerRunningException" {
		t.Fatalf("second start: %v", err)
	}
	if err := c.DeleteCrawler(ctx, "slow"); codeOf(err) != "CrawlerRunningException" {
		t.Fatalf("delete running: %v", err)
	}
	if err := c.StopCrawler(ctx, "slow"); err != nil {
		t.Fatal(err)
	}
	waitCrawl(t, c, "slow")
	cr, _ = c.GetCrawler(ctx, "slow")
	if cr.State != crawlerReady || cr.LastCrawl.Status != crawlCancelled {
		t.Fatalf("after stop: %s %+v", cr.State, cr.LastCrawl)
	}
	close(release)
	crawlOnce(t, c, "slow", nil)
	cr, _ = c.GetCrawler(ctx, "slow")
	if cr.LastCrawl.Status != crawlSucceeded {
		t.Fatalf("second run: %+v", cr.LastCrawl)
	}
	if err := c.DeleteCrawler(ctx, "slow"); err != nil {
		t.Fatal(err)
	}
}

func TestCrawlFailures(t *testing.T) {
	c := newTestCatalog(t, newMemStore("lake"))
	cr := crawlOnce(t, c, "nobucket", nil, "s3://missing/x/")
	if cr.LastCrawl.Status != crawlFailed || !strings.Contains(cr.LastCrawl.ErrorMessage, "missing") {
		t.Fatalf("last crawl = %+v", cr.LastCrawl)
	}
	err := c.CreateCrawler(context.Background(), &awsglue.CreateCrawlerRequest{Name: "jdbc", Role: "r",
		Targets: &awsglue.CrawlerTargets{JdbcTargets: []awsglue.JdbcTarget{{ConnectionName: "c", Path: "db/%"}}}})
	if codeOf(err) != "NotImplemented" {
		t.Fatalf("jdbc crawler: %v", err)
	}
	err = c.CreateCrawler(context.Background(), &awsglue.CreateCrawlerRequest{Name: "none", Role: "r", Targets: &awsglue.CrawlerTargets{}})
	if codeOf(err) != "InvalidInputException" {
		t.Fatalf("no targets: %v", err)
	}
}

func TestDiscoverPartitions(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "t/year=2023/Region=eu/a.csv", "x\n")
	s.put("lake", "t/year=2023/region=us/b.csv", "x\n")
	s.put("lake", "t/year=2023/region=us/c.csv", "x\n")
	s.put("lake", "t/year=2024/region=a%2Fb/d.csv", "x\n")
	s.put("lake", "t/year=2024/e.csv", "x\n")
	s.put("lake", "t/other/f.csv", "x\n")
	s.put("lake", "t/year=2025/_tmp/region=x/g.csv", "x\n")
	c := newTestCatalog(t, s)
	ctx := context.Background()
	if err := c.CreateDatabase(ctx, awsglue.DatabaseInput{Name: "lake"}); err != nil {
		t.Fatal(err)
	}
	err := c.CreateTable(ctx, "lake", awsglue.TableInput{Name: "t",
		StorageDescriptor: &awsglue.StorageDescriptor{Location: "s3://lake/t", Columns: []awsglue.Column{{Name: "x", Type: "string"}}},
		PartitionKeys:     []awsglue.Column{{Name: "year", Type: "int"}, {Name: "region", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreatePartition(ctx, "lake", "t", awsglue.PartitionInput{Values: []string{"2023", "us"}}); err != nil {
		t.Fatal(err)
	}
	found, err := c.DiscoverPartitions(ctx, "lake", "t")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range found {
		got = append(got, strings.Join(p.Values, ",")+"@"+p.StorageDescriptor.Location+":"+columns(p.StorageDescriptor.Columns))
	}
	want := "[2023,eu@s3://lake/t/year=2023/Region=eu/:x string 2024,a/b@s3://lake/t/year=2024/region=a%2Fb/:x string]"
	if fmt.Sprint(got) != want {
		t.Fatalf("discovered = %v", got)
	}
}

func TestCrawlerRecoversAfterCrash(t *testing.T) {
	db, err := kv.Open(vfs.NewMem(), "meta")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := NewCatalog(db, newMemStore("lake"), logger)
	ctx := context.Background()
	in := &awsglue.CreateCrawlerRequest{Name: "cut", Role: "r", DatabaseName: "lake",
		Targets: &awsglue.CrawlerTargets{S3Targets: []awsglue.S3Target{{Path: "s3://lake/x/"}}}}
	if err := c.CreateCrawler(ctx, in); err != nil {
		t.Fatal(err)
	}
	// As if nubo died in the middle of a crawl: the stored state is RUNNING.
	rec, _ := c.loadCrawler("cut")
	rec.Crawler.State = crawlerRunning
	if err := c.saveCrawler(rec); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c = NewCatalog(db, newMemStore("lake"), logger)
	defer c.Close()
	cr, err := c.GetCrawler(ctx, "cut")
	if err != nil || cr.State != crawlerReady || cr.LastCrawl == nil || cr.LastCrawl.Status != crawlFailed {
		t.Fatalf("after restart: %+v, %v", cr, err)
	}
	if err := c.StartCrawler(ctx, "cut"); err != nil {
		t.Fatal(err)
	}
	waitCrawl(t, c, "cut")
}

func TestCrawlMixedDepthsSingleSchema(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "mix/a.csv", "k,v\na,1\n")
	s.put("lake", "mix/p=1/b.csv", "k,v\nb,2\n")
	s.put("lake", "mix/p=2/q=3/c.json", `{"k":"c"}`+"\n")
	c := newTestCatalog(t, s)
	crawlOnce(t, c, "mix", func(in *awsglue.CreateCrawlerRequest) {
		in.Configuration = `{"Version":1.0,"Grouping":{"TableGroupingPolicy":"CombineCompatibleSchemas"}}`
	}, "s3://lake/mix/")
	tb := getTable(t, c, "mix")
	if tb.Parameters["classification"] != "csv" || len(tb.PartitionKeys) != 0 || tb.Parameters["objectCount"] != "2" {
		t.Fatalf("table = %v %s", tb.Parameters, columns(tb.PartitionKeys))
	}
	// Without the policy the folders split into tables; none panics on depth.
	c2 := newTestCatalog(t, s)
	crawlOnce(t, c2, "mix", nil, "s3://lake/mix/")
	if tables, _ := c2.GetTables(context.Background(), "lake", ""); len(tables) == 0 {
		t.Fatal("no tables")
	}
}

// FuzzGroupTables feeds arbitrary folder layouts to the table grouping,
// which must never panic and must place every kept file in one table.
func FuzzGroupTables(f *testing.F) {
	f.Add("a/x=1/f\na/x=2/g\nb/h", uint8(0), 0)
	f.Add("f\nd/g\nd/e/h\n", uint8(3), 3)
	f.Fuzz(func(t *testing.T, layout string, formats uint8, level int) {
		schemas := []*fileSchema{
			{format: classCSV, csv: csvDialect{delimiter: ',', header: true}, columns: []awsglue.Column{{Name: "a", Type: "bigint"}}},
			{format: classJSON, columns: []awsglue.Column{{Name: "b", Type: "string"}}},
		}
		var files []*crawledFile
		for i, line := range strings.Split(layout, "\n") {
			if line == "" || len(files) > 50 {
				continue
			}
			parts := strings.Split(line, "/")
			f := &crawledFile{dirs: parts[:len(parts)-1]}
			if formats&(1<<(i%8)) == 0 {
				f.schema = schemas[i%2]
			}
			files = append(files, f)
		}
		cfg := &crawlerConfiguration{}
		cfg.Grouping.TableLevelConfiguration = level % 6
		if formats&1 == 1 {
			cfg.Grouping.TableGroupingPolicy = "CombineCompatibleSchemas"
		}
		for _, spec := range groupTables("s3://b/p/", "p", files, cfg) {
			spec.tableInput("c", spec.name)
			for _, p := range spec.partitions() {
				spec.partitionInput("c", p, false)
			}
		}
	})
}
