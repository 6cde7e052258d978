package objects

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// completedTTL is how long a completed upload is remembered for
// idempotent retries of CompleteMultipartUpload.
const completedTTL = 24 * time.Hour

// recover runs when the engine opens. After a clean Close it only consumes
// the clean-shutdown mark; otherwise it removes temp files and files no
// metadata points to: those of a write that crashed between its rename and
// its commit, or of a delete that crashed between its commit and the
// file's removal. Either way the data was never, or is no longer, visible.
func (e *Engine) recover() error {
	clean := true
	if _, err := e.kv.Get([]byte(keyClean)); errors.Is(err, kv.ErrNotFound) {
		clean = false
	} else if err != nil {
		return err
	}
	if clean {
		// Remove the mark first: if this run crashes, the next Open scans.
		if err := e.kv.Delete([]byte(keyClean)); err != nil {
			return err
		}
	} else if err := e.removeOrphans(); err != nil {
		return err
	}
	return e.expireCompleted()
}

// referencedFiles collects every file a version or a part points to.
func (e *Engine) referencedFiles() (map[string]struct{}, error) {
	refs := map[string]struct{}{}
	var derr error
	scan := func(pfx string, file func(v []byte) (string, error)) error {
		start := []byte(pfx)
		err := e.kv.Iter(start, kv.PrefixEnd(start), func(k, v []byte) bool {
			var f string
			if f, derr = file(v); derr != nil {
				return false
			}
			if f != "" {
				refs[f] = struct{}{}
			}
			return true
		})
		if err == nil {
			err = derr
		}
		return err
	}
	err := scan(pfxVersion, func(v []byte) (string, error) {
		var r objectRecord
		err := decode(v, &r)
		return r.File, err
	})
	if err == nil {
		err = scan(pfxPart, func(v []byte) (string, error) {
			var r partRecord
			err := decode(v, &r)
			return r.File, err
		})
	}
	return refs, err
}

// removeOrphans walks the root: directories of buckets that no longer
// exist go entirely; in live buckets, temp files and unreferenced files go.
func (e *Engine) removeOrphans() error {
	refs, err := e.referencedFiles()
	if err != nil {
		return fmt.Errorf("objects: recovery: %w", err)
	}
	names, err := e.fs.List(e.root)
	if err != nil {
		return fmt.Errorf("objects: recovery: %w", err)
	}
	removed := 0
	for _, name := range names {
		if _, err := e.bucket(name); err != nil {
			if err := e.fs.RemoveAll(e.abs(name)); err != nil {
				return fmt.Errorf("objects: recovery: %w", err)
			}
			continue
		}
		n, err := e.sweepDir(name, 2, refs)
		if err != nil {
			return fmt.Errorf("objects: recovery: %w", err)
		}
		removed += n
	}
	if removed > 0 {
		e.log.Info("objects: removed files left by an unclean shutdown", "files", removed)
	}
	return nil
}

// sweepDir removes unreferenced files under rel, which has depth more
// levels of hash directories.
func (e *Engine) sweepDir(rel string, depth int, refs map[string]struct{}) (int, error) {
	names, err := e.fs.List(e.abs(rel))
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil
		}
		return 0, err
	}
	removed := 0
	for _, name := range names {
		child := rel + "/" + name
		if depth > 0 {
			if fi, err := e.fs.Stat(e.abs(child)); err == nil && !fi.IsDir() {
				// A stray file where a hash directory belongs.
				if err := e.fs.Remove(e.abs(child)); err != nil {
					return removed, err
				}
				removed++
				continue
			}
			n, err := e.sweepDir(child, depth-1, refs)
			if err != nil {
				return removed, err
			}
			removed += n
			continue
		}
		if _, ok := refs[child]; ok && !strings.HasSuffix(name, ".tmp") {
			continue
		}
		if err := e.fs.Remove(e.abs(child)); err != nil && !os.IsNotExist(err) {
			return removed, err
		}
		removed++
	}
	return removed, nil
}

// expireCompleted forgets completed uploads older than completedTTL.
func (e *Engine) expireCompleted() error {
	start := []byte(pfxCompleted)
	cutoff := e.now().Add(-completedTTL).UnixMilli()
	b := e.kv.NewBatch()
	n := 0
	err := e.kv.Iter(start, kv.PrefixEnd(start), func(k, v []byte) bool {
		var r completedRecord
		if decode(v, &r) != nil || r.Completed < cutoff {
			b.Delete(append([]byte(nil), k...))
			n++
		}
		return true
	})
	if err != nil || n == 0 {
		b.Discard()
		return err
	}
	return b.Commit()
}
