package kinesis

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"

	"github.com/nubo-dev/nubo/internal/engine/kv"
	"github.com/nubo-dev/nubo/internal/engine/objects"
)

// channelObjectBytes bounds the records buffered for one object: the
// worker flushes early once it holds this much, whatever the freshness.
const channelObjectBytes = 64 << 20

// checkpoint is a channel's durable delivery position (JSON under
// "kinesis/channel-checkpoints/<name>"). Delivery is exactly once: the
// worker first records an intent (the batch number, its time and the end
// offset per shard), then writes the object, then advances the offsets.
// After a crash the intent is replayed: the same records under the same
// key, so the object is rewritten identically rather than duplicated.
type checkpoint struct {
	Batch   uint64         `json:"batch"`
	Seen    int            `json:"seen"`    // shards accounted for; newer shards are read from their start
	Offsets map[int]uint64 `json:"offsets"` // tracked shard → next undelivered offset
	Intent  *intent        `json:"intent,omitempty"`
}

// intent is the object being written.
type intent struct {
	At int64          `json:"at"` // Unix ms; names the object
	To map[int]uint64 `json:"to"` // shard → offset after the batch
}

func (s *Service) loadCheckpoint(name string) (*checkpoint, error) {
	b, err := s.kv.Get(checkpointKey(name))
	if err != nil {
		return nil, err
	}
	var cp checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		return nil, err
	}
	if cp.Offsets == nil {
		cp.Offsets = map[int]uint64{}
	}
	return &cp, nil
}

func (s *Service) saveCheckpoint(name string, cp *checkpoint) error {
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	return s.kv.Set(checkpointKey(name), b)
}

// sourceStream returns the channel's stream incarnation, or nil once it
// is gone.
func (s *Service) sourceStream(m *channelMeta) *stream {
	s.mu.RLock()
	st := s.streams[m.Stream]
	s.mu.RUnlock()
	if st == nil {
		return nil
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	if st.gone || st.meta.Created != m.StreamCreated {
		return nil
	}
	return st
}

// initCheckpoint starts delivery at the end of every shard: a channel
// delivers only records written after it became ACTIVE (no backfill).
func (s *Service) initCheckpoint(m *channelMeta) error {
	st := s.sourceStream(m)
	if st == nil {
		return errors.New("the stream was deleted")
	}
	cp := &checkpoint{Offsets: map[int]uint64{}}
	st.mu.RLock()
	for i, sh := range st.shards {
		if !st.meta.Shards[i].Expired && sh != nil && sh.log != nil {
			_, next := sh.log.Bounds()
			cp.Offsets[i] = next
		}
	}
	cp.Seen = len(st.meta.Shards)
	st.mu.RUnlock()
	return s.saveCheckpoint(m.Name, cp)
}

// startWorker runs the channel's delivery worker. Caller holds s.chans.mu.
func (s *Service) startWorker(c *channel) {
	s.chans.wg.Add(1)
	go s.deliverLoop(c)
}

// freshness is how long records wait before delivery: the channel's
// DataFreshnessInSeconds, or Options.ChannelFreshness when set (tests).
func (s *Service) freshness(m *channelMeta) time.Duration {
	if s.opts.ChannelFreshness > 0 {
		return s.opts.ChannelFreshness
	}
	return time.Duration(m.Freshness) * time.Second
}

// deliveryWorker is one channel's in-memory read-ahead: how far each shard
// has been scanned beyond the checkpoint, and what that holds.
type deliveryWorker struct {
	cp      *checkpoint
	scanned map[int]uint64
	bytes   int
	oldest  int64 // arrival (Unix ms) of the oldest undelivered record; 0 if none
}

func (s *Service) deliverLoop(c *channel) {
	defer s.chans.wg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-c.stop:
		case <-s.stop:
		}
		cancel()
	}()
	s.chans.mu.Lock()
	poll := min(s.freshness(&c.meta)/5, time.Second)
	s.chans.mu.Unlock()
	t := time.NewTicker(max(poll, 10*time.Millisecond))
	defer t.Stop()
	w := &deliveryWorker{scanned: map[int]uint64{}}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.settleChannels()
		s.chans.mu.Lock()
		m := c.meta
		s.chans.mu.Unlock()
		if m.Status != statusActive && m.Status != statusUpdating {
			continue
		}
		if err := s.deliverStep(ctx, c, &m, w); err != nil && ctx.Err() == nil {
			s.log.Warn("kinesis: channel delivery failed; retrying", "channel", m.Name, "err", err)
		}
	}
}

