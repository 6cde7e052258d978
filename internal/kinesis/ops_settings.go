package kinesis

import (
	"context"
	"slices"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsmodel/validate"
)

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
