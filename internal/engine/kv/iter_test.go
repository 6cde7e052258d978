package kv

import (
	"slices"
	"testing"

	"github.com/nubo-dev/nubo/internal/vfs"
)

func TestIterDirections(t *testing.T) {
	s, err := Open(vfs.NewMem(), "db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, k := range []string{"a/1", "a/2", "a/3", "b/1"} {
		if err := s.Set([]byte(k), []byte("v"+k)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		reverse bool
		stop    int
		want    []string
	}{
		{"forward", false, 0, []string{"a/1", "a/2", "a/3"}},
		{"reverse", true, 0, []string{"a/3", "a/2", "a/1"}},
		{"forward stops", false, 2, []string{"a/1", "a/2"}},
		{"reverse stops", true, 1, []string{"a/3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			fn := func(k, v []byte) bool {
				if string(v) != "v"+string(k) {
					t.Errorf("value of %q is %q", k, v)
				}
				got = append(got, string(k))
				return tt.stop == 0 || len(got) < tt.stop
			}
			iter := s.Iter
			if tt.reverse {
				iter = s.IterReverse
			}
			if err := iter([]byte("a/"), PrefixEnd([]byte("a/")), fn); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}
