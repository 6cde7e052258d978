package athena

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/objects"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// Catalog is the part of the Glue Data Catalog Athena uses (glue.Catalog).
type Catalog interface {
	CreateDatabase(ctx context.Context, in awsglue.DatabaseInput) error
	GetDatabase(ctx context.Context, name string) (*awsglue.Database, error)
	GetDatabases(ctx context.Context) ([]awsglue.Database, error)
	DeleteDatabase(ctx context.Context, name string) error
	CreateTable(ctx context.Context, db string, in awsglue.TableInput) error
	GetTable(ctx context.Context, db, name string) (*awsglue.Table, error)
	GetTables(ctx context.Context, db, expression string) ([]awsglue.Table, error)
	UpdateTable(ctx context.Context, db string, in awsglue.TableInput) error
	DeleteTable(ctx context.Context, db, name string) error
	BatchCreatePartition(ctx context.Context, db, table string, in []awsglue.PartitionInput) ([]awsglue.PartitionError, error)
	GetPartitions(ctx context.Context, db, table, expression string) ([]awsglue.Partition, error)
	DeletePartition(ctx context.Context, db, table string, values []string) error
}

// partitionDiscoverer is implemented by a catalog that can find a table's
// Hive-style partitions in S3 (glue.Catalog.DiscoverPartitions); without
// it, MSCK REPAIR TABLE lists the table's location itself.
type partitionDiscoverer interface {
	DiscoverPartitions(ctx context.Context, db, table string) ([]awsglue.PartitionInput, error)
}

// Options configures the service.
type Options struct {
	KV      *kv.Store
	Objects objects.Store
	Catalog Catalog
	Engine  *sqlengine.Engine
	// TempDir is scratch space for CTAS, INSERT and UNLOAD output before
	// it is stored in S3.
	TempDir string
	// Concurrency bounds the queries that run at once; more wait QUEUED.
	Concurrency int
	Region      string
	Logger      *slog.Logger
	Now         func() time.Time
}

// Service is Athena.
type Service struct {
	kv      *kv.Store
	objects objects.Store
	catalog Catalog
	engine  *sqlengine.Engine
	tempDir string
	region  string
	logger  *slog.Logger
	now     func() time.Time

	// slots bounds concurrent queries.
	slots chan struct{}
	// ctx is cancelled on Close, interrupting every running query.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// mu guards live and tokens; the KV engine is the durable copy.
	mu sync.Mutex
	// live holds executions that are queued or running.
	live map[string]*liveQuery
	// startMu serializes StartQueryExecution's token check-and-create.
	startMu sync.Mutex
	// schemas caches Parquet file schemas by path, size and mtime.
	schemas sync.Map
}

// liveQuery is a queued or running execution.
type liveQuery struct {
	exec   *execution
	cancel context.CancelFunc
	// stopped is set by StopQueryExecution.
	stopped bool
	// recorded is closed once StartQueryExecution has tried to write the
	// execution's record; recordErr (set before) says whether it failed.
	// The worker runs the query meanwhile but has no visible effect (no
	// result file, no catalog change, no state write) until then.
	recorded  chan struct{}
	recordErr error
	// done is closed once the final state is durable and published.
	done chan struct{}
}

// awaitRecord waits until the execution is durably recorded. An
// execution whose record failed was never acknowledged and must vanish.
func (lq *liveQuery) awaitRecord(ctx context.Context) error {
	select {
	case <-lq.recorded:
		return lq.recordErr
	case <-ctx.Done():
		<-lq.recorded
		if lq.recordErr != nil {
			return lq.recordErr
		}
		return ctx.Err()
	}
}

// New builds the service: it creates the "primary" workgroup on first
// start and marks executions a previous process left unfinished as FAILED.
func New(opts Options) (*Service, error) {
	if opts.KV == nil || opts.Engine == nil || opts.Catalog == nil {
		return nil, errors.New("athena: KV, Engine and Catalog are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{
		kv: opts.KV, objects: opts.Objects, catalog: opts.Catalog, engine: opts.Engine, tempDir: opts.TempDir,
		region: opts.Region, logger: opts.Logger, now: opts.Now,
		slots: make(chan struct{}, opts.Concurrency), ctx: ctx, cancel: cancel, live: map[string]*liveQuery{},
	}
	if err := s.ensurePrimary(); err != nil {
		cancel()
		return nil, err
	}
	if err := s.recover(); err != nil {
		cancel()
		return nil, err
	}
	return s, nil
}

// Close interrupts running queries and waits for their workers.
func (s *Service) Close() error {
	s.cancel()
	s.wg.Wait()
	return nil
}

// recover fails the executions a previous process left queued or running:
// their workers are gone.
func (s *Service) recover() error {
	var stale []*execution
	err := scanJSON(s.kv, append(key("q"), '/'), func(_ []byte, e execution) bool {
		if e.State == stateQueued || e.State == stateRunning {
			e := e
			stale = append(stale, &e)
		}
		return true
	})
	if err != nil {
		return err
	}
	for _, e := range stale {
		e.State = stateFailed
		e.Reason = "INTERNAL_ERROR_QUERY_ENGINE: the query was interrupted because nubo stopped while it ran"
		e.ErrorCategory, e.ErrorType = categorySystem, typeInternal
		e.Completed = s.now()
		if err := s.saveExecution(e); err != nil {
			return err
		}
	}
	return nil
}
