package streamlog

import (
	"fmt"

	"github.com/nubo-dev/nubo/internal/vfs"
)

// Seal marks the log closed for writes (a closed shard): Appends queued
// before Seal still commit, later ones return ErrSealed. The mark is a file
// in the log's directory, so it survives a restart.
func (l *Log) Seal() error {
	return l.control(func() error {
		if l.sealed {
			return nil
		}
		if err := vfs.WriteFileAtomic(l.s.fs, l.sealedPath(), []byte("sealed\n")); err != nil {
			return fmt.Errorf("streamlog: seal %q: %w", l.name, err)
		}
		l.mu.Lock()
		l.sealed = true
		l.wakeLocked()
		l.mu.Unlock()
		return nil
	})
}

// TrimBefore drops, oldest first, the whole segments whose newest record is
// older than ts (retention); no segment is ever cut. When even the active
// segment has expired it is rolled first, so an idle log expires too.
// Bounds().first moves to the first retained offset.
func (l *Log) TrimBefore(ts int64) error {
	return l.control(func() error {
		l.mu.Lock()
		segs := l.segs
		l.mu.Unlock()
		n := 0
		for n < len(segs)-1 && segs[n].lastTS < ts {
			n++
		}
		if last := len(segs) - 1; n == last && last >= 0 && !segs[last].empty() && segs[last].lastTS < ts {
			if _, err := l.roll(); err != nil {
				return fmt.Errorf("streamlog: trim %q: %w", l.name, err)
			}
			n++
			l.mu.Lock()
			segs = l.segs
			l.mu.Unlock()
		}
		if n == 0 {
			return nil
		}
		return l.dropSegments(segs[:n], segs[n].base)
	})
}

// dropSegments forgets the given oldest segments and removes their files,
// oldest first, so a crash midway leaves a contiguous log.
func (l *Log) dropSegments(drop []*segment, first uint64) error {
	l.mu.Lock()
	l.segs = append([]*segment(nil), l.segs[len(drop):]...)
	l.first = first
	l.mu.Unlock()
	l.s.tail.dropBelow(&l.tail, first)
	for _, g := range drop {
		l.s.files.drop(l.id, g.base)
		l.s.index.drop(segKey{log: l.id, base: g.base})
		if err := removeIfExists(l.s.fs, l.segPath(g.base)); err != nil {
			return fmt.Errorf("streamlog: trim %q: %w", l.name, err)
		}
		if err := removeIfExists(l.s.fs, l.idxPath(g.base)); err != nil {
			return fmt.Errorf("streamlog: trim %q: %w", l.name, err)
		}
	}
	return vfs.SyncDir(l.s.fs, l.dir)
}
