package glue

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// Catalog is the Glue Data Catalog: one per nubo, whose catalog id is the
// account id. Its metadata lives in the KV engine under the "glue/" prefix
// and survives restarts. Names of databases and tables are lower-cased as
// Glue does; errors are *awsproto.Error values with Glue's codes.
//
// Lock order: mu before runMu.
type Catalog struct {
	kv      *kv.Store
	objects objects.Store
	logger  *slog.Logger
	now     func() time.Time

	// mu serializes read-modify-write sequences on the catalog's keys so
	// that, for example, two concurrent CreateTable calls cannot both pass
	// the existence check.
	mu sync.Mutex

	// runMu guards runs, the crawls in progress by crawler name.
	runMu sync.Mutex
	runs  map[string]*run
	// wg counts crawl goroutines, so Close can wait for them.
	wg sync.WaitGroup
	// crawlHook, when set (by tests), runs at the start of every crawl.
	crawlHook func(ctx context.Context)
	// stop ends the crawler scheduler (closeOnce guards it); schedulerDone
	// is closed when it has.
	stop          chan struct{}
	schedulerDone chan struct{}
	closeOnce     sync.Once
}

// NewCatalog returns the catalog stored in store. objects may be nil when no
// object engine is wired (crawls then fail). Crawls cut short by a previous
// shutdown or crash are recorded as failed.
func NewCatalog(store *kv.Store, objects objects.Store, logger *slog.Logger) *Catalog {
	if logger == nil {
		logger = slog.Default()
	}
	c := &Catalog{kv: store, objects: objects, logger: logger, now: time.Now, runs: map[string]*run{},
		stop: make(chan struct{}), schedulerDone: make(chan struct{})}
	if err := c.recoverCrawlers(); err != nil {
		logger.Error("glue: recovering crawler states", "err", err)
	}
	go c.runScheduler(c.stop, c.schedulerDone)
	return c
}

// Close stops the scheduler and running crawls, and waits for them to finish.
func (c *Catalog) Close() error {
	c.closeOnce.Do(func() { close(c.stop) })
	<-c.schedulerDone
	c.runMu.Lock()
	for _, r := range c.runs {
		r.cancel()
	}
	c.runMu.Unlock()
	c.wg.Wait()
	return nil
}
