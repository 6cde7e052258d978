package glue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// StartCrawler starts a crawl in the background: the crawler goes from
// READY to RUNNING, then STOPPING while it records the outcome, then READY.
func (c *Catalog) StartCrawler(ctx context.Context, name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, err := c.loadCrawler(name)
	if codeOf(err) == "EntityNotFoundException" {
		return errNotFound("Crawler with name %s does not exist", name)
	}
	if err != nil {
		return err
	}
	if rec.Crawler.State != crawlerReady {
		return errCrawlerRunning("Crawler with name %s has already started", name)
	}
	rec.Crawler.State = crawlerRunning
	if err := c.saveCrawler(rec); err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	r := &run{id: newUUID(), cancel: cancel, done: make(chan struct{}), start: c.now()}
	c.runMu.Lock()
	c.runs[name] = r
	c.runMu.Unlock()
	c.wg.Add(1)
	go c.runCrawler(runCtx, rec.Crawler, r)
	return nil
}

// StopCrawler asks a running crawl to stop; it ends CANCELLED.
func (c *Catalog) StopCrawler(ctx context.Context, name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, err := c.loadCrawler(name)
	if err != nil {
		return err
	}
	switch rec.Crawler.State {
	case crawlerReady:
		return errCrawlerNotRunning("Crawler with name %s isn't running.", name)
	case crawlerStopping:
		return errCrawlerStopping("Crawler with name %s is stopping.", name)
	}
	rec.Crawler.State = crawlerStopping
	if err := c.saveCrawler(rec); err != nil {
		return err
	}
	c.runMu.Lock()
	if r, ok := c.runs[name]; ok {
		r.cancel()
	}
	c.runMu.Unlock()
	return nil
}

// runCrawler performs one crawl and records its outcome.
func (c *Catalog) runCrawler(ctx context.Context, cr awsglue.Crawler, r *run) {
	defer c.wg.Done()
	defer close(r.done)
	defer r.cancel()
	if c.crawlHook != nil {
		c.crawlHook(ctx)
	}
	res, err := c.crawl(ctx, &cr)
	status, msg := crawlSucceeded, ""
	switch {
	case ctx.Err() != nil:
		status = crawlCancelled
	case err != nil:
		status, msg = crawlFailed, err.Error()
		if ae := new(awsproto.Error); errors.As(err, &ae) {
			msg = ae.Message
		}
		c.logger.Warn("glue: crawl failed", "crawler", cr.Name, "err", err)
	}
	c.finishCrawl(cr.Name, r, res, status, msg)
}

// finishCrawl moves the crawler through STOPPING to READY and stores the
// last crawl's outcome and metrics.
func (c *Catalog) finishCrawl(name string, r *run, res crawlResult, status, msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer func() {
		c.runMu.Lock()
		delete(c.runs, name)
		c.runMu.Unlock()
	}()
	rec, err := c.loadCrawler(name)
	if err != nil {
		c.logger.Error("glue: crawler vanished during its crawl", "crawler", name, "err", err)
		return
	}
	rec.Crawler.State = crawlerStopping
	if err := c.saveCrawler(rec); err != nil {
		c.logger.Error("glue: recording crawl", "crawler", name, "err", err)
	}
	rec.Crawler.State = crawlerReady
	rec.Crawler.LastCrawl = lastCrawl(name, r.start, status, msg)
	rec.History = append(rec.History, historyEntry(r, rec.Crawler.LastCrawl, res, c.now()))
	if n := len(rec.History); n > maxHistory {
		rec.History = rec.History[n-maxHistory:]
	}
	rec.Stats.TablesCreated, rec.Stats.TablesUpdated, rec.Stats.TablesDeleted = res.created, res.updated, res.deleted
	rec.Stats.Runtimes = append(rec.Stats.Runtimes, c.now().Sub(r.start).Seconds())
	if n := len(rec.Stats.Runtimes); n > maxRuntimes {
		rec.Stats.Runtimes = rec.Stats.Runtimes[n-maxRuntimes:]
	}
	if err := c.saveCrawler(rec); err != nil {
		c.logger.Error("glue: recording crawl", "crawler", name, "err", err)
	}
}

func newUUID() string {
	var id [16]byte
	rand.Read(id[:])
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	h := hex.EncodeToString(id[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

func lastCrawl(name string, start time.Time, status, msg string) *awsglue.LastCrawlInfo {
	return &awsglue.LastCrawlInfo{
		Status:        status,
		ErrorMessage:  msg,
		LogGroup:      "/aws-glue/crawlers",
		LogStream:     name,
		MessagePrefix: newUUID(),
		StartTime:     awsproto.NewTimestamp(start),
	}
}

// historyEntry is the ListCrawls record of a finished crawl.
func historyEntry(r *run, last *awsglue.LastCrawlInfo, res crawlResult, end time.Time) awsglue.CrawlerHistory {
	state := map[string]string{crawlSucceeded: "COMPLETED", crawlCancelled: "STOPPED", crawlFailed: "FAILED"}[last.Status]
	return awsglue.CrawlerHistory{
		CrawlId:       r.id,
		State:         state,
		StartTime:     awsproto.NewTimestamp(r.start),
		EndTime:       awsproto.NewTimestamp(end),
		Summary:       crawlSummary(res),
		ErrorMessage:  last.ErrorMessage,
		LogGroup:      last.LogGroup,
		LogStream:     last.LogStream,
		MessagePrefix: last.MessagePrefix,
		DPUHour:       ptr(0.0),
	}
}

// crawlSummary renders what a crawl changed the way Glue's crawl history does.
func crawlSummary(res crawlResult) string {
	table := map[string]map[string]int32{}
	for action, n := range map[string]int32{"ADD": res.created, "UPDATE": res.updated, "DELETE": res.deleted} {
		if n > 0 {
			table[action] = map[string]int32{"Count": n}
		}
	}
	if len(table) == 0 {
		return "{}"
	}
	data, _ := json.Marshal(map[string]any{"TABLE": table})
	return string(data)
}

// ListCrawls returns the crawls of a crawler, newest first: the running
// one, then the finished ones it remembers.
func (c *Catalog) ListCrawls(ctx context.Context, name string) ([]awsglue.CrawlerHistory, error) {
	rec, err := c.loadCrawler(name)
	if err != nil {
		return nil, err
	}
	var out []awsglue.CrawlerHistory
	c.runMu.Lock()
	if r, ok := c.runs[name]; ok {
		out = append(out, awsglue.CrawlerHistory{CrawlId: r.id, State: "RUNNING", StartTime: awsproto.NewTimestamp(r.start), DPUHour: ptr(0.0)})
	}
	c.runMu.Unlock()
	for i := len(rec.History) - 1; i >= 0; i-- {
		out = append(out, rec.History[i])
	}
	return out, nil
}

// recoverCrawlers marks crawls that a shutdown or crash interrupted as
// failed, so their crawlers can be started again.
func (c *Catalog) recoverCrawlers() error {
	recs, err := c.listCrawlers()
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if rec.Crawler.State == crawlerReady {
			continue
		}
		status := crawlFailed
		if rec.Crawler.State == crawlerStopping {
			status = crawlCancelled
		}
		rec.Crawler.State = crawlerReady
		rec.Crawler.LastCrawl = lastCrawl(rec.Crawler.Name, c.now(), status, "The crawl was interrupted by a nubo restart.")
		if err := c.saveCrawler(rec); err != nil {
			return err
		}
	}
	return nil
}
