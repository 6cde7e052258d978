package kinesis

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/nubo-dev/nubo/internal/awsmodel/kinesis"
)

// listShardsToken is ListShards' NextToken: where the listing stopped.
type listShardsToken struct {
	Stream  string `json:"s"`
	Created int64  `json:"c"`
	After   int    `json:"a"`
	Issued  int64  `json:"t"`
	Max     int    `json:"m"`
	Filter  string `json:"f,omitempty"`
	TS      int64  `json:"ts,omitempty"`
}

// nextTokenLifetime is how long a ListShards NextToken stays valid.
const nextTokenLifetime = 300 * time.Second

// ListShards lists a stream's shards, a page at a time, optionally only
// those a ShardFilter selects.
func (s *Service) ListShards(ctx context.Context, in *kinesis.ListShardsInput) (*kinesis.ListShardsOutput, error) {
	tok, err := s.listShardsStart(in)
	if err != nil {
		return nil, err
	}
	if in.MaxResults != nil {
		tok.Max = int(*in.MaxResults)
	}
	name := tok.Stream
	arn := ""
	if name == "" {
		name, arn = in.StreamName, in.StreamARN
	}
	st, err := s.lookup(name, arn)
	if err != nil {
		return nil, err
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	if tok.Stream != "" && tok.Created != st.meta.Created {
		return nil, s.streamNotFound(st.meta.Name)
	}
	out := &kinesis.ListShardsOutput{Shards: []kinesis.Shard{}}
	last := tok.After
	for i := range st.meta.Shards {
		if i <= tok.After || !shardSelected(&st.meta.Shards[i], tok.Filter, tok.TS) {
			continue
		}
		if len(out.Shards) == tok.Max {
			next := tok
			next.Stream, next.Created, next.After, next.Issued = st.meta.Name, st.meta.Created, last, s.now().UnixMilli()
			b, _ := json.Marshal(next)
			out.NextToken = base64.RawURLEncoding.EncodeToString(b)
			break
		}
		out.Shards = append(out.Shards, shardShape(st, i))
		last = i
	}
	return out, nil
}

// listShardsStart resolves where a ListShards call starts: from its
// NextToken, or from the stream, ExclusiveStartShardId and ShardFilter.
func (s *Service) listShardsStart(in *kinesis.ListShardsInput) (listShardsToken, error) {
	var tok listShardsToken
	if in.NextToken != "" {
		if in.StreamName != "" || in.StreamARN != "" {
			return tok, invalidArgument("NextToken and StreamName cannot be provided together.")
		}
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil || json.Unmarshal(b, &tok) != nil {
			return tok, invalidArgument("Invalid ListShards NextToken.")
		}
		if s.now().Sub(time.UnixMilli(tok.Issued)) > nextTokenLifetime {
			return tok, errf("ExpiredNextTokenException", "The timestamp of the NextToken has expired.")
		}
		return tok, nil
	}
	if in.StreamName == "" && in.StreamARN == "" {
		return tok, invalidArgument("Either NextToken or StreamName should be provided.")
	}
	tok = listShardsToken{After: -1, Max: 1000}
	if in.ExclusiveStartShardId != "" {
		if i, ok := parseShardID(in.ExclusiveStartShardId); ok {
			tok.After = i
		}
	}
	if f := in.ShardFilter; f != nil {
		if err := s.applyShardFilter(&tok, f); err != nil {
			return tok, err
		}
	}
	return tok, nil
}

func (s *Service) applyShardFilter(tok *listShardsToken, f *kinesis.ShardFilter) error {
	tok.Filter = f.Type
	switch f.Type {
	case "AFTER_SHARD_ID":
		if f.ShardId == "" {
			return invalidArgument("ShardId must be provided for ShardFilter type AFTER_SHARD_ID.")
		}
		if i, ok := parseShardID(f.ShardId); ok {
			tok.After = max(tok.After, i)
		}
	case "AT_TIMESTAMP", "FROM_TIMESTAMP":
		if f.Timestamp == nil {
			return invalidArgument("Timestamp must be provided for ShardFilter type %s.", f.Type)
		}
		tok.TS = f.Timestamp.UnixMilli()
	}
	return nil
}

// shardSelected applies a ShardFilter type to one shard.
func shardSelected(m *shardMeta, filter string, ts int64) bool {
	if m.Expired {
		return false
	}
	switch filter {
	case "AT_LATEST":
		return m.Closed == 0
	case "AT_TIMESTAMP":
		return m.Created <= ts && (m.Closed == 0 || m.Closed > ts)
	case "FROM_TIMESTAMP":
		return m.Closed == 0 || m.Closed >= ts
	}
	return true
}

// SplitShard divides an open shard in two at NewStartingHashKey.
func (s *Service) SplitShard(ctx context.Context, in *kinesis.SplitShardInput) (*kinesis.Unit, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	if err := s.checkShardLimit(1); err != nil {
		return nil, err
	}
	st.mu.Lock()
	err = s.startSplit(st, in)
	st.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.settleDue(st)
	return &kinesis.Unit{}, nil
}

func (s *Service) startSplit(st *stream, in *kinesis.SplitShardInput) error {
	name := st.meta.Name
	sh := st.shardByID(in.ShardToSplit)
	if sh == nil {
		return s.shardNotFound(in.ShardToSplit, name)
	}
	m := &st.meta.Shards[sh.index]
	key, ok := parseHashKey(in.NewStartingHashKey)
	lower, _ := sh.start.add(1)
	if !ok || key.cmp(lower) <= 0 || key.cmp(sh.end) >= 0 {
		return invalidArgument("NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is not both greater than one plus the shard's StartingHashKey %s and less than the shard's EndingHashKey %s.",
			in.NewStartingHashKey, sh.id, name, s.account, m.Start, m.End)
	}
	if err := s.requireActive(st); err != nil {
		return err
	}
	if m.Closed != 0 {
		return invalidArgument("Shard %s in stream %s under account %s has already been merged or split, and thus is not eligible for splitting.", sh.id, name, s.account)
	}
	return s.beginTransition(st, statusUpdating, &pending{Op: "split", Shard: sh.index, Key: key.String()})
}

// MergeShards joins two open shards with adjacent hash key ranges.
func (s *Service) MergeShards(ctx context.Context, in *kinesis.MergeShardsInput) (*kinesis.Unit, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	st.mu.Lock()
	err = s.startMerge(st, in)
	st.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.settleDue(st)
	return &kinesis.Unit{}, nil
}

func (s *Service) startMerge(st *stream, in *kinesis.MergeShardsInput) error {
	name := st.meta.Name
	a := st.shardByID(in.ShardToMerge)
	if a == nil {
		return s.shardNotFound(in.ShardToMerge, name)
	}
	b := st.shardByID(in.AdjacentShardToMerge)
	if b == nil {
		return s.shardNotFound(in.AdjacentShardToMerge, name)
	}
	ma, mb := &st.meta.Shards[a.index], &st.meta.Shards[b.index]
	aNext, _ := a.end.add(1)
	bNext, _ := b.end.add(1)
	adjacent := a.index != b.index && (aNext == b.start || bNext == a.start)
	if !adjacent || ma.Closed != 0 || mb.Closed != 0 {
		return invalidArgument("Shards %s and %s in stream %s under account %s are not an adjacent pair of shards eligible for merging",
			a.id, b.id, name, s.account)
	}
	if err := s.requireActive(st); err != nil {
		return err
	}
	return s.beginTransition(st, statusUpdating, &pending{Op: "merge", Shard: a.index, Other: b.index})
}

// checkShardLimit fails when extra more open shards would pass the
// account's shard quota.
func (s *Service) checkShardLimit(extra int) error {
	open, _ := s.accountUsage()
	if open+extra > accountShardLimit {
		return limitExceeded("This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. Limit: %d. Number of additional shards that would have resulted from this request: %d. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
			s.account, s.opts.Region, open, accountShardLimit, extra)
	}
	return nil
}

// UpdateShardCount rescales a provisioned stream to TargetShardCount
// shards of equal hash key ranges.
func (s *Service) UpdateShardCount(ctx context.Context, in *kinesis.UpdateShardCountInput) (*kinesis.UpdateShardCountOutput, error) {
	st, err := s.lookup(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, err
	}
	target := int(*in.TargetShardCount)
	st.mu.RLock()
	open := len(st.open)
	st.mu.RUnlock()
	if target > open {
		if err := s.checkShardLimit(target - open); err != nil {
			return nil, err
		}
	}
	st.mu.Lock()
	out, err := s.startScale(st, target)
	st.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s.settleDue(st)
	return out, nil
}

func (s *Service) startScale(st *stream, target int) (*kinesis.UpdateShardCountOutput, error) {
	if err := s.requireActive(st); err != nil {
		return nil, err
	}
	if st.meta.Mode == modeOnDemand {
		return nil, invalidArgument("UpdateShardCount is not supported for stream %s under account %s because it is in ON_DEMAND mode.", st.meta.Name, s.account)
	}
	open := len(st.open)
	switch {
	case target > 2*open:
		return nil, limitExceeded("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: %d, Target shard count: %d", open, target)
	case 2*target < open:
		return nil, limitExceeded("UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: %d, Target shard count: %d", open, target)
	}
	if err := s.beginTransition(st, statusUpdating, &pending{Op: "count", Target: target}); err != nil {
		return nil, err
	}
	return &kinesis.UpdateShardCountOutput{StreamName: st.meta.Name, StreamARN: st.meta.ARN,
		CurrentShardCount: ptr(int32(open)), TargetShardCount: ptr(int32(target))}, nil
}
