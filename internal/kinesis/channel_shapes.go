package kinesis

import (
	"github.com/nubo-dev/nubo/internal/awsmodel/validate"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// The channel shapes postdate the generated model in internal/awsmodel, so
// they are written here by hand; member names are AWS's (as aws-sdk-go-v2
// v1.56 sends them).

// CreateChannelInput is CreateChannel's request.
type CreateChannelInput struct {
	ChannelName                      string                            `json:"ChannelName,omitempty"`
	ServiceExecutionRoleARN          string                            `json:"ServiceExecutionRoleARN,omitempty"`
	StreamConfigurationList          []ChannelStreamConfiguration      `json:"StreamConfigurationList,omitempty"`
	EncryptionConfiguration          *ChannelEncryptionConfiguration   `json:"EncryptionConfiguration,omitempty"`
	LoggingConfiguration             *ChannelLoggingConfiguration      `json:"LoggingConfiguration,omitempty"`
	S3DestinationConfiguration       *S3DestinationConfiguration       `json:"S3DestinationConfiguration,omitempty"`
	S3TablesDestinationConfiguration *S3TablesDestinationConfiguration `json:"S3TablesDestinationConfiguration,omitempty"`
	Tags                             map[string]string                 `json:"Tags,omitempty"`
}

// ChannelStreamConfiguration names a channel's source stream.
type ChannelStreamConfiguration struct {
	RecordConfiguration *RecordConfiguration `json:"RecordConfiguration,omitempty"`
	StreamARN           string               `json:"StreamARN,omitempty"`
}

// RecordConfiguration is the format of the source records.
type RecordConfiguration struct {
	RecordFormatType string `json:"RecordFormatType,omitempty"`
	GSRSchemaARN     string `json:"GSRSchemaARN,omitempty"`
}

// ChannelEncryptionConfiguration is the KMS key of delivered objects.
type ChannelEncryptionConfiguration struct {
	EncryptionType string `json:"EncryptionType,omitempty"`
	KeyId          string `json:"KeyId,omitempty"`
}

// ChannelLoggingConfiguration is the CloudWatch Logs setting.
type ChannelLoggingConfiguration struct {
	CloudWatchLogs *CloudWatchLogs `json:"CloudWatchLogs,omitempty"`
}

// CloudWatchLogs says where delivery errors are logged.
type CloudWatchLogs struct {
	Enabled       *bool  `json:"Enabled,omitempty"`
	LogGroupName  string `json:"LogGroupName,omitempty"`
	LogStreamName string `json:"LogStreamName,omitempty"`
}

// S3DestinationConfiguration is delivery to a general purpose bucket.
type S3DestinationConfiguration struct {
	StorageConfiguration           *S3StorageConfiguration         `json:"StorageConfiguration,omitempty"`
	DataFreshnessInSeconds         *int32                          `json:"DataFreshnessInSeconds,omitempty"`
	DeadLetterQueueS3Configuration *DeadLetterQueueS3Configuration `json:"DeadLetterQueueS3Configuration,omitempty"`
}

// S3StorageConfiguration is the destination bucket and object layout.
type S3StorageConfiguration struct {
	BucketARN           string `json:"BucketARN,omitempty"`
	CompressionType     string `json:"CompressionType,omitempty"`
	ExpectedBucketOwner string `json:"ExpectedBucketOwner,omitempty"`
	OutputKeyTemplate   string `json:"OutputKeyTemplate,omitempty"`
	StorageClass        string `json:"StorageClass,omitempty"`
}

// DeadLetterQueueS3Configuration is where undeliverable records go.
type DeadLetterQueueS3Configuration struct {
	BucketARN           string `json:"BucketARN,omitempty"`
	ExpectedBucketOwner string `json:"ExpectedBucketOwner,omitempty"`
	ErrorOutputPrefix   string `json:"ErrorOutputPrefix,omitempty"`
}

// S3TablesDestinationConfiguration is delivery to S3 Tables, which nubo
// lacks; it is decoded only to be refused.
type S3TablesDestinationConfiguration struct {
	DeadLetterQueueS3Configuration *DeadLetterQueueS3Configuration `json:"DeadLetterQueueS3Configuration,omitempty"`
	S3TablesConfigurationList      []map[string]any                `json:"S3TablesConfigurationList,omitempty"`
	DataFreshnessInSeconds         *int32                          `json:"DataFreshnessInSeconds,omitempty"`
}

// ChannelOutput is the answer of Create, Describe and UpdateChannel.
type ChannelOutput struct {
	ChannelDescription *ChannelDescription `json:"ChannelDescription,omitempty"`
}

// ChannelDescription describes one channel.
type ChannelDescription struct {
	ChannelARN                 string                          `json:"ChannelARN,omitempty"`
	ChannelCreationTimestamp   *awsproto.Timestamp             `json:"ChannelCreationTimestamp,omitempty"`
	ChannelId                  string                          `json:"ChannelId,omitempty"`
	ChannelName                string                          `json:"ChannelName,omitempty"`
	ChannelStatus              string                          `json:"ChannelStatus,omitempty"`
	ChannelStatusReason        string                          `json:"ChannelStatusReason,omitempty"`
	LoggingConfiguration       *ChannelLoggingConfiguration    `json:"LoggingConfiguration,omitempty"`
	ServiceExecutionRoleARN    string                          `json:"ServiceExecutionRoleARN,omitempty"`
	StreamConfigurationList    []ChannelStreamDescription      `json:"StreamConfigurationList"`
	EncryptionConfiguration    *ChannelEncryptionConfiguration `json:"EncryptionConfiguration,omitempty"`
	S3DestinationConfiguration *S3DestinationConfiguration     `json:"S3DestinationConfiguration,omitempty"`
}

// ChannelStreamDescription is a source stream in a description.
type ChannelStreamDescription struct {
	RecordConfiguration     *RecordConfiguration `json:"RecordConfiguration,omitempty"`
	StreamARN               string               `json:"StreamARN,omitempty"`
	StreamCreationTimestamp *awsproto.Timestamp  `json:"StreamCreationTimestamp,omitempty"`
}

// ChannelARNInput is the request of DescribeChannel and DeleteChannel.
type ChannelARNInput struct {
	ChannelARN string `json:"ChannelARN,omitempty"`
}

// Validate requires ChannelARN.
func (in *ChannelARNInput) Validate() error {
	var e validate.Errors
	if in.ChannelARN == "" {
		e.Null("channelARN")
	}
	return e.Err()
}

// ListChannelsInput is ListChannels' request.
type ListChannelsInput struct {
	MaxResults   *int32         `json:"MaxResults,omitempty"`
	NextToken    string         `json:"NextToken,omitempty"`
	StreamFilter []StreamFilter `json:"StreamFilter,omitempty"`
}

// StreamFilter selects channels by source stream.
type StreamFilter struct {
	StreamARN               string              `json:"StreamARN,omitempty"`
	StreamCreationTimestamp *awsproto.Timestamp `json:"StreamCreationTimestamp,omitempty"`
}

// ListChannelsOutput is ListChannels' answer.
type ListChannelsOutput struct {
	ChannelSummaries []ChannelSummary `json:"ChannelSummaries"`
	NextToken        string           `json:"NextToken,omitempty"`
}

// ChannelSummary is one channel in a listing.
type ChannelSummary struct {
	ChannelARN               string                    `json:"ChannelARN,omitempty"`
	ChannelCreationTimestamp *awsproto.Timestamp       `json:"ChannelCreationTimestamp,omitempty"`
	ChannelDestinationType   string                    `json:"ChannelDestinationType,omitempty"`
	ChannelId                string                    `json:"ChannelId,omitempty"`
	ChannelName              string                    `json:"ChannelName,omitempty"`
	ChannelStatus            string                    `json:"ChannelStatus,omitempty"`
	ChannelStatusReason      string                    `json:"ChannelStatusReason,omitempty"`
	Streams                  []ChannelStreamIdentifier `json:"Streams"`
}

// ChannelStreamIdentifier names a source stream in a summary.
type ChannelStreamIdentifier struct {
	StreamARN               string              `json:"StreamARN,omitempty"`
	StreamCreationTimestamp *awsproto.Timestamp `json:"StreamCreationTimestamp,omitempty"`
}

// UpdateChannelInput is UpdateChannel's request.
type UpdateChannelInput struct {
	ChannelARN                       string                       `json:"ChannelARN,omitempty"`
	LoggingConfiguration             *ChannelLoggingConfiguration `json:"LoggingConfiguration,omitempty"`
	S3DestinationConfiguration       *FreshnessUpdate             `json:"S3DestinationConfiguration,omitempty"`
	S3TablesDestinationConfiguration *FreshnessUpdate             `json:"S3TablesDestinationConfiguration,omitempty"`
}

// FreshnessUpdate is S3DestinationUpdateInput and
// S3TablesDestinationUpdateInput: only the freshness can change.
type FreshnessUpdate struct {
	DataFreshnessInSeconds *int32 `json:"DataFreshnessInSeconds,omitempty"`
}

// Validate requires ChannelARN.
func (in *UpdateChannelInput) Validate() error {
	var e validate.Errors
	if in.ChannelARN == "" {
		e.Null("channelARN")
	}
	return e.Err()
}
