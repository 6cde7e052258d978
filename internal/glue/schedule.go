package glue

import (
	"context"
	"time"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Schedule states, as Glue names them.
const (
	scheduleScheduled    = "SCHEDULED"
	scheduleNotScheduled = "NOT_SCHEDULED"
)

// runScheduler starts the crawls whose schedule fires, once a minute at
// the start of the minute, until stop is closed.
func (c *Catalog) runScheduler(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for {
		now := c.now()
		next := now.Truncate(time.Minute).Add(time.Minute)
		timer := time.NewTimer(next.Sub(now))
		select {
		case <-stop:
			timer.Stop()
			return
		case <-timer.C:
			c.runSchedules(next)
		}
	}
}

// runSchedules starts every scheduled crawler whose cron expression
// matches the minute of t; a crawler still running is left alone.
func (c *Catalog) runSchedules(t time.Time) {
	recs, err := c.listCrawlers()
	if err != nil {
		c.logger.Error("glue: reading crawler schedules", "err", err)
		return
	}
	for _, rec := range recs {
		sch := rec.Crawler.Schedule
		if sch == nil || sch.State != scheduleScheduled {
			continue
		}
		cron, err := parseCron(sch.ScheduleExpression)
		if err != nil || !cron.matches(t) {
			continue
		}
		err = c.StartCrawler(context.Background(), rec.Crawler.Name)
		if err != nil && codeOf(err) != "CrawlerRunningException" {
			c.logger.Warn("glue: scheduled crawl did not start", "crawler", rec.Crawler.Name, "err", err)
		}
	}
}

// StartCrawlerSchedule turns a crawler's schedule on.
func (c *Catalog) StartCrawlerSchedule(ctx context.Context, name string) error {
	return c.setScheduleState(name, scheduleScheduled)
}

// StopCrawlerSchedule turns a crawler's schedule off; it keeps its expression.
func (c *Catalog) StopCrawlerSchedule(ctx context.Context, name string) error {
	return c.setScheduleState(name, scheduleNotScheduled)
}

func (c *Catalog) setScheduleState(name, state string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, err := c.loadCrawler(name)
	if err != nil {
		return err
	}
	sch := rec.Crawler.Schedule
	switch {
	case sch == nil || sch.ScheduleExpression == "":
		return awsproto.NewError("NoScheduleException", 400, "Crawler %s has no schedule.", name)
	case sch.State == state && state == scheduleScheduled:
		return awsproto.NewError("SchedulerRunningException", 400, "Schedule of crawler %s is already running.", name)
	case sch.State == state:
		return awsproto.NewError("SchedulerNotRunningException", 400, "Schedule of crawler %s is not running.", name)
	}
	sch.State = state
	return c.saveCrawler(rec)
}

// UpdateCrawlerSchedule sets a crawler's cron expression.
func (c *Catalog) UpdateCrawlerSchedule(ctx context.Context, name, expr string) error {
	if err := checkSchedule(expr); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, err := c.loadCrawler(name)
	if err != nil {
		return err
	}
	if rec.Crawler.Schedule == nil {
		rec.Crawler.Schedule = &awsglue.Schedule{State: scheduleScheduled}
	}
	rec.Crawler.Schedule.ScheduleExpression = expr
	return c.saveCrawler(rec)
}
