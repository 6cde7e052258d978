package kinesis

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/objects"
	"github.com/nubo-dev/nubo/internal/engine/streamlog"
)

// Options configures the Kinesis service.
type Options struct {
	// KV holds stream metadata under the "kinesis/" prefix.
	KV *kv.Store
	// Logs holds one log per shard.
	Logs *streamlog.Store
	// Throttle enforces AWS's per-shard throughput limits.
	Throttle bool
	// StatusDelay is how long streams and consumers stay CREATING,
	// UPDATING or DELETING before the change takes effect.
	StatusDelay time.Duration
	// Region names the region in ARNs (default us-east-1).
	Region string
	// AccountID is the account in ARNs and messages (default 000000000000).
	AccountID string
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// Logger receives background errors (default slog.Default()).
	Logger *slog.Logger
	// JanitorInterval is how often retention is applied (default 1 minute).
	JanitorInterval time.Duration
	// Objects is the S3 object store that channels deliver to.
	Objects objects.Store
	// ChannelFreshness, when positive, replaces every channel's
	// DataFreshnessInSeconds (300–900 s); for tests only.
	ChannelFreshness time.Duration
}

// EnsureDefaults fills unset fields.
func (o *Options) EnsureDefaults() {
	if o.Region == "" {
		o.Region = awsproto.DefaultRegion
	}
	if o.AccountID == "" {
		o.AccountID = awsproto.DefaultAccountID
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.JanitorInterval <= 0 {
		o.JanitorInterval = time.Minute
	}
}

// Validate checks the options.
func (o *Options) Validate() error {
	if o.KV == nil || o.Logs == nil {
		return errors.New("kinesis: Options.KV and Options.Logs are required")
	}
	if o.StatusDelay < 0 {
		return errors.New("kinesis: Options.StatusDelay must not be negative")
	}
	return nil
}

// Service is Kinesis Data Streams. Its methods are the API operations.
type Service struct {
	opts    Options
	account string
	kv      *kv.Store
	logs    *streamlog.Store
	iterKey []byte
	log     *slog.Logger

	mu      sync.RWMutex // guards streams; never held while taking a stream's lock
	streams map[string]*stream
	// lastCreated makes every stream incarnation's creation time unique.
	lastCreated atomic.Int64

	settingsMu sync.Mutex

	chans channelSet // S3 delivery channels (channel_store.go)

	subsMu sync.Mutex
	subs   map[subscription]bool // active SubscribeToShard calls

	stop chan struct{}
	wg   sync.WaitGroup
	// draining is closed when a graceful shutdown starts: subscriptions end.
	draining  chan struct{}
	drainOnce sync.Once
}

// Key layout in the KV engine.
const (
	keyPrefix      = "kinesis/"
	keyStreams     = keyPrefix + "streams/"
	keyIteratorKey = keyPrefix + "iterator-key"
	keySettings    = keyPrefix + "account-settings"
)

// New opens the service: it loads every stream's metadata, opens its shard
// logs and finishes any status transition that came due while nubo was down.
func New(opts Options) (*Service, error) {
	opts.EnsureDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	s := &Service{
		opts: opts, account: opts.AccountID, kv: opts.KV, logs: opts.Logs, log: opts.Logger,
		streams: map[string]*stream{}, stop: make(chan struct{}), draining: make(chan struct{}),
	}
	key, err := s.loadIteratorKey()
	if err != nil {
		return nil, err
	}
	s.iterKey = key
	if err := s.loadStreams(); err != nil {
		return nil, err
	}
	if err := s.loadChannels(); err != nil {
		return nil, err
	}
	s.wg.Add(1)
	go s.janitor()
	return s, nil
}

// Drain ends every SubscribeToShard stream (clients resubscribe, as they
// do when AWS ends one), so that a graceful shutdown is not held up by
// them. Other requests are unaffected.
func (s *Service) Drain() {
	s.drainOnce.Do(func() { close(s.draining) })
}

// Close stops background work. The engines are closed by their owner.
func (s *Service) Close() error {
	s.Drain()
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.stopChannels()
	s.wg.Wait()
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, st := range s.streams {
		st.mu.Lock()
		if st.timer != nil {
			st.timer.Stop()
		}
		st.mu.Unlock()
	}
	return nil
}

// loadIteratorKey returns the key that authenticates shard iterators,
// creating it once; it is persisted so iterators outlive a restart.
func (s *Service) loadIteratorKey() ([]byte, error) {
	key, err := s.kv.Get([]byte(keyIteratorKey))
	if err == nil && len(key) == 32 {
		return key, nil
	}
	if err != nil && !errors.Is(err, kv.ErrNotFound) {
		return nil, fmt.Errorf("kinesis: reading iterator key: %w", err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := s.kv.Set([]byte(keyIteratorKey), key); err != nil {
		return nil, fmt.Errorf("kinesis: storing iterator key: %w", err)
	}
	return key, nil
}

func (s *Service) now() time.Time { return s.opts.Now() }

// janitor applies retention and finishes overdue status transitions.
func (s *Service) janitor() {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.JanitorInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.sweep(context.Background())
		}
	}
}

// sweep runs one janitor pass over every stream.
func (s *Service) sweep(ctx context.Context) {
	for _, st := range s.allStreams() {
		s.settleDue(st)
		s.applyRetention(st)
	}
}
