package objects

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/nubo-dev/nubo/internal/vfs"
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
// PutObject pays per object: their files are created in one directory,
// whose fsync makes every name durable while the bodies are written and
// fdatasynced concurrently, and one synced KV batch commits every version.
// It suits small sets of objects written as a unit, such as a query result
// and its metadata file.
//
// Keys must be distinct. The objects are returned in the order given.
func (e *Engine) PutObjects(ctx context.Context, bucket string, puts []ObjectPut) ([]Object, error) {
	if len(puts) == 0 {
		if err := e.begin(); err != nil {
			return nil, err
		}
		e.end()
		return nil, nil
	}
	// Invalid input is refused before any file is created.
	if _, _, err := e.checkPuts(bucket, puts); err != nil {
		return nil, err
	}
	p, err := e.PreparePut(ctx, bucket, len(puts))
	if err != nil {
		return nil, err
	}
	return p.Commit(ctx, puts)
}

// PendingPut is a PutObjects whose files exist before its bodies do (see
// PreparePut).
type PendingPut struct {
	e      *Engine
	bucket string
	files  []vfs.File
	rels   []string
	synced chan error // outcome of the directory fsync
	done   bool
}

// PreparePut does the first half of a PutObjects of n objects in bucket
// ahead of time: it creates the n files, all in one directory, and starts
// the directory fsync that makes their names durable. A caller that knows
// it will store objects soon (Athena, while a query runs) thus takes file
// creation and one round of disk flushes off the path that follows; the
// Commit that writes the bodies then waits only for their fdatasyncs and
// the metadata commit. Nothing is visible before Commit, and no rename is
// needed: no metadata points to the files until then, and after a crash
// the recovery sweep removes files that none points to.
//
// Commit or Abort must follow, exactly once, from one goroutine; until
// then the engine counts the put as an operation in flight.
func (e *Engine) PreparePut(ctx context.Context, bucket string, n int) (*PendingPut, error) {
	if n <= 0 {
		return nil, fmt.Errorf("objects: PreparePut of %d objects", n)
	}
	if err := e.begin(); err != nil {
		return nil, err
	}
	bs, err := e.bucket(bucket)
	if err != nil {
		e.end()
		return nil, err
	}
	p := &PendingPut{e: e, bucket: bucket, files: make([]vfs.File, n), rels: make([]string, n), synced: make(chan error, 1)}
	// The files share their IDs' first digits, hence one directory.
	shared := newFileID()[:2]
	var dir string
	for i := range n {
		rel := fileRel(bucket, shared+newFileID()[2:])
		path := e.abs(rel)
		if i == 0 {
			dir = e.fs.PathDir(path)
			if err := e.ensureDir(bs, dir); err != nil {
				e.end()
				return nil, diskErr("creating directory", err)
			}
		}
		f, err := e.fs.Create(path, vfs.WriteCategory)
		if err != nil {
			p.Abort()
			return nil, diskErr("creating file", err)
		}
		p.files[i], p.rels[i] = f, rel
	}
	go func() { p.synced <- diskErr("syncing directory", syncDir(e.fs, dir)) }()
	return p, nil
}

// Commit writes the bodies into the prepared files and commits the
// objects as PutObjects does; puts must hold as many objects as were
// prepared. On error nothing is visible and the files are removed.
func (p *PendingPut) Commit(ctx context.Context, puts []ObjectPut) ([]Object, error) {
	if p.done {
		return nil, errors.New("objects: PendingPut used twice")
	}
	if len(puts) != len(p.files) {
		p.Abort()
		return nil, fmt.Errorf("objects: %d objects for a PendingPut of %d", len(puts), len(p.files))
	}
	e := p.e
	bs, specs, err := e.checkPuts(p.bucket, puts)
	if err != nil {
		p.Abort()
		return nil, err
	}
	ws, err := p.write(ctx, puts, specs)
	if err != nil {
		p.Abort()
		return nil, err
	}
	defer p.finish()
	recs := make([]objectRecord, len(puts))
	for i := range puts {
		recs[i] = e.putRecord(&puts[i].In, ws[i])
	}
	objs, err := e.commitVersions(bs, p.bucket, puts, recs)
	if err != nil {
		p.removeFiles()
		return nil, err
	}
	return objs, nil
}

// Abort gives the prepared files up. After Commit it does nothing.
func (p *PendingPut) Abort() {
	if p.done {
		return
	}
	defer p.finish()
	for i, f := range p.files {
		if f != nil {
			f.Close()
			p.files[i] = nil
		}
	}
	p.removeFiles()
}

func (p *PendingPut) finish() {
	p.done = true
	p.e.end()
}

func (p *PendingPut) removeFiles() {
	for _, rel := range p.rels {
		if rel != "" {
			p.e.fs.Remove(p.e.abs(rel))
		}
	}
}

// write fills every file from its body concurrently, fdatasyncs and closes
// it, and waits for the directory fsync. The first error cancels the other
// writes.
func (p *PendingPut) write(ctx context.Context, puts []ObjectPut, specs []writeSpec) ([]written, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := len(puts)
	ws := make([]written, n)
	errs := make([]error, n)
	one := func(i int) {
		f := p.files[i]
		p.files[i] = nil // fillSynced closes it
		ws[i], errs[i] = p.e.fillSynced(ctx, f, puts[i].Body, specs[i])
		ws[i].rel = p.rels[i]
		if errs[i] != nil {
			cancel()
		}
	}
	// The last file is written by this goroutine: one hand-off fewer,
	// which counts when the CPUs are busy.
	var wg sync.WaitGroup
	for i := range n - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			one(i)
		}()
	}
	one(n - 1)
	wg.Wait()
	err := firstError(errs)
	if derr := <-p.synced; err == nil {
		err = derr
	}
	if err != nil {
		return nil, err
	}
	return ws, nil
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
