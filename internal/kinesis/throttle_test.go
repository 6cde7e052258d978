package kinesis

import (
	"testing"
	"time"
)

func TestShardLimiterWrites(t *testing.T) {
	now := time.Unix(1700000000, 0)
	l := newShardLimiter(now)
	sizes := make([]int, 1200)
	for i := range sizes {
		sizes[i] = 10
	}
	ok := make([]bool, len(sizes))
	l.admit(now, sizes, ok)
	n := 0
	for _, b := range ok {
		if b {
			n++
		}
	}
	if n != writeRecordsPerSec {
		t.Fatalf("admitted %d records in one second, want %d", n, writeRecordsPerSec)
	}
	// Half a second later, half the record budget is back.
	l.admit(now.Add(500*time.Millisecond), sizes[:600], ok[:600])
	n = 0
	for _, b := range ok[:600] {
		if b {
			n++
		}
	}
	if n != 500 {
		t.Fatalf("admitted %d after 500ms, want 500", n)
	}
	// Bytes: a 1 MiB record fits into a fresh bucket, a second does not.
	l2 := newShardLimiter(now)
	big := []int{1 << 20, 1}
	l2.admit(now, big, ok[:2])
	if !ok[0] || ok[1] {
		t.Fatalf("byte budget: %v", ok[:2])
	}
}

func TestShardLimiterReads(t *testing.T) {
	now := time.Unix(1700000000, 0)
	l := newShardLimiter(now)
	for i := 0; i < readCallsPerSec; i++ {
		if !l.admitRead(now) {
			t.Fatalf("call %d refused", i)
		}
	}
	if l.admitRead(now) {
		t.Fatal("sixth call in the same instant admitted")
	}
	later := now.Add(time.Second)
	if !l.admitRead(later) {
		t.Fatal("call after one second refused")
	}
	l.chargeRead(later, 10<<20)
	if l.admitRead(later.Add(4900 * time.Millisecond)) {
		t.Fatal("read admitted within 5 s of a 10 MiB read")
	}
	if !l.admitRead(later.Add(5001 * time.Millisecond)) {
		t.Fatal("read refused 5 s after a 10 MiB read")
	}
}
