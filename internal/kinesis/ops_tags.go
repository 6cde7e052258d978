package kinesis

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// AddTagsToStream adds or overwrites a stream's tags (at most 50 in all).
func (s *Service) AddTagsToStream(ctx context.Context, in *kinesis.AddTagsToStreamInput) (*kinesis.Unit, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return &kinesis.Unit{}, s.tag(st, &st.meta.Tags, in.Tags)
}

func (s *Service) tag(st *stream, tags *map[string]string, add map[string]string) error {
	merged := maps(*tags)
	for k, v := range add {
		merged[k] = v
	}
	if len(merged) > maxTagsPerStream {
		return invalidArgument("Failed to add tags to stream %s under account %s because a given stream cannot have more than %d tags.", st.meta.Name, s.account, maxTagsPerStream)
	}
	return saveField(s, st, tags, merged)
}

func (s *Service) untag(st *stream, tags *map[string]string, keys []string) error {
	next := maps(*tags)
	for _, k := range keys {
		delete(next, k)
	}
	return saveField(s, st, tags, next)
}

// saveField sets *field, a part of st's metadata, to v and saves the
// metadata; when the save fails *field gets its old value back, so memory
// never runs ahead of what is on disk. Caller holds st.mu for writing.
func saveField[T any](s *Service, st *stream, field *T, v T) error {
	prev := *field
	*field = v
	if err := s.save(st); err != nil {
		*field = prev
		return err
	}
	return nil
}

// RemoveTagsFromStream removes tags by key.
func (s *Service) RemoveTagsFromStream(ctx context.Context, in *kinesis.RemoveTagsFromStreamInput) (*kinesis.Unit, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return &kinesis.Unit{}, s.untag(st, &st.meta.Tags, in.TagKeys)
}

func sortedTags(tags map[string]string) []kinesis.Tag {
	out := make([]kinesis.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, kinesis.Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Key < out[b].Key })
	return out
}

// ListTagsForStream lists a stream's tags by key.
func (s *Service) ListTagsForStream(ctx context.Context, in *kinesis.ListTagsForStreamInput) (*kinesis.ListTagsForStreamOutput, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	limit := maxTagsPerStream
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	st.mu.RLock()
	all := sortedTags(st.meta.Tags)
	st.mu.RUnlock()
	out := &kinesis.ListTagsForStreamOutput{Tags: []kinesis.Tag{}}
	more := false
	for _, t := range all {
		if in.ExclusiveStartTagKey != "" && t.Key <= in.ExclusiveStartTagKey {
			continue
		}
		if len(out.Tags) == limit {
			more = true
			break
		}
		out.Tags = append(out.Tags, t)
	}
	out.HasMoreTags = &more
	return out, nil
}

// resource is a stream or consumer named by a ResourceARN; fields point at
// its tags and policy inside the stream's metadata. Caller holds st.mu.
type resource struct {
	st     *stream
	tags   *map[string]string
	policy *string
}

// resolveResource finds the stream or consumer a ResourceARN names and runs
// fn on it with the stream locked for writing.
func (s *Service) withResource(arn string, fn func(r resource) error) error {
	if sarn, cname, created, ok := parseConsumerARN(arn); ok {
		st, err := s.lookup("", sarn)
		if err != nil {
			return err
		}
		st.mu.Lock()
		defer st.mu.Unlock()
		i := st.consumerIndex(cname)
		if i < 0 || st.meta.Consumers[i].Created/1000 != created {
			return s.consumerNotFound(cname, sarn)
		}
		c := &st.meta.Consumers[i]
		return fn(resource{st: st, tags: &c.Tags, policy: &c.Policy})
	}
	if _, _, ok := parseStreamARN(arn); !ok {
		return invalidArgument("Invalid ResourceARN %s.", arn)
	}
	st, err := s.lookup("", arn)
	if err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return fn(resource{st: st, tags: &st.meta.Tags, policy: &st.meta.Policy})
}

