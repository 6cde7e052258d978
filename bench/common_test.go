package benchload

import (
	"testing"
	"time"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1024", 1024, true},
		{"100B", 100, true},
		{"4KiB", 4 << 10, true},
		{"1K", 1 << 10, true},
		{"1M", 1 << 20, true},
		{"64MiB", 64 << 20, true},
		{"1GiB", 1 << 30, true},
		{"2KB", 2000, true},
		{"3MB", 3000000, true},
		{"1GB", 1000000000, true},
		{"-1", 0, false},
		{"KiB", 0, false},
		{"lots", 0, false},
	}
	for _, tt := range tests {
		got, err := parseByteSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestLatencySummary(t *testing.T) {
	var sorted []time.Duration
	for i := 1; i <= 100; i++ {
		sorted = append(sorted, time.Duration(i)*time.Millisecond)
	}
	if got, want := latencySummary(sorted), "p50 50ms  p99 99ms  max 100ms"; got != want {
		t.Fatalf("latencySummary = %q, want %q", got, want)
	}
	if got := (Latencies{3, 1, 2}).Percentile(50); got != 2 {
		t.Fatalf("Percentile(50) = %v, want 2ns", got)
	}
}
