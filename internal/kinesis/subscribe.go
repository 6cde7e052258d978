package kinesis

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Enhanced fan-out limits.
const (
	// subscriptionLifetime is how long one SubscribeToShard call streams.
	subscriptionLifetime = 5 * time.Minute
	// subscribeIdle is the longest gap between events when no records arrive.
	subscribeIdle = 5 * time.Second
	// subscribeCheck is how often an idle subscription checks that its
	// consumer and stream still exist.
	subscribeCheck = time.Second
	// subscribeEventBytes caps the records carried by one event.
	subscribeEventBytes = 1 << 20
	// fanOutBytesPerSec is the read throughput of one consumer on one shard.
	fanOutBytesPerSec = 2 << 20
)

// subscription identifies one consumer reading one shard.
type subscription struct {
	consumer string
	shard    string
}

// subscribe serves SubscribeToShard: errors found before streaming starts
// are ordinary error responses; after that the answer is an event stream
// whose first event is the initial-response, followed by
// SubscribeToShardEvents until the subscription's five minutes are up, the
// client goes away, or a closed shard has been delivered to its end.
func (h *Handler) subscribe(w http.ResponseWriter, r *http.Request) {
	codec := h.codecFor(r)
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		h.api.WriteErrorCodec(w, codec, awsproto.SerializationError("Could not read request body"))
		return
	}
	in := new(kinesis.SubscribeToShardInput)
	if len(body) > 0 {
		if err := codec.Unmarshal(body, in); err != nil {
			h.api.WriteErrorCodec(w, codec, awsproto.SerializationError("Start of structure or map found where not expected."))
			return
		}
	}
	if err := in.Validate(); err != nil {
		h.api.WriteErrorCodec(w, codec, awsproto.AsError(err))
		return
	}
	sub, rd, err := h.svc.startSubscription(in)
	if err != nil {
		h.api.WriteErrorCodec(w, codec, awsproto.AsError(err))
		return
	}
	defer h.svc.endSubscription(sub)
	es := awsproto.NewEventStreamWriter(w)
	empty, err := codec.Marshal(struct{}{})
	if err != nil {
		return
	}
	if err := es.Event("initial-response", codec.ContentType(), empty); err != nil {
		return
	}
	h.svc.stream(r.Context(), es, codec, sub, rd)
}

// startSubscription checks the consumer and shard and resolves the
// starting position.
func (s *Service) startSubscription(in *kinesis.SubscribeToShardInput) (subscription, *reader, error) {
	st, name, err := s.findConsumer(in.ConsumerARN, "", "")
	if err != nil {
		return subscription{}, nil, err
	}
	st.mu.RLock()
	i := st.consumerIndex(name)
	var c consumerMeta
	if i >= 0 {
		c = st.meta.Consumers[i]
	}
	sname, created, horizon := st.meta.Name, st.meta.Created, s.retentionHorizon(&st.meta)
	sh := st.shardByID(in.ShardId)
	st.mu.RUnlock()
	if i < 0 {
		return subscription{}, nil, s.consumerNotFound(name, st.meta.ARN)
	}
	if c.Status != statusActive {
		return subscription{}, nil, errf("ResourceInUseException", "Consumer %s is not in ACTIVE state.", in.ConsumerARN)
	}
	if sh == nil {
		return subscription{}, nil, s.shardMissing(displayShardID(in.ShardId), sname)
	}
	p := in.StartingPosition
	offset, err := s.startOffset(sh, sname, horizon, p.Type, p.SequenceNumber, p.Timestamp)
	if err != nil {
		return subscription{}, nil, err
	}
	sub := subscription{consumer: in.ConsumerARN, shard: sh.id}
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	if s.subs[sub] {
		return subscription{}, nil, errf("ResourceInUseException", "Another active subscription exists for consumer %s on shard %s.", in.ConsumerARN, sh.id)
	}
	if s.subs == nil {
		s.subs = map[subscription]bool{}
	}
	s.subs[sub] = true
	return sub, &reader{stream: sname, created: created, shard: sh, offset: offset, horizon: horizon}, nil
}

func (s *Service) endSubscription(sub subscription) {
	s.subsMu.Lock()
	delete(s.subs, sub)
	s.subsMu.Unlock()
}

