package kinesis

import (
	"strings"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsmodel/validate"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Shapes the generated model lacks or that nubo validates differently.

// PutRecordInput is PutRecord's input. Its Data is checked against the
// stream's own maximum record size (up to 10 MiB) rather than the model's
// fixed 1 MiB, so Validate checks every other member and leaves Data's
// upper bound to the operation.
type PutRecordInput struct{ kinesis.PutRecordInput }

// Validate checks the input as the model does, except for Data's size.
func (in *PutRecordInput) Validate() error {
	c := in.PutRecordInput
	if len(c.Data) > modelMaxData {
		c.Data = c.Data[:0]
	}
	return c.Validate()
}

// PutRecordsInput is PutRecords' input, validated like PutRecordInput.
type PutRecordsInput struct{ kinesis.PutRecordsInput }

// Validate checks the input as the model does, except for Data's size.
func (in *PutRecordsInput) Validate() error {
	c := in.PutRecordsInput
	for i := range c.Records {
		if len(c.Records[i].Data) > modelMaxData {
			c.Records = append([]kinesis.PutRecordsRequestEntry(nil), in.Records...)
			for j := range c.Records {
				if len(c.Records[j].Data) > modelMaxData {
					c.Records[j].Data = c.Records[j].Data[:0]
				}
			}
			break
		}
	}
	return c.Validate()
}

// GetRecordsOutput is GetRecords' output. Records must always be present,
// even when empty, and NextShardIterator is omitted (null) once a closed
// shard has been read to its end.
type GetRecordsOutput struct {
	ChildShards        []kinesis.ChildShard `json:"ChildShards,omitempty"`
	MillisBehindLatest *int64               `json:"MillisBehindLatest,omitempty"`
	NextShardIterator  string               `json:"NextShardIterator,omitempty"`
	Records            []kinesis.Record     `json:"Records"`
}

// CreateStreamInput is CreateStream's input with the members AWS added
// after the bundled model: a maximum record size, warm throughput and the
// record distribution strategy.
type CreateStreamInput struct {
	kinesis.CreateStreamInput
	MaxRecordSizeInKiB         *int32 `json:"MaxRecordSizeInKiB,omitempty"`
	WarmThroughputMiBps        *int32 `json:"WarmThroughputMiBps,omitempty"`
	RecordDistributionStrategy string `json:"RecordDistributionStrategy,omitempty"`
}

var (
	rangeMaxRecordKiB  = validate.IntRange{Min: 1024, HasMin: true, Max: maxMaxRecordKiB, HasMax: true}
	rangeWarmMiBps     = validate.IntRange{Min: 0, HasMin: true}
	ruleDistribution   = &validate.StringRule{Enum: []string{"AUTO", "USER_PARTITION_KEY"}}
	ruleBillingCommand = &validate.StringRule{Enum: []string{"ENABLED", "DISABLED"}}
)

// Validate checks the model's constraints and the added members'.
func (in *CreateStreamInput) Validate() error {
	var e validate.Errors
	collect(&e, in.CreateStreamInput.Validate())
	if in.MaxRecordSizeInKiB != nil {
		e.Int("maxRecordSizeInKiB", int64(*in.MaxRecordSizeInKiB), rangeMaxRecordKiB)
	}
	if in.WarmThroughputMiBps != nil {
		e.Int("warmThroughputMiBps", int64(*in.WarmThroughputMiBps), rangeWarmMiBps)
	}
	if in.RecordDistributionStrategy != "" {
		e.String("recordDistributionStrategy", in.RecordDistributionStrategy, ruleDistribution)
	}
	return e.Err()
}

// collect merges the violations of a generated Validate into e.
func collect(e *validate.Errors, err error) {
	if err == nil {
		return
	}
	ae, ok := err.(*awsproto.Error)
	if !ok {
		return
	}
	msg := ae.Message
	if i := strings.Index(msg, "detected: "); i >= 0 {
		msg = msg[i+len("detected: "):]
	}
	for _, v := range strings.Split(msg, "; Value ") {
		v = strings.TrimPrefix(v, "Value ")
		// "'x' at 'path' failed to satisfy constraint: c"
		at := strings.Index(v, " at '")
		end := strings.Index(v, "' failed to satisfy constraint: ")
		if at < 0 || end < at {
			continue
		}
		e.Add(v[at+5:end], v[:at], v[end+len("' failed to satisfy constraint: "):])
	}
}

// validStreamARN checks an ARN member as the model's StreamARN shape does.
func validStreamARN(e *validate.Errors, arn string) {
	collect(e, (&kinesis.DescribeStreamSummaryInput{StreamARN: arn}).Validate())
}

// validStreamName checks a name member as the model's StreamName shape does.
func validStreamName(e *validate.Errors, name string) {
	collect(e, (&kinesis.DescribeStreamSummaryInput{StreamName: name}).Validate())
}

// StreamDescriptionSummary adds the members AWS introduced after the
// bundled model.
type StreamDescriptionSummary struct {
	kinesis.StreamDescriptionSummary
	MaxRecordSizeInKiB         *int32                `json:"MaxRecordSizeInKiB,omitempty"`
	RecordDistributionStrategy string                `json:"RecordDistributionStrategy,omitempty"`
	WarmThroughput             *WarmThroughputObject `json:"WarmThroughput,omitempty"`
}

// DescribeStreamSummaryOutput is DescribeStreamSummary's output.
type DescribeStreamSummaryOutput struct {
	StreamDescriptionSummary *StreamDescriptionSummary `json:"StreamDescriptionSummary,omitempty"`
}

// WarmThroughputObject is an on-demand stream's warm throughput.
type WarmThroughputObject struct {
	TargetMiBps  *int32 `json:"TargetMiBps,omitempty"`
	CurrentMiBps *int32 `json:"CurrentMiBps,omitempty"`
}

// UpdateMaxRecordSizeInput is UpdateMaxRecordSize's input.
type UpdateMaxRecordSizeInput struct {
	StreamARN          string `json:"StreamARN,omitempty"`
	MaxRecordSizeInKiB *int32 `json:"MaxRecordSizeInKiB,omitempty"`
	StreamId           string `json:"StreamId,omitempty"`
}

// Validate checks required members and ranges.
func (in *UpdateMaxRecordSizeInput) Validate() error {
	var e validate.Errors
	if in.MaxRecordSizeInKiB == nil {
		e.Null("maxRecordSizeInKiB")
	} else {
		e.Int("maxRecordSizeInKiB", int64(*in.MaxRecordSizeInKiB), rangeMaxRecordKiB)
	}
	if in.StreamARN != "" {
		validStreamARN(&e, in.StreamARN)
	}
	return e.Err()
}

// UpdateStreamWarmThroughputInput is UpdateStreamWarmThroughput's input.
type UpdateStreamWarmThroughputInput struct {
	StreamARN           string `json:"StreamARN,omitempty"`
	StreamName          string `json:"StreamName,omitempty"`
	StreamId            string `json:"StreamId,omitempty"`
	WarmThroughputMiBps *int32 `json:"WarmThroughputMiBps,omitempty"`
}

// Validate checks required members and ranges.
func (in *UpdateStreamWarmThroughputInput) Validate() error {
	var e validate.Errors
	if in.StreamARN != "" {
		validStreamARN(&e, in.StreamARN)
	}
	if in.StreamName != "" {
		validStreamName(&e, in.StreamName)
	}
	if in.WarmThroughputMiBps == nil {
		e.Null("warmThroughputMiBps")
	} else {
		e.Int("warmThroughputMiBps", int64(*in.WarmThroughputMiBps), rangeWarmMiBps)
	}
	return e.Err()
}

// UpdateStreamWarmThroughputOutput is UpdateStreamWarmThroughput's output.
type UpdateStreamWarmThroughputOutput struct {
	StreamARN      string                `json:"StreamARN,omitempty"`
	StreamName     string                `json:"StreamName,omitempty"`
	WarmThroughput *WarmThroughputObject `json:"WarmThroughput,omitempty"`
}

// UpdateStreamRecordDistributionStrategyInput is that operation's input.
type UpdateStreamRecordDistributionStrategyInput struct {
	StreamARN                  string `json:"StreamARN,omitempty"`
	StreamId                   string `json:"StreamId,omitempty"`
	RecordDistributionStrategy string `json:"RecordDistributionStrategy,omitempty"`
}

// Validate checks required members and the enum.
func (in *UpdateStreamRecordDistributionStrategyInput) Validate() error {
	var e validate.Errors
	if in.RecordDistributionStrategy == "" {
		e.Null("recordDistributionStrategy")
	} else {
		e.String("recordDistributionStrategy", in.RecordDistributionStrategy, ruleDistribution)
	}
	if in.StreamARN == "" {
		e.Null("streamARN")
	} else {
		validStreamARN(&e, in.StreamARN)
	}
	return e.Err()
}

// TagResourceInput is TagResource's input.
type TagResourceInput struct {
	ResourceARN string            `json:"ResourceARN,omitempty"`
	Tags        map[string]string `json:"Tags,omitempty"`
	StreamId    string            `json:"StreamId,omitempty"`
}

// Validate checks required members and tag constraints like AddTagsToStream.
func (in *TagResourceInput) Validate() error {
	var e validate.Errors
	if in.ResourceARN == "" {
		e.Null("resourceARN")
	} else {
		collect(&e, (&kinesis.GetResourcePolicyInput{ResourceARN: in.ResourceARN}).Validate())
	}
	if in.Tags == nil {
		e.Null("tags")
	} else {
		collect(&e, (&kinesis.AddTagsToStreamInput{StreamName: "x", Tags: in.Tags}).Validate())
	}
	return e.Err()
}

// UntagResourceInput is UntagResource's input.
type UntagResourceInput struct {
	ResourceARN string   `json:"ResourceARN,omitempty"`
	TagKeys     []string `json:"TagKeys,omitempty"`
	StreamId    string   `json:"StreamId,omitempty"`
}

// Validate checks required members and tag key constraints.
func (in *UntagResourceInput) Validate() error {
	var e validate.Errors
	if in.ResourceARN == "" {
		e.Null("resourceARN")
	} else {
		collect(&e, (&kinesis.GetResourcePolicyInput{ResourceARN: in.ResourceARN}).Validate())
	}
	if in.TagKeys == nil {
		e.Null("tagKeys")
	} else {
		collect(&e, (&kinesis.RemoveTagsFromStreamInput{StreamName: "x", TagKeys: in.TagKeys}).Validate())
	}
	return e.Err()
}

// ListTagsForResourceInput is ListTagsForResource's input.
type ListTagsForResourceInput struct {
	ResourceARN string `json:"ResourceARN,omitempty"`
	StreamId    string `json:"StreamId,omitempty"`
}

// Validate checks the ARN.
func (in *ListTagsForResourceInput) Validate() error {
	if in.ResourceARN == "" {
		var e validate.Errors
		e.Null("resourceARN")
		return e.Err()
	}
	return (&kinesis.GetResourcePolicyInput{ResourceARN: in.ResourceARN}).Validate()
}

// ListTagsForResourceOutput is ListTagsForResource's output.
type ListTagsForResourceOutput struct {
	Tags []kinesis.Tag `json:"Tags"`
}

// DescribeAccountSettingsInput has no members.
type DescribeAccountSettingsInput struct{}

// MinimumThroughputBillingCommitmentOutput describes the account's
// minimum throughput billing commitment.
type MinimumThroughputBillingCommitmentOutput struct {
	Status               string              `json:"Status"`
	StartedAt            *awsproto.Timestamp `json:"StartedAt,omitempty"`
	EndedAt              *awsproto.Timestamp `json:"EndedAt,omitempty"`
	EarliestAllowedEndAt *awsproto.Timestamp `json:"EarliestAllowedEndAt,omitempty"`
}

// DescribeAccountSettingsOutput is DescribeAccountSettings' output.
type DescribeAccountSettingsOutput struct {
	MinimumThroughputBillingCommitment *MinimumThroughputBillingCommitmentOutput `json:"MinimumThroughputBillingCommitment,omitempty"`
}

// MinimumThroughputBillingCommitmentInput asks to enable or disable it.
type MinimumThroughputBillingCommitmentInput struct {
	Status string `json:"Status,omitempty"`
}

// UpdateAccountSettingsInput is UpdateAccountSettings' input.
type UpdateAccountSettingsInput struct {
	MinimumThroughputBillingCommitment *MinimumThroughputBillingCommitmentInput `json:"MinimumThroughputBillingCommitment,omitempty"`
}

// Validate checks the required member and its enum.
func (in *UpdateAccountSettingsInput) Validate() error {
	var e validate.Errors
	switch c := in.MinimumThroughputBillingCommitment; {
	case c == nil:
		e.Null("minimumThroughputBillingCommitment")
	case c.Status == "":
		e.Null("minimumThroughputBillingCommitment.status")
	default:
		e.String("minimumThroughputBillingCommitment.status", c.Status, ruleBillingCommand)
	}
	return e.Err()
}

// UpdateAccountSettingsOutput is UpdateAccountSettings' output.
type UpdateAccountSettingsOutput struct {
	MinimumThroughputBillingCommitment *MinimumThroughputBillingCommitmentOutput `json:"MinimumThroughputBillingCommitment,omitempty"`
}
