package glue

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Crawler states and last-crawl statuses, as Glue names them.
const (
	crawlerReady    = "READY"
	crawlerRunning  = "RUNNING"
	crawlerStopping = "STOPPING"

	crawlSucceeded = "SUCCEEDED"
	crawlCancelled = "CANCELLED"
	crawlFailed    = "FAILED"
)

// maxRuntimes is how many past run durations a crawler keeps for its median.
const maxRuntimes = 20

// crawlerRecord is what the KV engine keeps per crawler: the definition
// and state Glue reports, plus the figures of GetCrawlerMetrics.
type crawlerRecord struct {
	Crawler awsglue.Crawler `json:"crawler"`
	Stats   crawlStats      `json:"stats"`
	// History lists the finished crawls, oldest first (ListCrawls).
	History []awsglue.CrawlerHistory `json:"history,omitempty"`
}

// maxHistory is how many finished crawls a crawler remembers.
const maxHistory = 100

// crawlStats are the metrics of the last completed run.
type crawlStats struct {
	TablesCreated int32     `json:"tablesCreated"`
	TablesUpdated int32     `json:"tablesUpdated"`
	TablesDeleted int32     `json:"tablesDeleted"`
	Runtimes      []float64 `json:"runtimes"`
}

// run is a crawl in progress.
type run struct {
	id     string
	cancel context.CancelFunc
	done   chan struct{}
	start  time.Time
}

func (c *Catalog) loadCrawler(name string) (*crawlerRecord, error) {
	rec := new(crawlerRecord)
	found, err := c.getJSON(crawlerKey(name), rec)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errNotFound("Crawler entry with name %s does not exist", name)
	}
	return rec, nil
}

func (c *Catalog) saveCrawler(rec *crawlerRecord) error {
	b := c.newBatch()
	if err := b.put(crawlerKey(rec.Crawler.Name), rec); err != nil {
		b.discard()
		return err
	}
	return b.commit()
}

// view returns the crawler as GetCrawler reports it, with the elapsed
// time of a running crawl.
func (c *Catalog) view(rec *crawlerRecord) awsglue.Crawler {
	cr := rec.Crawler
	cr.CrawlElapsedTime = ptr(int64(0))
	c.runMu.Lock()
	if r, ok := c.runs[cr.Name]; ok {
		cr.CrawlElapsedTime = ptr(c.now().Sub(r.start).Milliseconds())
	}
	c.runMu.Unlock()
	return cr
}

// CreateCrawler defines a crawler. nubo crawls S3 targets; crawlers over
// other stores (JDBC, DynamoDB, Delta, Iceberg, ...) are refused as not
// implemented rather than accepted and never run.
func (c *Catalog) CreateCrawler(ctx context.Context, in *awsglue.CreateCrawlerRequest) error {
	cr := awsglue.Crawler{
		Name:                         in.Name,
		Role:                         in.Role,
		Targets:                      in.Targets,
		DatabaseName:                 in.DatabaseName,
		Description:                  in.Description,
		Classifiers:                  awsproto.NonNil(in.Classifiers),
		RecrawlPolicy:                in.RecrawlPolicy,
		SchemaChangePolicy:           in.SchemaChangePolicy,
		LineageConfiguration:         in.LineageConfiguration,
		LakeFormationConfiguration:   in.LakeFormationConfiguration,
		TablePrefix:                  in.TablePrefix,
		Configuration:                in.Configuration,
		CrawlerSecurityConfiguration: in.CrawlerSecurityConfiguration,
		State:                        crawlerReady,
		Version:                      ptr(int64(1)),
	}
	if err := checkCrawlerDefinition(&cr, in.Schedule); err != nil {
		return err
	}
	now := awsproto.NewTimestamp(c.now())
	cr.CreationTime, cr.LastUpdated = now, now
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.loadCrawler(in.Name); err == nil {
		return errExists("%s already exists.", in.Name)
	} else if codeOf(err) != "EntityNotFoundException" {
		return err
	}
	rec := &crawlerRecord{Crawler: cr, Stats: crawlStats{}}
	b := c.newBatch()
	if err := b.put(crawlerKey(cr.Name), rec); err != nil {
		b.discard()
		return err
	}
	if len(in.Tags) > 0 {
		if err := b.put(tagKey(crawlerARN(awsproto.IdentityFrom(ctx).Region, cr.Name)), in.Tags); err != nil {
			b.discard()
			return err
		}
	}
	return b.commit()
}