// stream pushes events until the subscription ends. It checks every
// second that the consumer and the stream still exist (ending the stream
// with their exception when they do not), and sends an empty event when
// five seconds pass without records.
func (s *Service) stream(ctx context.Context, es *awsproto.EventStreamWriter, codec awsproto.Codec, sub subscription, rd *reader) {
	deadline := time.NewTimer(subscriptionLifetime)
	defer deadline.Stop()
	lastEvent := time.Now()
	for {
		select {
		case <-s.draining:
			return
		default:
		}
		if err := s.subscriptionAlive(sub); err != nil {
			s.sendException(es, codec, err)
			return
		}
		b, err := s.readEvent(ctx, rd)
		if err != nil {
			s.sendException(es, codec, err)
			return
		}
		if len(b.records) > 0 || b.ended || b.next != rd.offset || time.Since(lastEvent) >= subscribeIdle {
			if !s.sendEvent(es, codec, rd, b) {
				return
			}
			lastEvent = time.Now()
			rd.offset = b.next
			if b.ended {
				return
			}
			if s.opts.Throttle && !s.pace(ctx, deadline.C, b.bytes) {
				return
			}
			if len(b.records) > 0 {
				continue
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-s.draining:
			return
		case <-rd.shard.log.Wait(rd.offset):
		case <-time.After(subscribeCheck):
		}
	}
}

// readEvent reads the records for the next event, applying the stream's
// current retention period.
func (s *Service) readEvent(ctx context.Context, rd *reader) (*batch, error) {
	s.mu.RLock()
	st := s.streams[rd.stream]
	s.mu.RUnlock()
	if st == nil {
		return nil, s.streamNotFound(rd.stream)
	}
	st.mu.RLock()
	gone := st.gone || st.meta.Created != rd.created
	rd.horizon = s.retentionHorizon(&st.meta)
	st.mu.RUnlock()
	if gone {
		return nil, s.streamNotFound(rd.stream)
	}
	return s.readBatch(ctx, rd, maxGetRecords, subscribeEventBytes)
}

// pace holds a subscription to 2 MiB/s after it sent n bytes.
func (s *Service) pace(ctx context.Context, deadline <-chan time.Time, n int) bool {
	if n == 0 {
		return true
	}
	t := time.NewTimer(time.Duration(float64(n) / fanOutBytesPerSec * float64(time.Second)))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-deadline:
		return false
	case <-s.draining:
		return false
	case <-t.C:
		return true
	}
}

// sendEvent writes one SubscribeToShardEvent.
func (s *Service) sendEvent(es *awsproto.EventStreamWriter, codec awsproto.Codec, rd *reader, b *batch) bool {
	last := s.now().UnixMilli()
	if n := len(b.records); n > 0 {
		last = b.records[n-1].ApproximateArrivalTimestamp.UnixMilli()
	}
	ev := &kinesis.SubscribeToShardEvent{
		Records:                    b.records,
		ContinuationSequenceNumber: rd.shard.position(b.next, last),
		MillisBehindLatest:         &b.behind,
		ChildShards:                b.children,
	}
	payload, err := codec.Marshal(eventShape(ev))
	if err != nil {
		return false
	}
	return es.Event("SubscribeToShardEvent", codec.ContentType(), payload) == nil
}

// eventWire is a SubscribeToShardEvent with its required members always
// present, even when empty.
type eventWire struct {
	ChildShards                []kinesis.ChildShard `json:"ChildShards,omitempty"`
	ContinuationSequenceNumber string               `json:"ContinuationSequenceNumber"`
	MillisBehindLatest         *int64               `json:"MillisBehindLatest"`
	Records                    []kinesis.Record     `json:"Records"`
}

func eventShape(e *kinesis.SubscribeToShardEvent) eventWire {
	recs := e.Records
	if recs == nil {
		recs = []kinesis.Record{}
	}
	return eventWire{e.ChildShards, e.ContinuationSequenceNumber, e.MillisBehindLatest, recs}
}

// subscriptionAlive reports, as AWS's error, why a subscription must end:
// its consumer or stream is gone.
func (s *Service) subscriptionAlive(sub subscription) error {
	st, name, err := s.findConsumer(sub.consumer, "", "")
	if err != nil {
		return err
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	if i := st.consumerIndex(name); i < 0 || st.meta.Consumers[i].Status == statusDeleting {
		return s.consumerNotFound(name, st.meta.ARN)
	}
	return nil
}

// sendException ends the stream with a modeled exception event.
func (s *Service) sendException(es *awsproto.EventStreamWriter, codec awsproto.Codec, err error) {
	e := awsproto.AsError(err)
	code := e.Code
	switch code {
	case "ResourceNotFoundException", "ResourceInUseException", "InternalFailureException":
	default:
		code = "InternalFailureException"
	}
	payload, _ := codec.Marshal(map[string]string{"message": e.Message})
	es.Exception(code, codec.ContentType(), payload)
}
