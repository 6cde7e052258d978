package objects

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
)

// ObjectPut is one object of a PutObjects call.
type ObjectPut struct {
	Key  string
	Body io.Reader
	In   PutInput
}

// PutObjects stores several objects of one bucket durably and makes them
// visible together: all of them or (on any error, or a crash before it
// returns) none. Each object follows PutObject's semantics (checksums,
// precondition, versioning), but the objects share the durable steps that
// PutObject pays per object: their files are written and fdatasynced
// concurrently, each directory holding them is fsynced once, and one
// synced KV batch commits every version. It suits small sets of objects
// written as a unit, such as a query result and its metadata file.
//
// Keys must be distinct. The objects are returned in the order given.
func (e *Engine) PutObjects(ctx context.Context, bucket string, puts []ObjectPut) ([]Object, error) {
	if err := e.begin(); err != nil {
		return nil, err
	}
	defer e.end()
	if len(puts) == 0 {
		return nil, nil
	}
	bs, specs, err := e.checkPuts(bucket, puts)
	if err != nil {
		return nil, err
	}
	ws, err := e.writeFiles(ctx, bs, bucket, puts, specs)
	if err != nil {
		return nil, err
	}
	recs := make([]objectRecord, len(puts))
	for i := range puts {
		recs[i] = e.putRecord(&puts[i].In, ws[i])
	}
	objs, err := e.commitVersions(bs, bucket, puts, recs)
	if err != nil {
		for _, w := range ws {
			e.removeFile(w.rel)
		}
		return nil, err
	}
	return objs, nil
}

// checkPuts validates a PutObjects call before anything is written.
func (e *Engine) checkPuts(bucket string, puts []ObjectPut) (*bucketState, []writeSpec, error) {
	seen := make(map[string]bool, len(puts))
	specs := make([]writeSpec, len(puts))
	for i, p := range puts {
		if err := validKey(p.Key); err != nil {
			return nil, nil, err
		}
		if seen[p.Key] {
			return nil, nil, fmt.Errorf("%w: key %q given twice", ErrInvalidKey, p.Key)
		}
		seen[p.Key] = true
		spec, err := putSpec(p.In)
		if err != nil {
			return nil, nil, err
		}
		specs[i] = spec
	}
	bs, err := e.bucket(bucket)
	if err != nil {
		return nil, nil, err
	}
	return bs, specs, nil
}

// writeFiles writes every body to its own file concurrently, all in one
// directory, then fsyncs that directory once. The first error
// cancels the other writes; then no file is left behind.
func (e *Engine) writeFiles(ctx context.Context, bs *bucketState, bucket string, puts []ObjectPut, specs []writeSpec) ([]written, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ws := make([]written, len(puts))
	dirs := make([]string, len(puts))
	errs := make([]error, len(puts))
	// The files share their IDs' first digits, hence one directory and
	// one directory fsync (a journal commit fewer per extra file).
	shared := newFileID()[:2]
	write := func(i int) {
		id := shared + newFileID()[2:]
		ws[i], dirs[i], errs[i] = e.writeRenamed(ctx, bs, bucket, id, puts[i].Body, specs[i])
		if errs[i] != nil {
			cancel()
		}
	}
	// The last file is written by this goroutine: one hand-off fewer,
	// which counts when the CPUs are busy.
	var wg sync.WaitGroup
	for i := range len(puts) - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			write(i)
		}()
	}
	write(len(puts) - 1)
	wg.Wait()
	err := firstError(errs)
	if err == nil {
		err = e.syncDirs(dirs)
	}
	if err != nil {
		for _, w := range ws {
			if w.rel != "" {
				e.fs.Remove(e.abs(w.rel))
			}
		}
		return nil, err
	}
	return ws, nil
}

// firstError is the error that caused the others: the first one that is
// not the cancellation it triggered, else the first.
func firstError(errs []error) error {
	var first error
	for _, err := range errs {
		switch {
		case err == nil:
		case first == nil:
			first = err
		case errors.Is(first, context.Canceled):
			first = err
		}
	}
	return first
}

// syncDirs fsyncs each distinct directory once, concurrently if there
// are several.
func (e *Engine) syncDirs(dirs []string) error {
	if !slices.ContainsFunc(dirs, func(d string) bool { return d != dirs[0] }) {
		return diskErr("syncing directory", syncDir(e.fs, dirs[0]))
	}
	uniq := make(map[string]bool, len(dirs))
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for _, d := range dirs {
		if uniq[d] {
			continue
		}
		uniq[d] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := syncDir(e.fs, d); err != nil {
				mu.Lock()
				if first == nil {
					first = diskErr("syncing directory", err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// putRecord is the metadata of a new version written by PutObject or PutObjects.
func (e *Engine) putRecord(in *PutInput, w written) objectRecord {
	rec := objectRecord{
		Size:        w.size,
		ETag:        `"` + hex.EncodeToString(w.md5) + `"`,
		Modified:    e.nowMillis(),
		ContentType: in.ContentType,
		File:        w.rel,
	}
	rec.Metadata, rec.Headers, rec.Tags = cloneInputMaps(in)
	if w.sum != nil {
		rec.Checksum = checksumRecord{
			Algorithm: in.ChecksumAlgorithm,
			Type:      ChecksumFullObject,
			Value:     base64.StdEncoding.EncodeToString(w.sum),
		}
	}
	return rec
}

// commitVersions is commitVersion for several keys at once: under the
// bucket's read lock and every key's lock (stripes taken in ascending
// order, once each) it stages each version and commits them all in one
// synced batch. Files of replaced null versions are removed afterwards.
func (e *Engine) commitVersions(bs *bucketState, bucket string, puts []ObjectPut, recs []objectRecord) ([]Object, error) {
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return nil, ErrNoSuchBucket
	}
	defer e.lockKeys(bucket, puts)()
	b := e.kv.NewBatch()
	var replaced []*versionEntry
	for i := range puts {
		_, null, err := e.stageVersion(b, bs, bucket, puts[i].Key, &recs[i], puts[i].In.Precondition)
		if err != nil {
			b.Discard()
			return nil, err
		}
		if null != nil {
			replaced = append(replaced, null)
		}
	}
	if err := b.Commit(); err != nil {
		return nil, err
	}
	for _, n := range replaced {
		e.removeFile(n.rec.File)
	}
	objs := make([]Object, len(puts))
	for i := range puts {
		objs[i] = recs[i].object(e, bucket, puts[i].Key, true)
	}
	return objs, nil
}

// lockKeys locks the stripes of every key in ascending order, each once,
// and returns their unlock.
func (e *Engine) lockKeys(bucket string, puts []ObjectPut) func() {
	stripes := make([]int, 0, len(puts))
	for _, p := range puts {
		stripes = append(stripes, e.keyStripe(bucket, p.Key))
	}
	sort.Ints(stripes)
	held := make([]int, 0, len(stripes))
	for i, s := range stripes {
		if i > 0 && s == stripes[i-1] {
			continue
		}
		e.keyLocks[s].Lock()
		held = append(held, s)
	}
	return func() {
		for _, s := range held {
			e.keyLocks[s].Unlock()
		}
	}
}
