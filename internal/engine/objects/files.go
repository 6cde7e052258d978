package objects

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sync"
	"syscall"

	pvfs "github.com/cockroachdb/pebble/v2/vfs"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// copyBufSize is the size of the pooled buffers bodies stream through.
const copyBufSize = 1 << 20

// preallocateMin is the declared size from which a file's space is
// reserved before writing: it keeps large files contiguous and surfaces a
// full disk before the body is read. Small files are not worth the call.
const preallocateMin = 1 << 20

// writebackMin is the size from which a file's dirty pages are sent to
// disk as it is written (every writebackMin bytes) rather than all at the
// final fsync.
const writebackMin = 8 << 20

// dirOnce makes one directory durable once per bucket incarnation.
type dirOnce struct {
	once sync.Once
	err  error
}

// written describes a file made durable by writeFile.
type written struct {
	rel  string // path relative to the root
	size int64
	md5  []byte
	sum  []byte // raw checksum, nil if no algorithm
}

// writeSpec says what writeFile must check.
type writeSpec struct {
	size        int64  // declared size, or -1
	contentMD5  []byte // expected MD5, or nil
	checksumAlg string
	expected    []byte // expected raw checksum, or nil
	// expectedFunc gives a base64 checksum known only after the body.
	expectedFunc func() (string, error)
	// noMD5 skips the MD5, for bytes whose digests are already known
	// (assembling a multipart object).
	noMD5 bool
}

// writeFile streams r into a new file of bucket: a temp file beside its
// final name, hashed (MD5 and the checksum) in the same pass, checked,
// fsynced, renamed, and its directory fsynced. Only then may metadata
// point to it. On any error nothing is left behind.
func (e *Engine) writeFile(ctx context.Context, bs *bucketState, bucket string, r io.Reader, spec writeSpec) (written, error) {
	rel := fileRel(bucket, newFileID())
	final := e.abs(rel)
	dir := e.fs.PathDir(final)
	if err := e.ensureDir(bs, dir); err != nil {
		return written{}, diskErr("creating directory", err)
	}
	tmp := final + ".tmp"
	f, err := e.fs.Create(tmp, vfs.WriteCategory)
	if err != nil {
		return written{}, diskErr("creating file", err)
	}
	w, err := e.fillSynced(ctx, f, r, spec)
	if err == nil {
		err = diskErr("renaming file", e.fs.Rename(tmp, final))
	}
	if err != nil {
		e.fs.Remove(tmp)
		return written{}, err
	}
	if err := syncDir(e.fs, dir); err != nil {
		e.fs.Remove(final)
		return written{}, diskErr("syncing directory", err)
	}
	w.rel = rel
	return w, nil
}

// fillSynced fills f from r (see fill), fdatasyncs and closes it. The
// data and what is needed to read it back (size, block map) are then
// durable; the file's name is made durable by its directory's fsync.
func (e *Engine) fillSynced(ctx context.Context, f vfs.File, r io.Reader, spec writeSpec) (written, error) {
	if spec.size < 0 || spec.size >= writebackMin {
		// Start writing large files back while they are being written, so
		// the fsync at the end has little left to do.
		f = pvfs.NewSyncingFile(f, pvfs.SyncingFileOptions{BytesPerSync: writebackMin, NoSyncOnClose: true})
	}
	w, err := e.fill(ctx, f, r, spec)
	if err == nil {
		err = diskErr("syncing file", f.SyncData())
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = diskErr("closing file", cerr)
	}
	return w, err
}

