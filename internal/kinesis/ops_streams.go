package kinesis

import (
	"context"
	"encoding/base64"
	"sort"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// CreateStream creates a stream with evenly split shards. It answers at
// once with the stream CREATING; the stream becomes ACTIVE after the
// status delay.
func (s *Service) CreateStream(ctx context.Context, in *CreateStreamInput) (*kinesis.Unit, error) {
	mode := modeProvisioned
	if in.StreamModeDetails != nil {
		mode = in.StreamModeDetails.StreamMode
	} else if in.ShardCount == nil {
		mode = modeOnDemand
	}
	count := onDemandShards
	if mode == modeProvisioned {
		if in.ShardCount == nil {
			return nil, invalidArgument("ShardCount is required for PROVISIONED streams.")
		}
		count = int(*in.ShardCount)
	}
	if len(in.Tags) > maxTagsPerStream {
		return nil, invalidArgument("Failed to create stream %s under account %s because a given stream cannot have more than %d tags.", in.StreamName, s.account, maxTagsPerStream)
	}
	maxKiB := defaultMaxRecordKiB
	if in.MaxRecordSizeInKiB != nil {
		maxKiB = int(*in.MaxRecordSizeInKiB)
	}
	if err := s.checkCreateLimits(in.StreamName, mode, count); err != nil {
		return nil, err
	}
	m := s.newStreamMeta(in, mode, count, maxKiB)
	st := &stream{meta: m}
	s.mu.Lock()
	if old := s.streams[in.StreamName]; old != nil {
		s.mu.Unlock()
		return nil, s.streamExists(in.StreamName)
	}
	s.streams[in.StreamName] = st
	st.mu.Lock()
	s.mu.Unlock()
	err := s.save(st)
	if err == nil {
		err = s.buildShards(st)
	}
	if err != nil {
		st.gone = true
		st.mu.Unlock()
		s.mu.Lock()
		delete(s.streams, in.StreamName)
		s.mu.Unlock()
		return nil, err
	}
	s.scheduleLocked(st)
	st.mu.Unlock()
	s.settleDue(st)
	return &kinesis.Unit{}, nil
}

// newStreamMeta lays out a new stream: CREATING until the status delay has
// passed, its shards splitting the hash key space evenly.
func (s *Service) newStreamMeta(in *CreateStreamInput, mode string, count, maxKiB int) streamMeta {
	created := s.newCreationTime()
	m := streamMeta{
		Name: in.StreamName, ARN: streamARN(s.opts.Region, s.account, in.StreamName), Created: created,
		Status: statusCreating, Until: created + s.opts.StatusDelay.Milliseconds(),
		Mode: mode, RetentionHours: defaultRetentionHours, Encryption: encryptionNone, MaxRecordKiB: maxKiB,
		Distribution: in.RecordDistributionStrategy,
	}
	if in.WarmThroughputMiBps != nil {
		m.WarmTarget = *in.WarmThroughputMiBps
	}
	if len(in.Tags) > 0 {
		m.Tags = maps(in.Tags)
	}
	for _, r := range evenRanges(count) {
		m.Shards = append(m.Shards, shardMeta{Parent: -1, Adjacent: -1, Start: r[0].String(), End: r[1].String(), Created: created})
	}
	return m
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// newCreationTime returns now in Unix ms, but always later than any
// earlier stream's, so every incarnation of a name is distinct.
func (s *Service) newCreationTime() int64 {
	for {
		last := s.lastCreated.Load()
		t := max(s.now().UnixMilli(), last+1)
		if s.lastCreated.CompareAndSwap(last, t) {
			return t
		}
	}
}

// checkCreateLimits enforces the account's shard and on-demand stream
// quotas, and that the name is free.
func (s *Service) checkCreateLimits(name, mode string, shards int) error {
	if old := s.existing(name); old != nil {
		return s.streamExists(name)
	}
	open, onDemand := s.accountUsage()
	if open+shards > accountShardLimit {
		return limitExceeded("This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. Limit: %d. Number of additional shards that would have resulted from this request: %d. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
			s.account, s.opts.Region, open, accountShardLimit, shards)
	}
	if mode == modeOnDemand && onDemand >= onDemandStreamLimit {
		return limitExceeded("This request would exceed the on-demand stream count limit of %d for the account %s in %s.", onDemandStreamLimit, s.account, s.opts.Region)
	}
	return nil
}

// existing returns the live stream of that name, if any.
func (s *Service) existing(name string) *stream {
	s.mu.RLock()
	st := s.streams[name]
	s.mu.RUnlock()
	if st == nil {
		return nil
	}
	s.settleDue(st)
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.gone {
		return nil
	}
	return st
}

// accountUsage counts open shards and on-demand streams across the account.
func (s *Service) accountUsage() (openShards, onDemand int) {
	for _, st := range s.allStreams() {
		st.mu.RLock()
		if !st.gone {
			openShards += len(st.open)
			if st.meta.Mode == modeOnDemand {
				onDemand++
			}
		}
		st.mu.RUnlock()
	}
	return openShards, onDemand
}

// DeleteStream deletes a stream and all its records after the status delay.
func (s *Service) DeleteStream(ctx context.Context, in *kinesis.DeleteStreamInput) (*kinesis.Unit, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	switch {
	case st.meta.Status == statusDeleting:
		st.mu.Unlock()
		return nil, s.streamNotFound(st.meta.Name)
	case len(st.meta.Consumers) > 0 && (in.EnforceConsumerDeletion == nil || !*in.EnforceConsumerDeletion):
		st.mu.Unlock()
		return nil, errf("ResourceInUseException", "Stream %s under account %s has registered consumers.", st.meta.Name, s.account)
	}
	err = s.beginTransition(st, statusDeleting, nil)
	st.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.settleDue(st)
	return &kinesis.Unit{}, nil
}

// DescribeStream describes a stream and a page of its shards.
func (s *Service) DescribeStream(ctx context.Context, in *kinesis.DescribeStreamInput) (*kinesis.DescribeStreamOutput, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	limit := 100
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	m := &st.meta
	d := &kinesis.StreamDescription{
		StreamName: m.Name, StreamARN: m.ARN, StreamStatus: m.Status,
		StreamModeDetails:       &kinesis.StreamModeDetails{StreamMode: m.Mode},
		RetentionPeriodHours:    ptr(int32(m.RetentionHours)),
		StreamCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(m.Created)),
		EnhancedMonitoring:      enhancedMetrics(m.Metrics),
		EncryptionType:          m.Encryption, KeyId: m.KeyID,
		Shards: []kinesis.Shard{},
	}
	after := -1
	if in.ExclusiveStartShardId != "" {
		if i, ok := parseShardID(in.ExclusiveStartShardId); ok {
			after = i
		}
	}
	more := false
	for i := range m.Shards {
		if i <= after || m.Shards[i].Expired {
			continue
		}
		if len(d.Shards) == limit {
			more = true
			break
		}
		d.Shards = append(d.Shards, shardShape(st, i))
	}
	d.HasMoreShards = &more
	return &kinesis.DescribeStreamOutput{StreamDescription: d}, nil
}

func ptr[T any](v T) *T { return &v }

func enhancedMetrics(metrics []string) []kinesis.EnhancedMetrics {
	list := append([]string{}, metrics...)
	return []kinesis.EnhancedMetrics{{ShardLevelMetrics: list}}
}

// shardShape renders shard i. Caller holds st.mu.
func shardShape(st *stream, i int) kinesis.Shard {
	m := &st.meta.Shards[i]
	sh := st.shards[i]
	out := kinesis.Shard{
		ShardId:      shardID(i),
		HashKeyRange: &kinesis.HashKeyRange{StartingHashKey: m.Start, EndingHashKey: m.End},
		SequenceNumberRange: &kinesis.SequenceNumberRange{
			StartingSequenceNumber: sh.position(0, m.Created),
		},
	}
	if m.Parent >= 0 {
		out.ParentShardId = shardID(m.Parent)
	}
	if m.Adjacent >= 0 {
		out.AdjacentParentShardId = shardID(m.Adjacent)
	}
	if m.Closed != 0 {
		out.SequenceNumberRange.EndingSequenceNumber = sh.position(maxPosition, m.Closed)
	}
	return out
}

// DescribeStreamSummary describes a stream without its shards.
func (s *Service) DescribeStreamSummary(ctx context.Context, in *kinesis.DescribeStreamSummaryInput) (*DescribeStreamSummaryOutput, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	m := &st.meta
	sum := &StreamDescriptionSummary{
		StreamDescriptionSummary: kinesis.StreamDescriptionSummary{
			StreamName: m.Name, StreamARN: m.ARN, StreamStatus: m.Status,
			StreamModeDetails:       &kinesis.StreamModeDetails{StreamMode: m.Mode},
			RetentionPeriodHours:    ptr(int32(m.RetentionHours)),
			StreamCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(m.Created)),
			EnhancedMonitoring:      enhancedMetrics(m.Metrics),
			EncryptionType:          m.Encryption, KeyId: m.KeyID,
			OpenShardCount: ptr(int32(len(st.open))),
			ConsumerCount:  ptr(int32(len(m.Consumers))),
		},
		MaxRecordSizeInKiB: ptr(int32(m.MaxRecordKiB)),
	}
	if m.Mode == modeOnDemand {
		sum.RecordDistributionStrategy = m.Distribution
		if sum.RecordDistributionStrategy == "" {
			sum.RecordDistributionStrategy = "USER_PARTITION_KEY"
		}
		if m.WarmTarget > 0 {
			sum.WarmThroughput = &WarmThroughputObject{TargetMiBps: ptr(m.WarmTarget), CurrentMiBps: ptr(m.WarmTarget)}
		}
	}
	return &DescribeStreamSummaryOutput{StreamDescriptionSummary: sum}, nil
}

