package kinesis

import (
	"sync"
	"time"
)

// Per-shard limits of a provisioned shard, as AWS documents them.
const (
	writeBytesPerSec   = 1 << 20
	writeRecordsPerSec = 1000
	readBytesPerSec    = 2 << 20
	readCallsPerSec    = 5
)

// shardLimiter enforces one shard's write and read limits. Writes use token
// buckets holding one second of capacity (1 MiB and 1,000 records). Reads
// allow 5 calls per second, and the bytes a call returns are paid back at
// 2 MiB/s before the next call may proceed: a 10 MiB GetRecords blocks the
// shard's readers for 5 seconds, as on AWS.
type shardLimiter struct {
	mu         sync.Mutex
	last       time.Time
	wBytes     float64
	wRecords   float64
	rCalls     float64
	rLast      time.Time
	readsAfter time.Time
}

func newShardLimiter(now time.Time) *shardLimiter {
	return &shardLimiter{last: now, rLast: now, wBytes: writeBytesPerSec, wRecords: writeRecordsPerSec, rCalls: readCallsPerSec}
}

func (l *shardLimiter) refillWrite(now time.Time) {
	dt := now.Sub(l.last).Seconds()
	if dt <= 0 {
		return
	}
	l.last = now
	l.wBytes = min(writeBytesPerSec, l.wBytes+dt*writeBytesPerSec)
	l.wRecords = min(writeRecordsPerSec, l.wRecords+dt*writeRecordsPerSec)
}

// admit reports, for each record size in sizes, whether the shard can take
// it now, consuming capacity for the admitted ones.
func (l *shardLimiter) admit(now time.Time, sizes []int, ok []bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refillWrite(now)
	for i, n := range sizes {
		if l.wRecords >= 1 && l.wBytes >= float64(n) {
			l.wRecords--
			l.wBytes -= float64(n)
			ok[i] = true
		} else {
			ok[i] = false
		}
	}
}

// admitRead reports whether a GetRecords call may proceed now.
func (l *shardLimiter) admitRead(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Before(l.readsAfter) {
		return false
	}
	if dt := now.Sub(l.rLast).Seconds(); dt > 0 {
		l.rLast = now
		l.rCalls = min(readCallsPerSec, l.rCalls+dt*readCallsPerSec)
	}
	if l.rCalls < 1 {
		return false
	}
	l.rCalls--
	return true
}

// chargeRead accounts for n bytes returned by a GetRecords call.
func (l *shardLimiter) chargeRead(now time.Time, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := l.readsAfter
	if start.Before(now) {
		start = now
	}
	l.readsAfter = start.Add(time.Duration(float64(n) / readBytesPerSec * float64(time.Second)))
}
