package kinesis

import (
	"context"
	"encoding/base64"
	"slices"
	"sort"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsmodel/validate"
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

// IncreaseStreamRetentionPeriod lengthens how long records stay readable.
func (s *Service) IncreaseStreamRetentionPeriod(ctx context.Context, in *kinesis.IncreaseStreamRetentionPeriodInput) (*kinesis.Unit, error) {
	return s.changeRetention(in.StreamName, in.StreamARN, int(*in.RetentionPeriodHours), true)
}

// DecreaseStreamRetentionPeriod shortens how long records stay readable.
func (s *Service) DecreaseStreamRetentionPeriod(ctx context.Context, in *kinesis.DecreaseStreamRetentionPeriodInput) (*kinesis.Unit, error) {
	return s.changeRetention(in.StreamName, in.StreamARN, int(*in.RetentionPeriodHours), false)
}

func (s *Service) changeRetention(name, arn string, hours int, increase bool) (*kinesis.Unit, error) {
	st, err := s.lookup(name, arn)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := s.requireActive(st); err != nil {
		return nil, err
	}
	cur := st.meta.RetentionHours
	switch {
	case hours < defaultRetentionHours:
		return nil, invalidArgument("Minimum allowed retention period is %d hours. Requested retention period (%d hours) is too short.", defaultRetentionHours, hours)
	case hours > maxRetentionHours:
		return nil, invalidArgument("Maximum allowed retention period is %d hours. Requested retention period (%d hours) is too long.", maxRetentionHours, hours)
	case increase && hours < cur:
		return nil, invalidArgument("Requested retention period (%d hours) for stream %s can not be shorter than existing retention period (%d hours). Use DecreaseRetentionPeriod API.", hours, st.meta.Name, cur)
	case !increase && hours > cur:
		return nil, invalidArgument("Requested retention period (%d hours) for stream %s can not be longer than existing retention period (%d hours). Use IncreaseRetentionPeriod API.", hours, st.meta.Name, cur)
	}
	st.meta.RetentionHours = hours
	if err := s.save(st); err != nil {
		st.meta.RetentionHours = cur
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// update applies fn to an ACTIVE stream's metadata and moves it to
// UPDATING for the status delay, as AWS does for mode and encryption
// changes.
func (s *Service) update(name, arn string, updating bool, fn func(m *streamMeta) error) error {
	st, err := s.lookup(name, arn)
	if err != nil {
		return err
	}
	st.mu.Lock()
	if err := s.requireActive(st); err != nil {
		st.mu.Unlock()
		return err
	}
	prev := st.meta
	prev.Metrics = slices.Clone(st.meta.Metrics)
	prev.Tags = maps(st.meta.Tags)
	if err := fn(&st.meta); err != nil {
		st.meta = prev
		st.mu.Unlock()
		return err
	}
	if updating {
		err = s.beginTransition(st, statusUpdating, nil)
	} else {
		err = s.save(st)
	}
	if err != nil {
		st.meta = prev
	}
	st.mu.Unlock()
	s.settleDue(st)
	return err
}

// UpdateStreamMode switches between PROVISIONED and ON_DEMAND capacity.
func (s *Service) UpdateStreamMode(ctx context.Context, in *kinesis.UpdateStreamModeInput) (*kinesis.Unit, error) {
	err := s.update("", in.StreamARN, true, func(m *streamMeta) error {
		m.Mode = in.StreamModeDetails.StreamMode
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// StartStreamEncryption turns on server-side encryption with a KMS key.
// nubo records the key and marks records as encrypted; it does not call KMS.
func (s *Service) StartStreamEncryption(ctx context.Context, in *kinesis.StartStreamEncryptionInput) (*kinesis.Unit, error) {
	if in.EncryptionType != encryptionKMS {
		return nil, invalidArgument("Invalid EncryptionType %s. Only KMS is supported.", in.EncryptionType)
	}
	err := s.update(in.StreamName, in.StreamARN, true, func(m *streamMeta) error {
		m.Encryption, m.KeyID = encryptionKMS, in.KeyId
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// StopStreamEncryption turns server-side encryption off.
func (s *Service) StopStreamEncryption(ctx context.Context, in *kinesis.StopStreamEncryptionInput) (*kinesis.Unit, error) {
	if in.EncryptionType != encryptionKMS {
		return nil, invalidArgument("Invalid EncryptionType %s. Only KMS is supported.", in.EncryptionType)
	}
	err := s.update(in.StreamName, in.StreamARN, true, func(m *streamMeta) error {
		if m.Encryption != encryptionKMS {
			return invalidArgument("Stream %s under account %s is not encrypted.", m.Name, s.account)
		}
		if m.KeyID != in.KeyId {
			return invalidArgument("KeyId %s does not match the key the stream %s under account %s is encrypted with.", in.KeyId, m.Name, s.account)
		}
		m.Encryption, m.KeyID = encryptionNone, ""
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// allMetrics are the shard-level metrics "ALL" stands for.
var allMetrics = []string{"IncomingBytes", "IncomingRecords", "IteratorAgeMilliseconds", "OutgoingBytes",
	"OutgoingRecords", "ReadProvisionedThroughputExceeded", "WriteProvisionedThroughputExceeded"}

// EnableEnhancedMonitoring turns on shard-level metrics.
func (s *Service) EnableEnhancedMonitoring(ctx context.Context, in *kinesis.EnableEnhancedMonitoringInput) (*kinesis.EnhancedMonitoringOutput, error) {
	return s.monitoring(in.StreamName, in.StreamARN, in.ShardLevelMetrics, true)
}

// DisableEnhancedMonitoring turns off shard-level metrics.
func (s *Service) DisableEnhancedMonitoring(ctx context.Context, in *kinesis.DisableEnhancedMonitoringInput) (*kinesis.EnhancedMonitoringOutput, error) {
	return s.monitoring(in.StreamName, in.StreamARN, in.ShardLevelMetrics, false)
}

func (s *Service) monitoring(name, arn string, metrics []string, enable bool) (*kinesis.EnhancedMonitoringOutput, error) {
	if len(metrics) == 0 {
		var e validate.Errors
		e.Add("shardLevelMetrics", "'[]'", "Member must have length greater than or equal to 1")
		return nil, e.Err()
	}
	want := map[string]bool{}
	for _, m := range metrics {
		if m == "ALL" {
			for _, a := range allMetrics {
				want[a] = true
			}
		} else {
			want[m] = true
		}
	}
	out := &kinesis.EnhancedMonitoringOutput{}
	err := s.update(name, arn, false, func(m *streamMeta) error {
		out.StreamName, out.StreamARN = m.Name, m.ARN
		out.CurrentShardLevelMetrics = append([]string{}, m.Metrics...)
		set := map[string]bool{}
		for _, x := range m.Metrics {
			set[x] = true
		}
		for x := range want {
			set[x] = enable
		}
		m.Metrics = m.Metrics[:0:0]
		for _, x := range allMetrics {
			if set[x] {
				m.Metrics = append(m.Metrics, x)
			}
		}
		out.DesiredShardLevelMetrics = append([]string{}, m.Metrics...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateMaxRecordSize sets the largest record the stream accepts.
func (s *Service) UpdateMaxRecordSize(ctx context.Context, in *UpdateMaxRecordSizeInput) (*kinesis.Unit, error) {
	err := s.update("", in.StreamARN, false, func(m *streamMeta) error {
		m.MaxRecordKiB = int(*in.MaxRecordSizeInKiB)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// UpdateStreamWarmThroughput records an on-demand stream's warm throughput.
func (s *Service) UpdateStreamWarmThroughput(ctx context.Context, in *UpdateStreamWarmThroughputInput) (*UpdateStreamWarmThroughputOutput, error) {
	out := &UpdateStreamWarmThroughputOutput{}
	err := s.update(in.StreamName, in.StreamARN, true, func(m *streamMeta) error {
		if m.Mode != modeOnDemand {
			return invalidArgument("Warm throughput can only be configured for streams in ON_DEMAND mode.")
		}
		prev := m.WarmTarget
		m.WarmTarget = *in.WarmThroughputMiBps
		out.StreamName, out.StreamARN = m.Name, m.ARN
		out.WarmThroughput = &WarmThroughputObject{TargetMiBps: ptr(m.WarmTarget), CurrentMiBps: ptr(prev)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateStreamRecordDistributionStrategy sets how an on-demand stream
// places records.
func (s *Service) UpdateStreamRecordDistributionStrategy(ctx context.Context, in *UpdateStreamRecordDistributionStrategyInput) (*kinesis.Unit, error) {
	err := s.update("", in.StreamARN, false, func(m *streamMeta) error {
		if m.Mode != modeOnDemand && in.RecordDistributionStrategy == "AUTO" {
			return invalidArgument("The AUTO record distribution strategy is only supported for streams in ON_DEMAND mode.")
		}
		m.Distribution = in.RecordDistributionStrategy
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// DescribeLimits reports the account's shard and on-demand stream quotas.
func (s *Service) DescribeLimits(ctx context.Context, in *kinesis.DescribeLimitsInput) (*kinesis.DescribeLimitsOutput, error) {
	open, onDemand := s.accountUsage()
	return &kinesis.DescribeLimitsOutput{
		ShardLimit: ptr(int32(accountShardLimit)), OpenShardCount: ptr(int32(open)),
		OnDemandStreamCount: ptr(int32(onDemand)), OnDemandStreamCountLimit: ptr(int32(onDemandStreamLimit)),
	}, nil
}