// fill copies r into f through a pooled buffer, hashing as it goes, and
// checks size and digests. Hashes see each chunk before the file does,
// since vfs.File.Write may modify its argument.
func (e *Engine) fill(ctx context.Context, f vfs.File, r io.Reader, spec writeSpec) (written, error) {
	if spec.size >= preallocateMin {
		if err := f.Preallocate(0, spec.size); err != nil && isNoSpace(err) {
			return written{}, diskErr("reserving space", err)
		}
	}
	sum, err := e.sums.newHash(spec.checksumAlg)
	if err != nil {
		return written{}, err
	}
	var hashes []hash.Hash
	var md hash.Hash
	if !spec.noMD5 {
		md = md5.New()
		hashes = append(hashes, md)
	}
	if sum != nil {
		hashes = append(hashes, sum)
	}
	limit := r
	if spec.size >= 0 {
		// One byte more than declared reveals a body that is too long.
		limit = io.LimitReader(r, spec.size+1)
	}
	n, err := e.copyHashed(ctx, f, limit, hashes)
	if err != nil {
		return written{}, err
	}
	if spec.size >= 0 && n != spec.size {
		return written{}, fmt.Errorf("%w: declared %d bytes, got %d", ErrIncompleteBody, spec.size, n)
	}
	w := written{size: n}
	if md != nil {
		w.md5 = md.Sum(nil)
		if spec.contentMD5 != nil && string(spec.contentMD5) != string(w.md5) {
			return written{}, ErrBadDigest
		}
	}
	if sum != nil {
		w.sum = sum.Sum(nil)
	}
	if err := spec.checkTrailing(); err != nil {
		return written{}, err
	}
	if spec.expected != nil && string(spec.expected) != string(w.sum) {
		return written{}, fmt.Errorf("%w: the %s you specified did not match the calculated checksum", ErrChecksumMismatch, spec.checksumAlg)
	}
	return w, nil
}

// checkTrailing fetches a checksum that came after the body into expected.
func (s *writeSpec) checkTrailing() error {
	if s.expectedFunc == nil {
		return nil
	}
	v, err := s.expectedFunc()
	if err != nil || v == "" {
		return err
	}
	if s.checksumAlg == "" {
		return fmt.Errorf("%w: a checksum value needs a checksum algorithm", ErrInvalidChecksum)
	}
	raw, err := decodeChecksum(s.checksumAlg, v)
	if err != nil {
		return err
	}
	if s.expected != nil && string(s.expected) != string(raw) {
		// Sent twice, differently: the body cannot match both.
		return fmt.Errorf("%w: the %s you specified did not match the calculated checksum", ErrChecksumMismatch, s.checksumAlg)
	}
	s.expected = raw
	return nil
}

// ensureDir creates dir and its parents below the root, each made durable
// by an fsync of its parent, once per bucket incarnation. Concurrent
// callers wait for the first, so none writes into a directory whose entry
// could still vanish in a crash.
func (e *Engine) ensureDir(bs *bucketState, dir string) error {
	v, _ := bs.dirs.LoadOrStore(dir, &dirOnce{})
	d := v.(*dirOnce)
	d.once.Do(func() {
		parent := e.fs.PathDir(dir)
		if parent != e.root {
			if d.err = e.ensureDir(bs, parent); d.err != nil {
				return
			}
		}
		if d.err = e.fs.MkdirAll(dir, 0o755); d.err != nil {
			return
		}
		d.err = syncDir(e.fs, parent)
	})
	if d.err != nil {
		bs.dirs.CompareAndDelete(dir, d)
	}
	return d.err
}

// syncDir fsyncs a directory so entries created or renamed in it survive a crash.
func syncDir(fs vfs.FS, dir string) error {
	d, err := fs.OpenDir(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// isNoSpace reports whether err is the disk running out of space (or quota).
func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// diskErr wraps a filesystem error with what was being done, turning a
// full disk into ErrDiskFull.
func diskErr(what string, err error) error {
	switch {
	case err == nil:
		return nil
	case isNoSpace(err):
		return fmt.Errorf("%w: %s: %v", ErrDiskFull, what, err)
	case errors.Is(err, ErrIncompleteBody), errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("objects: %s: %w", what, err)
}

// removeFile deletes an object or part file that metadata no longer points
// to. Failure only leaves an orphan for the next recovery scan.
func (e *Engine) removeFile(rel string) {
	if rel == "" {
		return
	}
	if err := e.fs.Remove(e.abs(rel)); err != nil && !os.IsNotExist(err) {
		e.log.Warn("objects: removing unreferenced file", "file", rel, "err", err)
	}
}
