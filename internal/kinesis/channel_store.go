package kinesis

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Key layout of channels in the KV engine.
const (
	keyChannels    = keyPrefix + "channels/"
	keyCheckpoints = keyPrefix + "channel-checkpoints/"
	// defaultErrorPrefix is where invalid records go when the dead-letter
	// configuration names no prefix (nubo's choice; AWS says only "an
	// error prefix").
	defaultErrorPrefix = "error/"
)

// channelMeta is what the KV engine stores for a channel (JSON under
// "kinesis/channels/<name>").
type channelMeta struct {
	Name          string                          `json:"name"`
	ID            string                          `json:"id"`
	ARN           string                          `json:"arn"`
	Created       int64                           `json:"created"`
	Status        string                          `json:"status"`
	Until         int64                           `json:"until,omitempty"`
	Reason        string                          `json:"reason,omitempty"`
	Role          string                          `json:"role"`
	Stream        string                          `json:"stream"`
	StreamARN     string                          `json:"streamArn"`
	StreamCreated int64                           `json:"streamCreated"`
	Format        string                          `json:"format"`
	Storage       S3StorageConfiguration          `json:"storage"`
	Bucket        string                          `json:"bucket"`
	Freshness     int32                           `json:"freshness"`
	DLQ           DeadLetterQueueS3Configuration  `json:"dlq"`
	DLQBucket     string                          `json:"dlqBucket"`
	Logging       *ChannelLoggingConfiguration    `json:"logging,omitempty"`
	Encryption    *ChannelEncryptionConfiguration `json:"encryption,omitempty"`
	Tags          map[string]string               `json:"tags,omitempty"`
}

// channel is a channel's runtime state; meta is guarded by Service.chans.mu.
type channel struct {
	meta    channelMeta
	stop    chan struct{}
	stopped bool
}

// halt stops the channel's delivery worker. Caller holds Service.chans.mu.
func (c *channel) halt() {
	if !c.stopped {
		c.stopped = true
		close(c.stop)
	}
}

// channelSet holds every channel and its delivery workers.
type channelSet struct {
	mu     sync.Mutex
	byName map[string]*channel
	wg     sync.WaitGroup
}

func channelKey(name string) []byte    { return []byte(keyChannels + name) }
func checkpointKey(name string) []byte { return []byte(keyCheckpoints + name) }

func (s *Service) saveChannel(m *channelMeta) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.kv.Set(channelKey(m.Name), b)
}

// loadChannels reads every channel at startup and restarts the delivery
// workers; each resumes from its durable checkpoint.
func (s *Service) loadChannels() error {
	s.chans.byName = map[string]*channel{}
	var metas []channelMeta
	start := []byte(keyChannels)
	var decodeErr error
	err := s.kv.Iter(start, kvPrefixEnd(start), func(_, v []byte) bool {
		var m channelMeta
		if decodeErr = json.Unmarshal(v, &m); decodeErr != nil {
			return false
		}
		metas = append(metas, m)
		return true
	})
	if err = errors.Join(err, decodeErr); err != nil {
		return fmt.Errorf("kinesis: loading channels: %w", err)
	}
	s.chans.mu.Lock()
	defer s.chans.mu.Unlock()
	for _, m := range metas {
		c := &channel{meta: m, stop: make(chan struct{})}
		s.chans.byName[m.Name] = c
		if m.Status == statusDeleting {
			c.halt()
			continue
		}
		s.startWorker(c)
	}
	return nil
}

// addChannel stores a new channel and starts its worker.
func (s *Service) addChannel(m *channelMeta) (*channel, error) {
	s.settleChannels()
	s.chans.mu.Lock()
	defer s.chans.mu.Unlock()
	if _, ok := s.chans.byName[m.Name]; ok {
		return nil, errf("ResourceInUseException", "Channel %s under account %s already exists.", m.Name, s.account)
	}
	for _, o := range s.chans.byName {
		if o.meta.StreamARN == m.StreamARN && o.meta.StreamCreated == m.StreamCreated {
			return nil, errf("ResourceInUseException", "Stream %s under account %s already has an S3 channel (%s); a stream can have one.", m.Stream, s.account, o.meta.Name)
		}
	}
	if err := s.saveChannel(m); err != nil {
		return nil, err
	}
	c := &channel{meta: *m, stop: make(chan struct{})}
	s.chans.byName[m.Name] = c
	s.startWorker(c)
	return c, nil
}

