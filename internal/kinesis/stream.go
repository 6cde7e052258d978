package kinesis

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
	"github.com/nubo-dev/nubo/internal/engine/streamlog"
)

// stream is a stream's in-memory state: its metadata (the source of truth,
// persisted on every change) and the shards built from it.
type stream struct {
	mu     sync.RWMutex
	meta   streamMeta
	shards []*shard // by shard number
	// open lists the open shards sorted by starting hash key: the routing
	// table of PutRecord(s).
	open []*shard
	gone bool // deleted; lookups fail
	// due is the earliest pending status transition (Unix ms), 0 if none.
	due   atomic.Int64
	timer *time.Timer
}

// shard is one shard's runtime state.
type shard struct {
	index    int
	id       string
	start    hashKey
	end      hashKey
	created  int64 // Unix ms
	parent   int
	adjacent int
	// log is set when the shard is built and never changes; it is nil for
	// shards that had expired before nubo started.
	log   *streamlog.Log
	limit *shardLimiter
	// deleted is set (under the stream's lock) once retention removed the log.
	deleted bool
}

// seq is the sequence number of the record at offset.
func (sh *shard) seq(offset uint64, arrivalMs int64) string {
	return sh.position(offset+1, arrivalMs)
}

// position is the sequence number of position p: p = n+1 for the record at
// offset n, 0 for the start of the shard.
func (sh *shard) position(p uint64, arrivalMs int64) string {
	return seqNum{shardCreated: uint64(sh.created / 1000), shard: uint32(sh.index), position: p, arrival: uint64(arrivalMs / 1000)}.String()
}

// logName is the shard log of shard i of one stream incarnation. The
// creation time comes first so that no stream name ("..") can form a path
// of its own.
func logName(m *streamMeta, i int) string {
	return fmt.Sprintf("%d-%s/%06d", m.Created, m.Name, i)
}

// buildShards (re)creates the runtime shards from st.meta, opening logs as
// needed and sealing the logs of closed shards. Caller holds st.mu.
func (s *Service) buildShards(st *stream) error {
	now := s.now()
	shards := make([]*shard, len(st.meta.Shards))
	var open []*shard
	for i, m := range st.meta.Shards {
		var sh *shard
		if i < len(st.shards) && st.shards[i] != nil {
			sh = st.shards[i]
		} else {
			start, ok1 := parseHashKey(m.Start)
			end, ok2 := parseHashKey(m.End)
			if !ok1 || !ok2 {
				return fmt.Errorf("kinesis: stream %s shard %d has a bad hash key range", st.meta.Name, i)
			}
			sh = &shard{index: i, id: shardID(i), start: start, end: end, created: m.Created,
				parent: m.Parent, adjacent: m.Adjacent, limit: newShardLimiter(now)}
		}
		if !m.Expired && sh.log == nil {
			l, err := s.logs.Log(logName(&st.meta, i))
			if err != nil {
				return fmt.Errorf("kinesis: opening log of %s/%s: %w", st.meta.Name, sh.id, err)
			}
			sh.log = l
		}
		if m.Closed != 0 && sh.log != nil && !sh.log.Sealed() {
			if err := sh.log.Seal(); err != nil {
				return err
			}
		}
		if m.Closed == 0 {
			open = append(open, sh)
		}
		shards[i] = sh
	}
	sort.Slice(open, func(a, b int) bool { return open[a].start.cmp(open[b].start) < 0 })
	st.shards, st.open = shards, open
	return nil
}

// loadStreams reads every stream's metadata at startup.
func (s *Service) loadStreams() error {
	var metas []*streamMeta
	start := []byte(keyStreams)
	err := s.kv.Iter(start, kvPrefixEnd(start), func(_, v []byte) bool {
		m, err := decodeMeta(v)
		if err != nil {
			s.log.Error("kinesis: skipping unreadable stream metadata", "err", err)
			return true
		}
		metas = append(metas, m)
		return true
	})
	if err != nil {
		return fmt.Errorf("kinesis: loading streams: %w", err)
	}
	for _, m := range metas {
		st := &stream{meta: *m}
		if err := s.buildShards(st); err != nil {
			return err
		}
		if m.Created > s.lastCreated.Load() {
			s.lastCreated.Store(m.Created)
		}
		s.streams[m.Name] = st
		s.scheduleLocked(st)
	}
	for _, st := range s.allStreams() {
		s.settleDue(st)
	}
	return nil
}

func kvPrefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	end[len(end)-1]++
	return end
}

// save persists st.meta durably. Caller holds st.mu.
func (s *Service) save(st *stream) error {
	b, err := encodeMeta(&st.meta)
	if err != nil {
		return err
	}
	return s.kv.Set(streamKey(st.meta.Name), b)
}

func (s *Service) allStreams() []*stream {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*stream, 0, len(s.streams))
	for _, st := range s.streams {
		out = append(out, st)
	}
	return out
}

// resolveName picks the stream an operation names by StreamName and/or
// StreamARN.
func (s *Service) resolveName(name, arn string) (string, error) {
	if arn != "" {
		account, n, ok := parseStreamARN(arn)
		if !ok {
			return "", invalidArgument("Invalid StreamARN %s.", arn)
		}
		if account != s.account {
			return "", s.streamNotFound(n)
		}
		if name != "" && name != n {
			return "", invalidArgument("StreamARN %s and StreamName %s do not refer to the same stream.", arn, name)
		}
		return n, nil
	}
	if name == "" {
		return "", invalidArgument("Either StreamName or StreamARN should be provided.")
	}
	return name, nil
}

