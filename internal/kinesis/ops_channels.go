package kinesis

import (
	"context"
	"crypto/rand"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/validate"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Channel limits and enums (Kinesis Data Streams developer guide, "Amazon
// S3 delivery").
const (
	minFreshness        = 300
	maxFreshness        = 900
	defaultFreshness    = 300
	channelStatusFailed = "FAILED"
	destinationS3       = "S3"
)

var (
	recordFormats    = []string{"GSR_JSON", "JSON", "STRING", "BYTE_ARRAY"}
	compressionTypes = []string{"NONE", "GZIP", "ZSTD"}
)

// CreateChannel creates a channel that delivers an ON_DEMAND stream to a
// general purpose S3 bucket.
func (s *Service) CreateChannel(ctx context.Context, in *CreateChannelInput) (*ChannelOutput, error) {
	if err := validateCreateChannel(in); err != nil {
		return nil, err
	}
	if in.S3TablesDestinationConfiguration != nil {
		return nil, invalidArgument("S3TablesDestinationConfiguration is not supported: nubo has no Amazon S3 Tables. Use S3DestinationConfiguration to deliver to a general purpose bucket.")
	}
	sc := in.StreamConfigurationList[0]
	st, err := s.lookup("", sc.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	sm := st.meta
	st.mu.RUnlock()
	if sm.Mode != modeOnDemand {
		return nil, invalidArgument("Stream %s under account %s is in %s mode; channels deliver only from ON_DEMAND streams.", sm.Name, s.account, sm.Mode)
	}
	m, err := s.newChannelMeta(ctx, in, &sm)
	if err != nil {
		return nil, err
	}
	c, err := s.addChannel(m)
	if err != nil {
		return nil, err
	}
	return &ChannelOutput{ChannelDescription: s.describeChannel(c)}, nil
}

// validateCreateChannel checks required members, enums and ranges.
func validateCreateChannel(in *CreateChannelInput) error {
	var e validate.Errors
	if in.ChannelName == "" {
		e.Null("channelName")
	}
	if in.ServiceExecutionRoleARN == "" {
		e.Null("serviceExecutionRoleARN")
	}
	if len(in.StreamConfigurationList) == 0 {
		e.Null("streamConfigurationList")
	}
	for i, sc := range in.StreamConfigurationList {
		p := validate.Elem("streamConfigurationList", i)
		if sc.StreamARN == "" {
			e.Null(p + ".streamARN")
		}
		if sc.RecordConfiguration == nil {
			e.Null(p + ".recordConfiguration")
		} else {
			checkEnum(&e, p+".recordConfiguration.recordFormatType", sc.RecordConfiguration.RecordFormatType, recordFormats)
		}
	}
	if d := in.S3DestinationConfiguration; d != nil {
		if d.StorageConfiguration == nil {
			e.Null("s3DestinationConfiguration.storageConfiguration")
		} else {
			sc := d.StorageConfiguration
			if sc.BucketARN == "" {
				e.Null("s3DestinationConfiguration.storageConfiguration.bucketARN")
			}
			if sc.ExpectedBucketOwner == "" {
				e.Null("s3DestinationConfiguration.storageConfiguration.expectedBucketOwner")
			}
			checkEnum(&e, "s3DestinationConfiguration.storageConfiguration.compressionType", sc.CompressionType, compressionTypes)
		}
		checkFreshness(&e, "s3DestinationConfiguration.dataFreshnessInSeconds", d.DataFreshnessInSeconds)
	}
	if err := e.Err(); err != nil {
		return err
	}
	if len(in.StreamConfigurationList) != 1 {
		return invalidArgument("StreamConfigurationList must contain exactly one stream.")
	}
	if (in.S3DestinationConfiguration == nil) == (in.S3TablesDestinationConfiguration == nil) {
		return invalidArgument("Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be specified.")
	}
	return nil
}

func checkEnum(e *validate.Errors, path, v string, set []string) {
	if v == "" {
		e.Null(path)
		return
	}
	for _, x := range set {
		if v == x {
			return
		}
	}
	e.Add(path, v, "Member must satisfy enum value set: ["+strings.Join(set, ", ")+"]")
}

func checkFreshness(e *validate.Errors, path string, v *int32) {
	if v == nil {
		return
	}
	switch {
	case *v < minFreshness:
		e.Add(path, fmt.Sprint(*v), fmt.Sprintf("Member must have value greater than or equal to %d", minFreshness))
	case *v > maxFreshness:
		e.Add(path, fmt.Sprint(*v), fmt.Sprintf("Member must have value less than or equal to %d", maxFreshness))
	}
}

// newChannelMeta checks the S3 destination and builds the stored metadata.
func (s *Service) newChannelMeta(ctx context.Context, in *CreateChannelInput, sm *streamMeta) (*channelMeta, error) {
	sc, d := in.StreamConfigurationList[0], in.S3DestinationConfiguration
	if sc.RecordConfiguration.RecordFormatType == "GSR_JSON" {
		return nil, invalidArgument("RecordFormatType GSR_JSON is supported only for S3 Tables destinations.")
	}
	store := d.StorageConfiguration
	bucket, err := s.channelBucket(ctx, store.BucketARN, store.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if err := checkKeyTemplate(store.OutputKeyTemplate); err != nil {
		return nil, err
	}
	m := &channelMeta{
		Name: in.ChannelName, ID: newChannelID(), Created: s.now().UnixMilli(), Status: statusCreating,
		Until: s.now().Add(s.opts.StatusDelay).UnixMilli(), Role: in.ServiceExecutionRoleARN,
		Stream: sm.Name, StreamARN: sm.ARN, StreamCreated: sm.Created,
		Format: sc.RecordConfiguration.RecordFormatType, Storage: *store, Bucket: bucket,
		Freshness: defaultFreshness, Logging: in.LoggingConfiguration, Encryption: in.EncryptionConfiguration, Tags: in.Tags,
	}
	m.ARN = channelARN(s.opts.Region, s.account, m.Name)
	if d.DataFreshnessInSeconds != nil {
		m.Freshness = *d.DataFreshnessInSeconds
	}
	m.DLQ = DeadLetterQueueS3Configuration{BucketARN: store.BucketARN, ExpectedBucketOwner: store.ExpectedBucketOwner, ErrorOutputPrefix: defaultErrorPrefix}
	if q := d.DeadLetterQueueS3Configuration; q != nil {
		m.DLQ = *q
		if m.DLQ.ErrorOutputPrefix == "" {
			m.DLQ.ErrorOutputPrefix = defaultErrorPrefix
		}
	}
	if m.DLQBucket, err = s.channelBucket(ctx, m.DLQ.BucketARN, m.DLQ.ExpectedBucketOwner); err != nil {
		return nil, err
	}
	if m.Logging == nil {
		f := false
		m.Logging = &ChannelLoggingConfiguration{CloudWatchLogs: &CloudWatchLogs{Enabled: &f}}
	}
	return m, nil
}

// channelBucket resolves a bucket ARN to an existing bucket of this account.
func (s *Service) channelBucket(ctx context.Context, arn, owner string) (string, error) {
	name, ok := strings.CutPrefix(arn, "arn:aws:s3:::")
	if !ok || name == "" || strings.Contains(name, "/") {
		return "", invalidArgument("Invalid BucketARN %s.", arn)
	}
	if owner != "" && owner != s.account {
		return "", invalidArgument("Bucket %s is not owned by the expected bucket owner %s.", name, owner)
	}
	if s.opts.Objects == nil {
		return "", errf("InternalFailure", "Channels need the S3 object store, which is not configured.")
	}
	ok, err := s.opts.Objects.BucketExists(ctx, name)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", invalidArgument("Bucket %s does not exist.", name)
	}
	return name, nil
}

func newChannelID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// channelARN builds a channel ARN.
func channelARN(region, account, name string) string {
	return "arn:aws:kinesis:" + region + ":" + account + ":channel/" + name
}

// channelByARN finds a channel by its ARN after settling its status.
func (s *Service) channelByARN(arn string) (*channel, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kinesis" || !strings.HasPrefix(parts[5], "channel/") {
		return nil, invalidArgument("Invalid ChannelARN %s.", arn)
	}
	name := strings.TrimPrefix(parts[5], "channel/")
	s.settleChannels()
	s.chans.mu.Lock()
	c := s.chans.byName[name]
	s.chans.mu.Unlock()
	if c == nil || parts[4] != s.account {
		return nil, s.channelNotFound(name)
	}
	return c, nil
}

func (s *Service) channelNotFound(name string) *awsproto.Error {
	return errf("ResourceNotFoundException", "Channel %s under account %s not found.", name, s.account)
}

// DescribeChannel describes a channel.
func (s *Service) DescribeChannel(ctx context.Context, in *ChannelARNInput) (*ChannelOutput, error) {
	c, err := s.channelByARN(in.ChannelARN)
	if err != nil {
		return nil, err
	}
	return &ChannelOutput{ChannelDescription: s.describeChannel(c)}, nil
}

// DeleteChannel stops a channel's delivery and deletes it once its
// DELETING status has passed. Records already delivered stay in S3.
func (s *Service) DeleteChannel(ctx context.Context, in *ChannelARNInput) (*struct{}, error) {
	c, err := s.channelByARN(in.ChannelARN)
	if err != nil {
		return nil, err
	}
	s.chans.mu.Lock()
	defer s.chans.mu.Unlock()
	if c.meta.Status == statusDeleting {
		return nil, errf("ResourceInUseException", "Channel %s under account %s is already being deleted.", c.meta.Name, s.account)
	}
	prev := c.meta
	c.meta.Status, c.meta.Until = statusDeleting, s.now().Add(s.opts.StatusDelay).UnixMilli()
	if err := s.saveChannel(&c.meta); err != nil {
		c.meta = prev
		return nil, err
	}
	c.halt()
	return &struct{}{}, nil
}

// UpdateChannel changes a channel's data freshness or logging settings.
func (s *Service) UpdateChannel(ctx context.Context, in *UpdateChannelInput) (*ChannelOutput, error) {
	var e validate.Errors
	if in.S3DestinationConfiguration != nil {
		if in.S3DestinationConfiguration.DataFreshnessInSeconds == nil {
			e.Null("s3DestinationConfiguration.dataFreshnessInSeconds")
		}
		checkFreshness(&e, "s3DestinationConfiguration.dataFreshnessInSeconds", in.S3DestinationConfiguration.DataFreshnessInSeconds)
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	c, err := s.channelByARN(in.ChannelARN)
	if err != nil {
		return nil, err
	}
	if in.S3TablesDestinationConfiguration != nil {
		return nil, invalidArgument("Channel %s delivers to a general purpose S3 bucket; S3TablesDestinationConfiguration does not apply.", c.meta.Name)
	}
	if in.S3DestinationConfiguration == nil && in.LoggingConfiguration == nil {
		return nil, invalidArgument("UpdateChannel needs S3DestinationConfiguration or LoggingConfiguration.")
	}
	s.chans.mu.Lock()
	defer s.chans.mu.Unlock()
	if c.meta.Status != statusActive {
		return nil, errf("ResourceInUseException", "Channel %s under account %s not ACTIVE, instead in state %s", c.meta.Name, s.account, c.meta.Status)
	}
	prev := c.meta
	if d := in.S3DestinationConfiguration; d != nil {
		c.meta.Freshness = *d.DataFreshnessInSeconds
	}
	if in.LoggingConfiguration != nil {
		c.meta.Logging = in.LoggingConfiguration
	}
	c.meta.Status, c.meta.Until = statusUpdating, s.now().Add(s.opts.StatusDelay).UnixMilli()
	if err := s.saveChannel(&c.meta); err != nil {
		c.meta = prev
		return nil, err
	}
	return &ChannelOutput{ChannelDescription: s.describeLocked(c)}, nil
}

// ListChannels lists channels by name, optionally only those of some streams.
func (s *Service) ListChannels(ctx context.Context, in *ListChannelsInput) (*ListChannelsOutput, error) {
	limit := 100
	if in.MaxResults != nil {
		if *in.MaxResults < 1 {
			var e validate.Errors
			e.Add("maxResults", fmt.Sprint(*in.MaxResults), "Member must have value greater than or equal to 1")
			return nil, e.Err()
		}
		limit = min(int(*in.MaxResults), 100)
	}
	s.settleChannels()
	s.chans.mu.Lock()
	defer s.chans.mu.Unlock()
	names := make([]string, 0, len(s.chans.byName))
	for n, c := range s.chans.byName {
		if n > in.NextToken && matchesFilter(&c.meta, in.StreamFilter) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	out := &ListChannelsOutput{ChannelSummaries: []ChannelSummary{}}
	for i, n := range names {
		if i == limit {
			out.NextToken = names[i-1]
			break
		}
		m := &s.chans.byName[n].meta
		out.ChannelSummaries = append(out.ChannelSummaries, ChannelSummary{
			ChannelARN: m.ARN, ChannelCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(m.Created)),
			ChannelDestinationType: destinationS3, ChannelId: m.ID, ChannelName: m.Name, ChannelStatus: m.Status,
			ChannelStatusReason: m.Reason,
			Streams:             []ChannelStreamIdentifier{{StreamARN: m.StreamARN, StreamCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(m.StreamCreated))}},
		})
	}
	return out, nil
}

func matchesFilter(m *channelMeta, filters []StreamFilter) bool {
	if len(filters) == 0 {
		return true
	}
	for _, f := range filters {
		if f.StreamARN == m.StreamARN && (f.StreamCreationTimestamp == nil || f.StreamCreationTimestamp.UnixMilli()/1000 == m.StreamCreated/1000) {
			return true
		}
	}
	return false
}

func (s *Service) describeChannel(c *channel) *ChannelDescription {
	s.chans.mu.Lock()
	defer s.chans.mu.Unlock()
	return s.describeLocked(c)
}

// describeLocked renders a channel. Caller holds s.chans.mu.
func (s *Service) describeLocked(c *channel) *ChannelDescription {
	m := &c.meta
	f := m.Freshness
	dlq := m.DLQ
	storage := m.Storage
	return &ChannelDescription{
		ChannelARN: m.ARN, ChannelCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(m.Created)),
		ChannelId: m.ID, ChannelName: m.Name, ChannelStatus: m.Status, ChannelStatusReason: m.Reason,
		LoggingConfiguration: m.Logging, ServiceExecutionRoleARN: m.Role, EncryptionConfiguration: m.Encryption,
		StreamConfigurationList: []ChannelStreamDescription{{
			RecordConfiguration: &RecordConfiguration{RecordFormatType: m.Format}, StreamARN: m.StreamARN,
			StreamCreationTimestamp: awsproto.NewTimestamp(time.UnixMilli(m.StreamCreated)),
		}},
		S3DestinationConfiguration: &S3DestinationConfiguration{StorageConfiguration: &storage,
			DataFreshnessInSeconds: &f, DeadLetterQueueS3Configuration: &dlq},
	}
}