// checkCrawlerDefinition validates a crawler and fills Glue's defaults.
func checkCrawlerDefinition(cr *awsglue.Crawler, schedule string) error {
	t := cr.Targets
	if t == nil || len(t.S3Targets)+len(t.JdbcTargets)+len(t.DynamoDBTargets)+len(t.CatalogTargets)+
		len(t.MongoDBTargets)+len(t.DeltaTargets)+len(t.IcebergTargets)+len(t.HudiTargets) == 0 {
		return errInvalid("No targets specified.")
	}
	if len(t.S3Targets) != len(t.JdbcTargets)+len(t.DynamoDBTargets)+len(t.CatalogTargets)+
		len(t.MongoDBTargets)+len(t.DeltaTargets)+len(t.IcebergTargets)+len(t.HudiTargets)+len(t.S3Targets) {
		return awsproto.NotImplemented("crawlers over targets other than S3")
	}
	for i := range t.S3Targets {
		s3t := &t.S3Targets[i]
		if _, _, err := parseS3Path(s3t.Path); err != nil {
			return err
		}
		if s3t.ConnectionName != "" || s3t.EventQueueArn != "" {
			return awsproto.NotImplemented("S3 crawler targets with a connection or an event queue")
		}
		s3t.Exclusions = awsproto.NonNil(s3t.Exclusions)
	}
	if len(cr.Classifiers) > 0 {
		return errNotFound("Classifier %s not found.", cr.Classifiers[0])
	}
	if cr.Configuration != "" {
		if _, err := parseCrawlerConfiguration(cr.Configuration); err != nil {
			return err
		}
	}
	if schedule != "" {
		if err := checkSchedule(schedule); err != nil {
			return err
		}
		cr.Schedule = &awsglue.Schedule{ScheduleExpression: schedule, State: "SCHEDULED"}
	}
	fillCrawlerDefaults(cr)
	return nil
}

// fillCrawlerDefaults sets what Glue reports for members left out.
func fillCrawlerDefaults(cr *awsglue.Crawler) {
	if cr.SchemaChangePolicy == nil {
		cr.SchemaChangePolicy = &awsglue.SchemaChangePolicy{}
	}
	if cr.SchemaChangePolicy.UpdateBehavior == "" {
		cr.SchemaChangePolicy.UpdateBehavior = "UPDATE_IN_DATABASE"
	}
	if cr.SchemaChangePolicy.DeleteBehavior == "" {
		cr.SchemaChangePolicy.DeleteBehavior = "DEPRECATE_IN_DATABASE"
	}
	if cr.RecrawlPolicy == nil || cr.RecrawlPolicy.RecrawlBehavior == "" {
		cr.RecrawlPolicy = &awsglue.RecrawlPolicy{RecrawlBehavior: "CRAWL_EVERYTHING"}
	}
	if cr.LineageConfiguration == nil || cr.LineageConfiguration.CrawlerLineageSettings == "" {
		cr.LineageConfiguration = &awsglue.LineageConfiguration{CrawlerLineageSettings: "DISABLE"}
	}
	if cr.LakeFormationConfiguration == nil {
		cr.LakeFormationConfiguration = &awsglue.LakeFormationConfiguration{UseLakeFormationCredentials: ptr(false), AccountId: ""}
	}
}

// checkSchedule accepts Glue's cron(...) schedule expressions.
func checkSchedule(s string) error {
	_, err := parseCron(s)
	return err
}

// GetCrawler returns one crawler.
func (c *Catalog) GetCrawler(ctx context.Context, name string) (*awsglue.Crawler, error) {
	rec, err := c.loadCrawler(name)
	if err != nil {
		return nil, err
	}
	cr := c.view(rec)
	return &cr, nil
}

// listCrawlers returns every crawler record in name order.
func (c *Catalog) listCrawlers() ([]*crawlerRecord, error) {
	var out []*crawlerRecord
	err := scanJSON(c, []byte(prefixCrawler), func(_ []byte, rec *crawlerRecord) bool {
		out = append(out, rec)
		return true
	})
	return out, err
}

// GetCrawlers returns every crawler in name order.
func (c *Catalog) GetCrawlers(ctx context.Context) ([]awsglue.Crawler, error) {
	recs, err := c.listCrawlers()
	if err != nil {
		return nil, err
	}
	out := make([]awsglue.Crawler, len(recs))
	for i, r := range recs {
		out[i] = c.view(r)
	}
	return out, nil
}