// lookup returns the named stream, after applying any status transition
// that has come due. Streams that are being deleted are not found.
func (s *Service) lookup(name, arn string) (*stream, error) {
	n, err := s.resolveName(name, arn)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	st := s.streams[n]
	s.mu.RUnlock()
	if st == nil {
		return nil, s.streamNotFound(n)
	}
	s.settleDue(st)
	st.mu.RLock()
	gone := st.gone
	st.mu.RUnlock()
	if gone {
		return nil, s.streamNotFound(n)
	}
	return st, nil
}

// settleDue applies the stream's due status transitions, if any.
func (s *Service) settleDue(st *stream) {
	due := st.due.Load()
	if due == 0 || s.now().UnixMilli() < due {
		return
	}
	st.mu.Lock()
	removed := s.settleLocked(st)
	st.mu.Unlock()
	if removed {
		s.mu.Lock()
		if s.streams[st.meta.Name] == st {
			delete(s.streams, st.meta.Name)
		}
		s.mu.Unlock()
	}
}

// settleLocked ends the stream's and its consumers' transient statuses
// whose time has come. It reports whether the stream was deleted. Caller
// holds st.mu.
func (s *Service) settleLocked(st *stream) (removed bool) {
	if st.gone {
		return false
	}
	now := s.now().UnixMilli()
	changed := false
	if st.meta.Until != 0 && now >= st.meta.Until {
		switch st.meta.Status {
		case statusDeleting:
			s.destroy(st)
			return true
		case statusCreating, statusUpdating:
			if p := st.meta.Pending; p != nil {
				if err := s.applyPending(st, p, st.meta.Until); err != nil {
					s.log.Error("kinesis: resharding failed", "stream", st.meta.Name, "err", err)
				}
				st.meta.Pending = nil
			}
			st.meta.Status, st.meta.Until = statusActive, 0
			changed = true
		}
	}
	kept := st.meta.Consumers[:0]
	for _, c := range st.meta.Consumers {
		if c.Until != 0 && now >= c.Until {
			changed = true
			if c.Status == statusDeleting {
				continue
			}
			c.Status, c.Until = statusActive, 0
		}
		kept = append(kept, c)
	}
	st.meta.Consumers = kept
	if changed {
		if err := s.save(st); err != nil {
			s.log.Error("kinesis: saving stream", "stream", st.meta.Name, "err", err)
		}
		if err := s.buildShards(st); err != nil {
			s.log.Error("kinesis: rebuilding shards", "stream", st.meta.Name, "err", err)
		}
	}
	s.scheduleLocked(st)
	return false
}

// scheduleLocked records the next due transition and arms a timer so it
// happens even if nobody asks. Caller holds st.mu (or owns st).
func (s *Service) scheduleLocked(st *stream) {
	next := st.meta.Until
	for _, c := range st.meta.Consumers {
		if c.Until != 0 && (next == 0 || c.Until < next) {
			next = c.Until
		}
	}
	st.due.Store(next)
	if st.timer != nil {
		st.timer.Stop()
		st.timer = nil
	}
	if next == 0 {
		return
	}
	wait := time.Until(time.UnixMilli(next))
	st.timer = time.AfterFunc(max(wait, 0)+time.Millisecond, func() {
		select {
		case <-s.stop:
		default:
			s.settleDue(st)
		}
	})
}

// beginTransition puts the stream into status until the status delay has
// passed, then p (if any) is applied and the stream becomes ACTIVE (or,
// for DELETING, disappears). With no delay the change is due at once: the
// caller runs settleDue after releasing st.mu. Caller holds st.mu.
func (s *Service) beginTransition(st *stream, status string, p *pending) error {
	prev := st.meta
	st.meta.Status = status
	st.meta.Until = s.now().Add(s.opts.StatusDelay).UnixMilli()
	st.meta.Pending = p
	if err := s.save(st); err != nil {
		st.meta = prev
		return err
	}
	s.scheduleLocked(st)
	return nil
}

// destroy removes the stream's data. Caller holds st.mu.
func (s *Service) destroy(st *stream) {
	st.gone = true
	if st.timer != nil {
		st.timer.Stop()
	}
	st.due.Store(0)
	if err := s.kv.Delete(streamKey(st.meta.Name)); err != nil {
		s.log.Error("kinesis: deleting stream metadata", "stream", st.meta.Name, "err", err)
	}
	for i, sh := range st.shards {
		if sh == nil || sh.log == nil {
			continue
		}
		if err := s.logs.DeleteLog(logName(&st.meta, i)); err != nil {
			s.log.Error("kinesis: deleting shard log", "stream", st.meta.Name, "shard", sh.id, "err", err)
		}
	}
}

// route returns the open shard whose hash key range holds h. Caller holds
// st.mu (read).
func (st *stream) route(h hashKey) *shard {
	open := st.open
	i := sort.Search(len(open), func(i int) bool { return open[i].end.cmp(h) >= 0 })
	if i < len(open) && open[i].start.cmp(h) <= 0 {
		return open[i]
	}
	return nil
}

// shardByID finds a live (not expired) shard by its ID. Caller holds st.mu.
func (st *stream) shardByID(id string) *shard {
	i, ok := parseShardID(id)
	if !ok || i >= len(st.shards) || st.meta.Shards[i].Expired {
		return nil
	}
	if !strings.HasPrefix(id, "shardId-") && strings.Contains(id, "-") {
		return nil
	}
	return st.shards[i]
}

// requireActive fails unless the stream is ACTIVE.
func (s *Service) requireActive(st *stream) *awsproto.Error {
	if st.meta.Status != statusActive {
		return s.streamNotActive(st.meta.Name, st.meta.Status)
	}
	return nil
}
