package glue

import (
	"context"
	"testing"
	"time"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

func TestCron(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		expr, when string
		want       bool
	}{
		{"cron(15 12 * * ? *)", "2024-03-05 12:15", true},
		{"cron(15 12 * * ? *)", "2024-03-05 12:16", false},
		{"cron(0/15 * * * ? *)", "2024-03-05 07:45", true},
		{"cron(0/15 * * * ? *)", "2024-03-05 07:50", false},
		{"cron(0 8-10 ? * MON-FRI *)", "2024-03-08 09:00", true},  // a Friday
		{"cron(0 8-10 ? * MON-FRI *)", "2024-03-09 09:00", false}, // a Saturday
		{"cron(0 0 L * ? *)", "2024-02-29 00:00", true},
		{"cron(0 0 L * ? *)", "2024-02-28 00:00", false},
		{"cron(0 0 ? * 6L *)", "2024-03-29 00:00", true},  // last Friday of March 2024
		{"cron(0 0 ? * 6#2 *)", "2024-03-08 00:00", true}, // second Friday
		{"cron(0 0 ? * 6#2 *)", "2024-03-01 00:00", false},
		{"cron(0 0 1W * ? *)", "2024-06-03 00:00", true}, // June 1st 2024 is a Saturday
		{"cron(0 0 15 JAN,JUL ? 2024)", "2024-07-15 00:00", true},
		{"cron(0 0 15 JAN,JUL ? 2025)", "2024-07-15 00:00", false},
	}
	for _, tt := range tests {
		c, err := parseCron(tt.expr)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		if got := c.matches(at(tt.when)); got != tt.want {
			t.Errorf("%s at %s = %v", tt.expr, tt.when, got)
		}
	}
	for _, bad := range []string{"rate(5 minutes)", "cron(0 0 * * * *)", "cron(0 0 ? * ? *)", "cron(61 0 * * ? *)", "cron(0 0 * * ?)", "cron(0/0 0 * * ? *)", "cron(5-1 0 * * ? *)"} {
		if _, err := parseCron(bad); codeOf(err) != "InvalidInputException" {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func FuzzCron(f *testing.F) {
	for _, s := range []string{"cron(0/15 * * * ? *)", "cron(0 0 ? * 6#2 *)", "cron(0 0 31W * ? *)", "cron(1-2/3,4 * L * ? 1970-2199)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if c, err := parseCron(expr); err == nil {
			c.matches(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC))
		}
	})
}

func TestScheduledCrawl(t *testing.T) {
	s := newMemStore("lake")
	s.put("lake", "x/f.csv", "a,b\n1,2\n")
	c := newTestCatalog(t, s)
	ctx := context.Background()
	in := &awsglue.CreateCrawlerRequest{Name: "cron", Role: "r", DatabaseName: "lake", Schedule: "cron(30 6 * * ? *)",
		Targets: &awsglue.CrawlerTargets{S3Targets: []awsglue.S3Target{{Path: "s3://lake/x/"}}}}
	if err := c.CreateCrawler(ctx, in); err != nil {
		t.Fatal(err)
	}
	cr, _ := c.GetCrawler(ctx, "cron")
	if cr.Schedule == nil || cr.Schedule.State != scheduleScheduled || cr.Schedule.ScheduleExpression != in.Schedule {
		t.Fatalf("schedule = %+v", cr.Schedule)
	}
	c.runSchedules(time.Date(2024, 1, 1, 6, 29, 0, 0, time.UTC))
	waitCrawl(t, c, "cron")
	if cr, _ := c.GetCrawler(ctx, "cron"); cr.LastCrawl != nil {
		t.Fatal("crawled off schedule")
	}
	c.runSchedules(time.Date(2024, 1, 1, 6, 30, 0, 0, time.UTC))
	waitCrawl(t, c, "cron")
	if cr, _ := c.GetCrawler(ctx, "cron"); cr.LastCrawl == nil || cr.LastCrawl.Status != crawlSucceeded {
		t.Fatalf("scheduled crawl: %+v", cr.LastCrawl)
	}
	if err := c.StopCrawlerSchedule(ctx, "cron"); err != nil {
		t.Fatal(err)
	}
	if err := c.StopCrawlerSchedule(ctx, "cron"); codeOf(err) != "SchedulerNotRunningException" {
		t.Fatalf("second stop: %v", err)
	}
	if err := c.UpdateCrawlerSchedule(ctx, "cron", "cron(0 * * * ? *)"); err != nil {
		t.Fatal(err)
	}
	if err := c.StartCrawlerSchedule(ctx, "cron"); err != nil {
		t.Fatal(err)
	}
	if err := c.StartCrawlerSchedule(ctx, "cron"); codeOf(err) != "SchedulerRunningException" {
		t.Fatalf("second start: %v", err)
	}
	crawls, err := c.ListCrawls(ctx, "cron")
	if err != nil || len(crawls) != 1 || crawls[0].State != "COMPLETED" || crawls[0].Summary != `{"TABLE":{"ADD":{"Count":1}}}` {
		t.Fatalf("crawls = %+v, %v", crawls, err)
	}
}