// TagResource adds tags to a stream or consumer.
func (s *Service) TagResource(ctx context.Context, in *TagResourceInput) (*kinesis.Unit, error) {
	err := s.withResource(in.ResourceARN, func(r resource) error { return s.tag(r.st, r.tags, in.Tags) })
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// UntagResource removes tags from a stream or consumer.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceInput) (*kinesis.Unit, error) {
	err := s.withResource(in.ResourceARN, func(r resource) error { return s.untag(r.st, r.tags, in.TagKeys) })
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// ListTagsForResource lists a stream's or consumer's tags.
func (s *Service) ListTagsForResource(ctx context.Context, in *ListTagsForResourceInput) (*ListTagsForResourceOutput, error) {
	out := &ListTagsForResourceOutput{}
	err := s.withResource(in.ResourceARN, func(r resource) error {
		out.Tags = sortedTags(*r.tags)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PutResourcePolicy attaches a resource-based policy to a stream or consumer.
// nubo stores it; it does not evaluate policies.
func (s *Service) PutResourcePolicy(ctx context.Context, in *kinesis.PutResourcePolicyInput) (*kinesis.Unit, error) {
	var doc map[string]any
	if err := json.Unmarshal([]byte(in.Policy), &doc); err != nil {
		return nil, invalidArgument("Policy is not a valid JSON document.")
	}
	err := s.withResource(in.ResourceARN, func(r resource) error { return saveField(s, r.st, r.policy, in.Policy) })
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// GetResourcePolicy returns a stream's or consumer's policy ("{}" if none).
func (s *Service) GetResourcePolicy(ctx context.Context, in *kinesis.GetResourcePolicyInput) (*kinesis.GetResourcePolicyOutput, error) {
	out := &kinesis.GetResourcePolicyOutput{}
	err := s.withResource(in.ResourceARN, func(r resource) error {
		out.Policy = *r.policy
		if out.Policy == "" {
			out.Policy = "{}"
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteResourcePolicy removes a stream's or consumer's policy.
func (s *Service) DeleteResourcePolicy(ctx context.Context, in *kinesis.DeleteResourcePolicyInput) (*kinesis.Unit, error) {
	err := s.withResource(in.ResourceARN, func(r resource) error { return saveField(s, r.st, r.policy, "") })
	if err != nil {
		return nil, err
	}
	return &kinesis.Unit{}, nil
}

// accountSettings is the account-level configuration (KV "kinesis/account-settings").
type accountSettings struct {
	Status    string `json:"status"`
	StartedAt int64  `json:"startedAt,omitempty"`
	EndedAt   int64  `json:"endedAt,omitempty"`
}

// billingCommitmentMinimum is how long a minimum throughput billing
// commitment must stay enabled once turned on.
const billingCommitmentMinimum = 24 * time.Hour

func (s *Service) loadSettings() (accountSettings, error) {
	b, err := s.kv.Get([]byte(keySettings))
	if errors.Is(err, kv.ErrNotFound) {
		return accountSettings{Status: "DISABLED"}, nil
	}
	if err != nil {
		return accountSettings{}, err
	}
	var a accountSettings
	if err := json.Unmarshal(b, &a); err != nil {
		return accountSettings{}, err
	}
	return a, nil
}

func (s *Service) settingsShape(a accountSettings) *MinimumThroughputBillingCommitmentOutput {
	out := &MinimumThroughputBillingCommitmentOutput{Status: a.Status}
	if a.StartedAt != 0 {
		out.StartedAt = awsproto.NewTimestamp(time.UnixMilli(a.StartedAt))
		out.EarliestAllowedEndAt = awsproto.NewTimestamp(time.UnixMilli(a.StartedAt).Add(billingCommitmentMinimum))
	}
	if a.EndedAt != 0 {
		out.EndedAt = awsproto.NewTimestamp(time.UnixMilli(a.EndedAt))
	}
	if a.Status == "ENABLED" && a.EndedAt != 0 {
		out.Status = "ENABLED_UNTIL_EARLIEST_ALLOWED_END"
	}
	if a.Status == "ENABLED" && a.EndedAt != 0 && s.now().UnixMilli() >= a.EndedAt {
		out.Status = "DISABLED"
	}
	return out
}

// DescribeAccountSettings reports the minimum throughput billing commitment.
func (s *Service) DescribeAccountSettings(ctx context.Context, in *DescribeAccountSettingsInput) (*DescribeAccountSettingsOutput, error) {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	a, err := s.loadSettings()
	if err != nil {
		return nil, err
	}
	return &DescribeAccountSettingsOutput{MinimumThroughputBillingCommitment: s.settingsShape(a)}, nil
}

// UpdateAccountSettings turns the minimum throughput billing commitment on
// or off; turning it off within its first 24 hours keeps it on until then.
func (s *Service) UpdateAccountSettings(ctx context.Context, in *UpdateAccountSettingsInput) (*UpdateAccountSettingsOutput, error) {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	a, err := s.loadSettings()
	if err != nil {
		return nil, err
	}
	now := s.now()
	cur := s.settingsShape(a).Status
	switch in.MinimumThroughputBillingCommitment.Status {
	case "ENABLED":
		if cur == "DISABLED" {
			a = accountSettings{Status: "ENABLED", StartedAt: now.UnixMilli()}
		} else {
			a.EndedAt = 0
		}
	case "DISABLED":
		if cur != "DISABLED" {
			end := time.UnixMilli(a.StartedAt).Add(billingCommitmentMinimum)
			if now.After(end) {
				end = now
			}
			a.EndedAt = end.UnixMilli()
		}
	}
	b, _ := json.Marshal(a)
	if err := s.kv.Set([]byte(keySettings), b); err != nil {
		return nil, err
	}
	return &UpdateAccountSettingsOutput{MinimumThroughputBillingCommitment: s.settingsShape(a)}, nil
}
