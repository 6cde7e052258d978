package kinesis

import (
	"encoding/json"
	"fmt"
	"strings"
)

// streamMeta is what the KV engine stores for a stream (JSON under
// "kinesis/streams/<name>"); records live in the shard logs.
type streamMeta struct {
	Name    string `json:"name"`
	ARN     string `json:"arn"`
	Created int64  `json:"created"` // Unix ms; also identifies this incarnation
	Status  string `json:"status"`
	// Until is when a CREATING, UPDATING or DELETING status ends (Unix ms).
	Until   int64    `json:"until,omitempty"`
	Pending *pending `json:"pending,omitempty"`

	Mode           string            `json:"mode"`
	RetentionHours int               `json:"retentionHours"`
	Encryption     string            `json:"encryption"`
	KeyID          string            `json:"keyId,omitempty"`
	MaxRecordKiB   int               `json:"maxRecordKiB"`
	Metrics        []string          `json:"metrics,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
	Policy         string            `json:"policy,omitempty"`
	Distribution   string            `json:"distribution,omitempty"`
	WarmTarget     int32             `json:"warmTarget,omitempty"`

	Shards    []shardMeta    `json:"shards"`
	Consumers []consumerMeta `json:"consumers,omitempty"`
}

// shardMeta is one shard; its index in streamMeta.Shards is its number.
type shardMeta struct {
	Parent   int    `json:"parent"`   // -1 if none
	Adjacent int    `json:"adjacent"` // -1 if none
	Start    string `json:"start"`    // hash key range, decimal
	End      string `json:"end"`
	Created  int64  `json:"created"`           // Unix ms
	Closed   int64  `json:"closed,omitempty"`  // Unix ms; 0 while open
	Expired  bool   `json:"expired,omitempty"` // closed and past retention: gone
}

// pending is the resharding an UPDATING stream applies when its delay ends.
type pending struct {
	Op     string `json:"op"` // "split", "merge", "count"
	Shard  int    `json:"shard,omitempty"`
	Other  int    `json:"other,omitempty"`
	Key    string `json:"key,omitempty"`
	Target int    `json:"target,omitempty"`
}

// consumerMeta is an enhanced fan-out consumer registered on the stream.
type consumerMeta struct {
	Name    string            `json:"name"`
	Created int64             `json:"created"` // Unix ms
	Status  string            `json:"status"`
	Until   int64             `json:"until,omitempty"`
	Policy  string            `json:"policy,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// Stream and consumer statuses.
const (
	statusCreating = "CREATING"
	statusActive   = "ACTIVE"
	statusUpdating = "UPDATING"
	statusDeleting = "DELETING"
)

// Stream modes and encryption types.
const (
	modeProvisioned = "PROVISIONED"
	modeOnDemand    = "ON_DEMAND"
	encryptionNone  = "NONE"
	encryptionKMS   = "KMS"
)

// Limits of the service.
const (
	defaultRetentionHours = 24
	maxRetentionHours     = 8760
	defaultMaxRecordKiB   = 1024
	maxMaxRecordKiB       = 10240
	onDemandShards        = 4
	accountShardLimit     = 500
	onDemandStreamLimit   = 50
	maxTagsPerStream      = 50
	maxConsumersPerStream = 20
)

func streamKey(name string) []byte { return []byte(keyStreams + name) }

func encodeMeta(m *streamMeta) ([]byte, error) { return json.Marshal(m) }

func decodeMeta(b []byte) (*streamMeta, error) {
	var m streamMeta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// shardID renders a shard number as AWS does ("shardId-000000000007").
func shardID(i int) string { return fmt.Sprintf("shardId-%012d", i) }

// parseShardID accepts "shardId-000000000007" and, like Kinesis, a bare
// number or any prefix before the dash; ok is false otherwise.
func parseShardID(s string) (int, bool) {
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		s = s[i+1:]
	}
	if s == "" || len(s) > 12 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n <= 1<<31-1
}

// streamARN builds a stream ARN.
func streamARN(region, account, name string) string {
	return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name
}

// parseStreamARN returns the stream name in a stream ARN.
func parseStreamARN(arn string) (account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kinesis" {
		return "", "", false
	}
	res, ok := strings.CutPrefix(parts[5], "stream/")
	if !ok || res == "" || strings.Contains(res, "/") {
		return "", "", false
	}
	return parts[4], res, true
}

// consumerARN builds a consumer ARN: the stream ARN, "/consumer/", the
// name and the creation time in epoch seconds.
func consumerARN(streamARN, name string, created int64) string {
	return fmt.Sprintf("%s/consumer/%s:%d", streamARN, name, created/1000)
}

// parseConsumerARN splits a consumer ARN into its stream ARN, consumer
// name and creation second.
func parseConsumerARN(arn string) (stream, name string, created int64, ok bool) {
	i := strings.Index(arn, "/consumer/")
	if i < 0 {
		return "", "", 0, false
	}
	stream, rest := arn[:i], arn[i+len("/consumer/"):]
	j := strings.LastIndexByte(rest, ':')
	if j <= 0 {
		return "", "", 0, false
	}
	name = rest[:j]
	for _, c := range rest[j+1:] {
		if c < '0' || c > '9' {
			return "", "", 0, false
		}
		created = created*10 + int64(c-'0')
	}
	if _, _, ok := parseStreamARN(stream); !ok || j == len(rest)-1 {
		return "", "", 0, false
	}
	return stream, name, created, true
}