// deliverStep scans new records and delivers a batch when it is due.
func (s *Service) deliverStep(ctx context.Context, c *channel, m *channelMeta, w *deliveryWorker) error {
	if w.cp == nil {
		cp, err := s.loadCheckpoint(m.Name)
		if errors.Is(err, kv.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		w.cp = cp
	}
	st := s.sourceStream(m)
	if st == nil {
		s.chans.mu.Lock()
		s.failChannel(c, fmt.Sprintf("The source stream %s was deleted.", m.Stream))
		s.chans.mu.Unlock()
		return nil
	}
	if w.cp.Intent != nil {
		return s.flush(ctx, m, st, w)
	}
	if err := s.scan(ctx, st, w); err != nil {
		return err
	}
	if w.bytes == 0 {
		return nil
	}
	if age := s.now().UnixMilli() - w.oldest; age < s.freshness(m).Milliseconds() && w.bytes < channelObjectBytes {
		return nil
	}
	in := &intent{At: s.now().UnixMilli(), To: map[int]uint64{}}
	for i, off := range w.scanned {
		if off > w.cp.Offsets[i] {
			in.To[i] = off
		}
	}
	w.cp.Intent = in
	if err := s.saveCheckpoint(m.Name, w.cp); err != nil {
		w.cp.Intent = nil
		return err
	}
	return s.flush(ctx, m, st, w)
}

// scan follows new shards (splits and merges create them; they are read
// from their start) and reads ahead on every tracked shard. A closed shard
// whose records are all delivered is dropped.
func (s *Service) scan(ctx context.Context, st *stream, w *deliveryWorker) error {
	cp := w.cp
	st.mu.RLock()
	for i := cp.Seen; i < len(st.meta.Shards); i++ {
		cp.Offsets[i] = 0
	}
	cp.Seen = len(st.meta.Shards)
	shards := map[int]*shard{}
	for i := range cp.Offsets {
		if i < len(st.shards) && !st.meta.Shards[i].Expired && st.shards[i] != nil && st.shards[i].log != nil {
			shards[i] = st.shards[i]
		} else {
			delete(cp.Offsets, i)
		}
	}
	st.mu.RUnlock()
	for i, sh := range shards {
		sealed := sh.log.Sealed()
		first, next := sh.log.Bounds()
		from := max(w.scanned[i], cp.Offsets[i], first)
		for from < next && w.bytes < channelObjectBytes {
			recs, err := sh.log.Read(ctx, from, 10000, 8<<20)
			if err != nil || len(recs) == 0 {
				break
			}
			for _, r := range recs {
				if w.oldest == 0 || r.Timestamp < w.oldest {
					w.oldest = r.Timestamp
				}
				w.bytes += len(r.Value) + 1
				from = r.Offset + 1
			}
		}
		w.scanned[i] = from
		if sealed && from >= next && cp.Offsets[i] >= next {
			delete(cp.Offsets, i)
			delete(w.scanned, i)
		}
	}
	return nil
}

// flush writes the intended batch, then advances the checkpoint.
func (s *Service) flush(ctx context.Context, m *channelMeta, st *stream, w *deliveryWorker) error {
	cp := w.cp
	body, dlq, err := s.buildBatch(ctx, m, st, cp)
	if err != nil {
		return err
	}
	at := time.UnixMilli(cp.Intent.At).UTC()
	if body.Len() > 0 {
		data, err := compress(m.Storage.CompressionType, body.Bytes())
		if err != nil {
			return err
		}
		key := objectKey(m, at, cp.Batch)
		if _, err := s.opts.Objects.Put(ctx, m.Bucket, key, bytes.NewReader(data), objects.PutOptions{ContentType: contentType(m)}); err != nil {
			return fmt.Errorf("writing s3://%s/%s: %w", m.Bucket, key, err)
		}
	}
	if dlq.Len() > 0 {
		key := fmt.Sprintf("%s%s/%s/%s-%s-%010d.json", m.DLQ.ErrorOutputPrefix, m.Name, at.Format("2006/01/02/15"), m.Name, m.ID, cp.Batch)
		if _, err := s.opts.Objects.Put(ctx, m.DLQBucket, key, bytes.NewReader(dlq.Bytes()), objects.PutOptions{ContentType: "application/json"}); err != nil {
			return fmt.Errorf("writing s3://%s/%s: %w", m.DLQBucket, key, err)
		}
	}
	prev := *cp
	prevOffsets := cp.Offsets
	cp.Offsets = map[int]uint64{}
	for i, off := range prevOffsets {
		cp.Offsets[i] = off
	}
	for i, to := range cp.Intent.To {
		if _, ok := cp.Offsets[i]; ok {
			cp.Offsets[i] = to
		}
	}
	cp.Intent, cp.Batch = nil, cp.Batch+1
	if err := s.saveCheckpoint(m.Name, cp); err != nil {
		*cp = prev
		return err
	}
	w.bytes, w.oldest = 0, 0
	for i := range w.scanned {
		if w.scanned[i] < cp.Offsets[i] {
			w.scanned[i] = cp.Offsets[i]
		}
	}
	return nil
}

// buildBatch reads the intended records, shard by shard, and formats them:
// records that fail the format's validation go to the dead-letter body.
func (s *Service) buildBatch(ctx context.Context, m *channelMeta, st *stream, cp *checkpoint) (body, dlq *bytes.Buffer, err error) {
	body, dlq = &bytes.Buffer{}, &bytes.Buffer{}
	ids := make([]int, 0, len(cp.Intent.To))
	for i := range cp.Intent.To {
		ids = append(ids, i)
	}
	sort.Ints(ids)
	for _, i := range ids {
		st.mu.RLock()
		var sh *shard
		if i < len(st.shards) && !st.meta.Shards[i].Expired {
			sh = st.shards[i]
		}
		st.mu.RUnlock()
		if sh == nil || sh.log == nil {
			continue // retention removed it: nothing left to deliver
		}
		from, to := cp.Offsets[i], cp.Intent.To[i]
		first, _ := sh.log.Bounds()
		from = max(from, first)
		for from < to {
			recs, err := sh.log.Read(ctx, from, int(min(to-from, 10000)), 8<<20)
			if err != nil {
				return nil, nil, err
			}
			if len(recs) == 0 {
				break
			}
			for _, r := range recs {
				if r.Offset >= to {
					break
				}
				from = r.Offset + 1
				if why := invalidRecord(m.Format, r.Value); why != "" {
					writeDeadLetter(dlq, m, sh, r.Offset, r.Timestamp, r.Value, why)
					continue
				}
				body.Write(r.Value)
				if m.Format != "BYTE_ARRAY" {
					body.WriteByte('\n')
				}
			}
		}
	}
	return body, dlq, nil
}

// invalidRecord says why a record does not match the channel's format.
func invalidRecord(format string, data []byte) string {
	switch format {
	case "JSON":
		if !json.Valid(data) {
			return "The record is not valid JSON."
		}
	case "STRING":
		if !utf8.Valid(data) {
			return "The record is not a valid UTF-8 string."
		}
	}
	return ""
}

func writeDeadLetter(w io.Writer, m *channelMeta, sh *shard, offset uint64, ts int64, data []byte, why string) {
	b, _ := json.Marshal(map[string]any{
		"errorCode": "RecordFormatValidationFailed", "errorMessage": why,
		"channelARN": m.ARN, "streamARN": m.StreamARN, "shardId": sh.id,
		"sequenceNumber": sh.seq(offset, ts), "approximateArrivalTimestamp": ts,
		"rawData": base64.StdEncoding.EncodeToString(data),
	})
	w.Write(append(b, '\n'))
}

func compress(typ string, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	var zw io.WriteCloser
	switch typ {
	case "GZIP":
		zw = gzip.NewWriter(&buf)
	case "ZSTD":
		enc, err := zstd.NewWriter(&buf)
		if err != nil {
			return nil, err
		}
		zw = enc
	default:
		return data, nil
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// extension is !{extension}: the record format's and the compression's.
func extension(m *channelMeta) string {
	ext := map[string]string{"JSON": ".json", "STRING": ".txt", "BYTE_ARRAY": ".bin"}[m.Format]
	switch m.Storage.CompressionType {
	case "GZIP":
		ext += ".gz"
	case "ZSTD":
		ext += ".zst"
	}
	return ext
}

func contentType(m *channelMeta) string {
	switch {
	case m.Storage.CompressionType == "GZIP":
		return "application/gzip"
	case m.Storage.CompressionType == "ZSTD":
		return "application/zstd"
	case m.Format == "JSON":
		return "application/x-ndjson"
	case m.Format == "STRING":
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

// objectKey renders the key template for batch n written at at. Like AWS,
// nubo appends a unique suffix (the batch number); it goes before the
// extension when the template ends with !{extension}.
func objectKey(m *channelMeta, at time.Time, n uint64) string {
	t := m.Storage.OutputKeyTemplate
	if t == "" {
		t = defaultKeyTemplate
	}
	suffix := fmt.Sprintf("-%010d", n)
	if base, ok := strings.CutSuffix(t, "!{extension}"); ok {
		t = base + suffix + "!{extension}"
	} else {
		t += suffix
	}
	return strings.NewReplacer(
		"!{channel-name}", m.Name, "!{channel-id}", m.ID, "!{stream-name}", m.Stream,
		"!{yyyy}", at.Format("2006"), "!{yy}", at.Format("06"), "!{MM}", at.Format("01"),
		"!{dd}", at.Format("02"), "!{HH}", at.Format("15"), "!{mm}", at.Format("04"),
		"!{extension}", extension(m),
	).Replace(t)
}