// UpdateCrawler changes the members of a crawler that in sets; a running
// crawler cannot be changed.
func (c *Catalog) UpdateCrawler(ctx context.Context, in *awsglue.UpdateCrawlerRequest) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, err := c.loadCrawler(in.Name)
	if err != nil {
		return err
	}
	if rec.Crawler.State != crawlerReady {
		return errInvalid("Cannot update Crawler while running. Please stop crawl or wait until it completes to update.")
	}
	cr := rec.Crawler
	applyCrawlerUpdate(&cr, in)
	if err := checkCrawlerDefinition(&cr, in.Schedule); err != nil {
		return err
	}
	cr.LastUpdated = awsproto.NewTimestamp(c.now())
	cr.Version = ptr(deref(cr.Version) + 1)
	rec.Crawler = cr
	return c.saveCrawler(rec)
}

func applyCrawlerUpdate(cr *awsglue.Crawler, in *awsglue.UpdateCrawlerRequest) {
	setIf := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	setIf(&cr.Role, in.Role)
	setIf(&cr.DatabaseName, in.DatabaseName)
	setIf(&cr.Description, in.Description)
	setIf(&cr.TablePrefix, in.TablePrefix)
	setIf(&cr.Configuration, in.Configuration)
	setIf(&cr.CrawlerSecurityConfiguration, in.CrawlerSecurityConfiguration)
	if in.Targets != nil {
		cr.Targets = in.Targets
	}
	if in.Classifiers != nil {
		cr.Classifiers = in.Classifiers
	}
	if in.SchemaChangePolicy != nil {
		cr.SchemaChangePolicy = in.SchemaChangePolicy
	}
	if in.RecrawlPolicy != nil {
		cr.RecrawlPolicy = in.RecrawlPolicy
	}
	if in.LineageConfiguration != nil {
		cr.LineageConfiguration = in.LineageConfiguration
	}
	if in.LakeFormationConfiguration != nil {
		cr.LakeFormationConfiguration = in.LakeFormationConfiguration
	}
}

// DeleteCrawler removes a crawler that is not running.
func (c *Catalog) DeleteCrawler(ctx context.Context, name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, err := c.loadCrawler(name)
	if err != nil {
		return err
	}
	if rec.Crawler.State != crawlerReady {
		return errCrawlerRunning("Crawler with name %s is running and cannot be deleted.", name)
	}
	b := c.newBatch()
	b.del(crawlerKey(name))
	b.del(tagKey(crawlerARN(awsproto.IdentityFrom(ctx).Region, name)))
	return b.commit()
}

// CrawlerMetrics returns the metrics of the named crawlers (all when names is empty).
func (c *Catalog) CrawlerMetrics(ctx context.Context, names []string) ([]awsglue.CrawlerMetrics, error) {
	recs, err := c.listCrawlers()
	if err != nil {
		return nil, err
	}
	var out []awsglue.CrawlerMetrics
	for _, r := range recs {
		if len(names) > 0 && !slices.Contains(names, r.Crawler.Name) {
			continue
		}
		out = append(out, c.metrics(r))
	}
	return out, nil
}

func (c *Catalog) metrics(r *crawlerRecord) awsglue.CrawlerMetrics {
	m := awsglue.CrawlerMetrics{
		CrawlerName:          r.Crawler.Name,
		TablesCreated:        ptr(r.Stats.TablesCreated),
		TablesUpdated:        ptr(r.Stats.TablesUpdated),
		TablesDeleted:        ptr(r.Stats.TablesDeleted),
		LastRuntimeSeconds:   ptr(0.0),
		MedianRuntimeSeconds: ptr(median(r.Stats.Runtimes)),
		StillEstimating:      ptr(false),
		TimeLeftSeconds:      ptr(0.0),
	}
	if n := len(r.Stats.Runtimes); n > 0 {
		m.LastRuntimeSeconds = ptr(r.Stats.Runtimes[n-1])
	}
	return m
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// crawlerConfiguration is the part of a crawler's Configuration JSON that
// changes how nubo crawls.
type crawlerConfiguration struct {
	Version  float64 `json:"Version"`
	Grouping struct {
		TableGroupingPolicy     string `json:"TableGroupingPolicy"`
		TableLevelConfiguration int    `json:"TableLevelConfiguration"`
	} `json:"Grouping"`
	CrawlerOutput struct {
		Partitions struct {
			AddOrUpdateBehavior string `json:"AddOrUpdateBehavior"`
		} `json:"Partitions"`
		Tables struct {
			AddOrUpdateBehavior string `json:"AddOrUpdateBehavior"`
		} `json:"Tables"`
	} `json:"CrawlerOutput"`
}

func parseCrawlerConfiguration(s string) (*crawlerConfiguration, error) {
	cfg := new(crawlerConfiguration)
	if s == "" {
		return cfg, nil
	}
	if err := json.Unmarshal([]byte(s), cfg); err != nil {
		return nil, errInvalid("Crawler configuration not valid: %v", err)
	}
	return cfg, nil
}
