package kinesis

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// RegisterStreamConsumer registers an enhanced fan-out consumer. It is
// CREATING for the status delay, then ACTIVE.
func (s *Service) RegisterStreamConsumer(ctx context.Context, in *kinesis.RegisterStreamConsumerInput) (*kinesis.RegisterStreamConsumerOutput, error) {
	st, err := s.lookup("", in.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	c, err := s.addConsumer(st, in.ConsumerName)
	st.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.settleDue(st)
	return &kinesis.RegisterStreamConsumerOutput{Consumer: &c}, nil
}

func (s *Service) addConsumer(st *stream, name string) (kinesis.Consumer, error) {
	for _, c := range st.meta.Consumers {
		if c.Name == name {
			return kinesis.Consumer{}, s.consumerExists(name, st.meta.ARN)
		}
	}
	if len(st.meta.Consumers) >= maxConsumersPerStream {
		return kinesis.Consumer{}, limitExceeded("Consumer limit of %d for stream %s under account %s has been reached.", maxConsumersPerStream, st.meta.Name, s.account)
	}
	now := s.now()
	c := consumerMeta{Name: name, Created: now.UnixMilli(), Status: statusCreating, Until: now.Add(s.opts.StatusDelay).UnixMilli()}
	st.meta.Consumers = append(st.meta.Consumers, c)
	if err := s.save(st); err != nil {
		st.meta.Consumers = st.meta.Consumers[:len(st.meta.Consumers)-1]
		return kinesis.Consumer{}, err
	}
	s.scheduleLocked(st)
	return consumerShape(st, &c), nil
}

func consumerShape(st *stream, c *consumerMeta) kinesis.Consumer {
	return kinesis.Consumer{
		ConsumerName: c.Name, ConsumerARN: consumerARN(st.meta.ARN, c.Name, c.Created), ConsumerStatus: c.Status,
		ConsumerCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(c.Created)),
	}
}

// findConsumer resolves a consumer by ConsumerARN, or by StreamARN and
// ConsumerName. Caller holds no lock; the stream is returned unlocked.
func (s *Service) findConsumer(consumerARNIn, streamARNIn, name string) (*stream, string, error) {
	if consumerARNIn != "" {
		sarn, cname, created, ok := parseConsumerARN(consumerARNIn)
		if !ok {
			return nil, "", invalidArgument("Invalid ConsumerARN %s.", consumerARNIn)
		}
		st, err := s.lookup("", sarn)
		if err != nil {
			return nil, "", err
		}
		st.mu.RLock()
		defer st.mu.RUnlock()
		i := st.consumerIndex(cname)
		if i < 0 || st.meta.Consumers[i].Created/1000 != created {
			return nil, "", s.consumerNotFound(cname, sarn)
		}
		return st, cname, nil
	}
	if streamARNIn == "" || name == "" {
		return nil, "", invalidArgument("Either ConsumerARN or both ConsumerName and StreamARN must be provided.")
	}
	st, err := s.lookup("", streamARNIn)
	if err != nil {
		return nil, "", err
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.consumerIndex(name) < 0 {
		return nil, "", s.consumerNotFound(name, streamARNIn)
	}
	return st, name, nil
}

func (st *stream) consumerIndex(name string) int {
	for i := range st.meta.Consumers {
		if st.meta.Consumers[i].Name == name {
			return i
		}
	}
	return -1
}

// DeregisterStreamConsumer removes a consumer: DELETING for the status
// delay, then gone.
func (s *Service) DeregisterStreamConsumer(ctx context.Context, in *kinesis.DeregisterStreamConsumerInput) (*kinesis.Unit, error) {
	st, name, err := s.findConsumer(in.ConsumerARN, in.StreamARN, in.ConsumerName)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	i := st.consumerIndex(name)
	if i < 0 {
		st.mu.Unlock()
		return nil, s.consumerNotFound(name, st.meta.ARN)
	}
	c := &st.meta.Consumers[i]
	prev := *c
	c.Status, c.Until = statusDeleting, s.now().Add(s.opts.StatusDelay).UnixMilli()
	if err := s.save(st); err != nil {
		*c = prev
		st.mu.Unlock()
		return nil, err
	}
	s.scheduleLocked(st)
	st.mu.Unlock()
	s.settleDue(st)
	return &kinesis.Unit{}, nil
}

// DescribeStreamConsumer describes one consumer.
func (s *Service) DescribeStreamConsumer(ctx context.Context, in *kinesis.DescribeStreamConsumerInput) (*kinesis.DescribeStreamConsumerOutput, error) {
	st, name, err := s.findConsumer(in.ConsumerARN, in.StreamARN, in.ConsumerName)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	i := st.consumerIndex(name)
	if i < 0 {
		return nil, s.consumerNotFound(name, st.meta.ARN)
	}
	c := consumerShape(st, &st.meta.Consumers[i])
	return &kinesis.DescribeStreamConsumerOutput{ConsumerDescription: &kinesis.ConsumerDescription{
		ConsumerName: c.ConsumerName, ConsumerARN: c.ConsumerARN, ConsumerStatus: c.ConsumerStatus,
		ConsumerCreationTimestamp: c.ConsumerCreationTimestamp, StreamARN: st.meta.ARN,
	}}, nil
}

// ListStreamConsumers lists a stream's consumers by name, a page at a time.
func (s *Service) ListStreamConsumers(ctx context.Context, in *kinesis.ListStreamConsumersInput) (*kinesis.ListStreamConsumersOutput, error) {
	st, err := s.lookup("", in.StreamARN)
	if err != nil {
		return nil, err
	}
	limit := 100
	if in.MaxResults != nil {
		limit = int(*in.MaxResults)
	}
	start := 0
	if in.NextToken != "" {
		n, err := strconv.Atoi(in.NextToken)
		if err != nil || n < 0 {
			return nil, invalidArgument("Invalid NextToken.")
		}
		start = n
	}
	st.mu.RLock()
	cs := append([]consumerMeta(nil), st.meta.Consumers...)
	out := &kinesis.ListStreamConsumersOutput{Consumers: []kinesis.Consumer{}}
	sort.Slice(cs, func(a, b int) bool { return cs[a].Name < cs[b].Name })
	for i := start; i < len(cs); i++ {
		if len(out.Consumers) == limit {
			out.NextToken = strconv.Itoa(i)
			break
		}
		out.Consumers = append(out.Consumers, consumerShape(st, &cs[i]))
	}
	st.mu.RUnlock()
	return out, nil
}