// settleChannels ends transient statuses whose time has come: CREATING
// and UPDATING become ACTIVE, DELETING channels disappear. A channel that
// turns ACTIVE for the first time gets its starting checkpoint here, so
// that every record written once DescribeChannel says ACTIVE is delivered.
func (s *Service) settleChannels() {
	now := s.now().UnixMilli()
	s.chans.mu.Lock()
	defer s.chans.mu.Unlock()
	for name, c := range s.chans.byName {
		m := &c.meta
		if m.Until == 0 || now < m.Until {
			continue
		}
		switch m.Status {
		case statusDeleting:
			c.halt()
			err := errors.Join(s.kv.Delete(channelKey(name)), s.kv.Delete(checkpointKey(name)))
			if err != nil {
				s.log.Error("kinesis: deleting channel", "channel", name, "err", err)
				continue
			}
			delete(s.chans.byName, name)
			continue
		case statusCreating:
			if err := s.initCheckpoint(m); err != nil {
				s.failChannel(c, fmt.Sprintf("The source stream %s cannot be read: %v", m.Stream, err))
				continue
			}
		}
		prev := *m
		m.Status, m.Until = statusActive, 0
		if err := s.saveChannel(m); err != nil {
			*m = prev
			s.log.Error("kinesis: saving channel", "channel", name, "err", err)
		}
	}
}

// failChannel puts a channel into FAILED with a reason and stops it.
// Caller holds s.chans.mu.
func (s *Service) failChannel(c *channel, reason string) {
	c.meta.Status, c.meta.Until, c.meta.Reason = channelStatusFailed, 0, reason
	if err := s.saveChannel(&c.meta); err != nil {
		s.log.Error("kinesis: saving channel", "channel", c.meta.Name, "err", err)
	}
	c.halt()
}

// stopChannels stops every delivery worker and waits for them.
func (s *Service) stopChannels() {
	s.chans.mu.Lock()
	for _, c := range s.chans.byName {
		c.halt()
	}
	s.chans.mu.Unlock()
	s.chans.wg.Wait()
}

// Key template variables (developer guide, "S3 output key template").
var templateVars = map[string]bool{
	"channel-name": true, "channel-id": true, "stream-name": true, "yyyy": true, "yy": true,
	"MM": true, "dd": true, "HH": true, "mm": true, "extension": true,
}

const defaultKeyTemplate = "kinesis-channel/!{channel-name}/!{channel-id}/!{yyyy}/!{MM}/!{dd}/!{HH}/!{channel-name}-!{channel-id}-!{yyyy}-!{MM}-!{dd}-!{HH}-!{mm}!{extension}"

// checkKeyTemplate validates an OutputKeyTemplate: known variables,
// balanced braces, safe literal characters, no path traversal.
func checkKeyTemplate(t string) error {
	if t == "" {
		return nil
	}
	bad := func(why string) error { return invalidArgument("Invalid OutputKeyTemplate %s: %s", t, why) }
	switch {
	case len(t) > 1024:
		return bad("it is longer than 1024 characters.")
	case strings.HasPrefix(t, "/"), strings.HasSuffix(t, "/"):
		return bad("it must not start or end with '/'.")
	case strings.Contains(t, ".."), strings.Contains(t, "./"):
		return bad("it must not contain '..' or './'.")
	}
	for rest := t; rest != ""; {
		i := strings.Index(rest, "!{")
		lit := rest
		if i >= 0 {
			lit = rest[:i]
		}
		for _, r := range lit {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/_-.+=!", r)) {
				return bad(fmt.Sprintf("character %q is not allowed.", r))
			}
		}
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return bad("a variable is not closed.")
		}
		if name := rest[i+2 : i+j]; !templateVars[name] {
			return bad(fmt.Sprintf("unknown variable !{%s}.", name))
		}
		rest = rest[i+j+1:]
	}
	return nil
}
