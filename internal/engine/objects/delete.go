package objects

import (
	"context"
	"errors"
)

// DeleteObject deletes as S3 does. With versionID "": in a bucket that
// never had versioning it removes the object; when versioning is enabled
// it adds a delete marker; when suspended it adds a "null" delete marker
// replacing the null version. With a versionID it removes that version
// (the next one becomes the latest). Deleting what does not exist
// succeeds; a malformed version ID gives ErrInvalidVersionID.
func (e *Engine) DeleteObject(ctx context.Context, bucket, key, versionID string) (DeleteResult, error) {
	return e.DeleteObjectWith(ctx, bucket, key, versionID, DeleteInput{})
}

// DeleteObjectWith is DeleteObject with a precondition (S3's conditional
// deletes). The precondition runs under the key's lock, before anything
// changes, with the key's current version (nil if the key has none or its
// latest is a delete marker) whether or not a versionID is given; an
// error it returns aborts the delete and is returned unchanged.
func (e *Engine) DeleteObjectWith(ctx context.Context, bucket, key, versionID string, in DeleteInput) (DeleteResult, error) {
	if err := e.begin(); err != nil {
		return DeleteResult{}, err
	}
	defer e.end()
	bs, err := e.bucket(bucket)
	if err != nil {
		return DeleteResult{}, err
	}
	if err := validKey(key); err != nil {
		return DeleteResult{}, err
	}
	if versionID != "" {
		return e.deleteVersion(bs, bucket, key, versionID, in.Precondition)
	}
	bs.mu.RLock()
	versioning := bs.rec.Versioning
	bs.mu.RUnlock()
	if versioning == "" {
		// No version ID is reported where versioning never existed.
		res, err := e.deleteVersion(bs, bucket, key, NullVersion, in.Precondition)
		res.VersionID = ""
		return res, err
	}
	rec := objectRecord{DeleteMarker: true, Modified: e.nowMillis()}
	o, err := e.commitVersion(bs, bucket, key, &rec, in.Precondition, commitHooks{})
	if err != nil {
		return DeleteResult{}, err
	}
	return DeleteResult{VersionID: o.VersionID, DeleteMarker: true}, nil
}

// deleteVersion removes one version and then its file.
// pre, if set, is checked first against the key's current version.
func (e *Engine) deleteVersion(bs *bucketState, bucket, key, versionID string, pre func(*Object) error) (DeleteResult, error) {
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return DeleteResult{}, ErrNoSuchBucket
	}
	res := DeleteResult{VersionID: versionID}
	unlock := e.lockKey(bucket, key)
	defer unlock()
	if err := e.checkCurrent(bucket, key, pre); err != nil {
		return DeleteResult{}, err
	}
	ent, _, err := e.findVersion(bucket, key, versionID)
	if errors.Is(err, ErrNoSuchVersion) {
		return res, nil
	}
	if err != nil {
		return DeleteResult{}, err
	}
	b := e.kv.NewBatch()
	b.Delete(versionKey(bucket, key, ent.seq))
	if err := b.Commit(); err != nil {
		return DeleteResult{}, err
	}
	e.removeFile(ent.rec.File)
	res.DeleteMarker = ent.rec.DeleteMarker
	return res, nil
}

// checkCurrent runs a caller's precondition on the key's current version;
// the caller holds the key's lock.
func (e *Engine) checkCurrent(bucket, key string, pre func(*Object) error) error {
	if pre == nil {
		return nil
	}
	latest, _, err := e.keyVersions(bucket, key, false)
	if err != nil {
		return err
	}
	return pre(e.currentObject(bucket, key, latest))
}

// currentObject is what a precondition sees of a key's latest version:
// nil when there is none or it is a delete marker.
func (e *Engine) currentObject(bucket, key string, latest *versionEntry) *Object {
	if latest == nil || latest.rec.DeleteMarker {
		return nil
	}
	o := latest.rec.object(e, bucket, key, true)
	return &o
}
