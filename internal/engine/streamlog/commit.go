package streamlog

import (
	"context"
	"fmt"
	"sync"
)

// request is one Append, or a control operation (Seal, TrimBefore,
// DeleteLog) that must run with no write in flight, queued on a log.
type request struct {
	recs  []Record
	bytes int          // encoded size of recs
	ctl   func() error // set for control operations

	first uint64
	ts    int64
	err   error

	wake chan struct{} // receives once: done, or lead was set
	lead bool
}

// Append adds records durably: it returns only after they are written and
// fsynced. Concurrent Appends to a log are written together with one write
// and one fsync (group commit); Appends to different logs commit in parallel.
// The records of one call get contiguous offsets starting at first and the
// same timestamp ts = max(now, the log's last timestamp); after a crash
// either all of them are present or none. Offset and Timestamp of recs are
// ignored; recs is not retained.
func (l *Log) Append(ctx context.Context, recs []Record) (first uint64, ts int64, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	size := 0
	for i := range recs {
		r := &recs[i]
		if len(r.Key)+len(r.Meta)+len(r.Value) > MaxRecordBytes {
			return 0, 0, fmt.Errorf("streamlog: record of %d bytes exceeds %d", len(r.Key)+len(r.Meta)+len(r.Value), MaxRecordBytes)
		}
		size += frameSize(r)
	}
	if len(recs) == 0 {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.next, l.lastTS, nil
	}
	req := &request{recs: recs, bytes: size, wake: make(chan struct{}, 1)}
	if err := l.submit(req); err != nil {
		return 0, 0, err
	}
	return req.first, req.ts, req.err
}

// control runs fn exclusively: after every request queued before it and
// before any queued after it.
func (l *Log) control(fn func() error) error {
	req := &request{ctl: fn, wake: make(chan struct{}, 1)}
	if err := l.submit(req); err != nil {
		return err
	}
	return req.err
}

// controlLocked is control for callers holding s.closeMu shared.
func (l *Log) controlLocked(fn func() error) error {
	req := &request{ctl: fn, wake: make(chan struct{}, 1)}
	if err := l.submitLocked(req); err != nil {
		return err
	}
	return req.err
}

// submit queues req and returns once it was processed. The first request to
// find the log idle becomes the leader: it takes the whole queue, commits
// it, and hands leadership to the first request queued meanwhile, so under
// load every write and fsync carries all the Appends that arrived during the
// previous one.
func (l *Log) submit(req *request) error {
	l.s.closeMu.RLock()
	defer l.s.closeMu.RUnlock()
	if l.s.closed.Load() {
		return ErrClosed
	}
	return l.submitLocked(req)
}

// submitLocked is submit for callers already holding s.closeMu shared: an
// RWMutex must not be read-locked twice by one caller, as a waiting Close
// would deadlock it.
func (l *Log) submitLocked(req *request) error {
	l.mu.Lock()
	if l.deleted {
		l.mu.Unlock()
		return ErrNotFound
	}
	if req.ctl == nil && l.sealed {
		l.mu.Unlock()
		return ErrSealed
	}
	l.queue = append(l.queue, req)
	if l.leading {
		l.mu.Unlock()
		<-req.wake
		if !req.lead {
			return nil
		}
		l.mu.Lock()
	}
	l.leading = true
	batch := l.queue
	l.queue = nil
	l.mu.Unlock()

	l.process(batch, req)

	l.mu.Lock()
	if len(l.queue) > 0 {
		next := l.queue[0]
		next.lead = true
		next.wake <- struct{}{}
	} else {
		l.leading = false
	}
	l.mu.Unlock()
	return nil
}

// process runs a batch in order: runs of Appends are committed together,
// control operations alone. It wakes every request but self.
func (l *Log) process(batch []*request, self *request) {
	for i := 0; i < len(batch); {
		if batch[i].ctl != nil {
			batch[i].err = batch[i].ctl()
			i++
		} else {
			j := i + 1
			for j < len(batch) && batch[j].ctl == nil {
				j++
			}
			l.commit(batch[i:j])
			i = j
		}
	}
	for _, r := range batch {
		if r != self {
			r.wake <- struct{}{}
		}
	}
}

// maxGroupBytes bounds one write, so a burst of Appends does not turn into
// one huge buffer or overfill a segment.
const maxGroupBytes = 16 << 20

// commit writes Appends in groups of up to maxGroupBytes (never fewer than
// one Append).
func (l *Log) commit(reqs []*request) {
	// Only the leader changes sealed and deleted, so reading them here
	// without the lock is safe.
	if l.sealed || l.deleted {
		err := ErrSealed
		if l.deleted {
			err = ErrNotFound
		}
		for _, r := range reqs {
			r.err = err
		}
		return
	}
	groupCap := min(int64(maxGroupBytes), l.s.opts.SegmentBytes)
	for start := 0; start < len(reqs); {
		end, total := start, 0
		for end < len(reqs) && (end == start || int64(total+reqs[end].bytes) <= groupCap) {
			total += reqs[end].bytes
			end++
		}
		l.writeGroup(reqs[start:end], total)
		start = end
	}
}

// Batch is one log's part of an AppendAll call, with its results.
type Batch struct {
	Log     *Log
	Records []Record

	First     uint64 // set by AppendAll: offset of the first record
	Timestamp int64  // set by AppendAll
	Err       error  // set by AppendAll
}

// AppendAll appends each batch to its log as Append does, all logs at once,
// so that their writes and fsyncs overlap instead of queueing one after
// another (e.g. a PutRecords call spread over several shards). It returns
// when every batch is durable or has failed; results are in the batches.
// Each batch is atomic on its own, not across batches.
func AppendAll(ctx context.Context, batches []Batch) {
	var wg sync.WaitGroup
	for i := 1; i < len(batches); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := &batches[i]
			b.First, b.Timestamp, b.Err = b.Log.Append(ctx, b.Records)
		}()
	}
	if len(batches) > 0 {
		b := &batches[0]
		b.First, b.Timestamp, b.Err = b.Log.Append(ctx, b.Records)
	}
	wg.Wait()
}