// ListStreams lists stream names in order, a page at a time.
func (s *Service) ListStreams(ctx context.Context, in *kinesis.ListStreamsInput) (*kinesis.ListStreamsOutput, error) {
	limit := 100
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	after := in.ExclusiveStartStreamName
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil {
			return nil, invalidArgument("Invalid NextToken.")
		}
		after = string(b)
	}
	type entry struct {
		name string
		sum  kinesis.StreamSummary
	}
	var all []entry
	for _, st := range s.allStreams() {
		s.settleDue(st)
		st.mu.RLock()
		if !st.gone {
			m := &st.meta
			all = append(all, entry{m.Name, kinesis.StreamSummary{StreamName: m.Name, StreamARN: m.ARN, StreamStatus: m.Status,
				StreamModeDetails:       &kinesis.StreamModeDetails{StreamMode: m.Mode},
				StreamCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(m.Created))}})
		}
		st.mu.RUnlock()
	}
	sort.Slice(all, func(a, b int) bool { return all[a].name < all[b].name })
	out := &kinesis.ListStreamsOutput{StreamNames: []string{}, StreamSummaries: []kinesis.StreamSummary{}}
	more := false
	for _, e := range all {
		if after != "" && e.name <= after {
			continue
		}
		if len(out.StreamNames) == limit {
			more = true
			break
		}
		out.StreamNames = append(out.StreamNames, e.name)
		out.StreamSummaries = append(out.StreamSummaries, e.sum)
	}
	out.HasMoreStreams = &more
	if more {
		out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(out.StreamNames[len(out.StreamNames)-1]))
	}
	return out, nil
}
