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
		return e.deleteVersion(bs, bucket, key, versionID)
	}
	bs.mu.RLock()
	versioning := bs.rec.Versioning
	bs.mu.RUnlock()
	if versioning == "" {
		// No version ID is reported where versioning never existed.
		res, err := e.deleteVersion(bs, bucket, key, NullVersion)
		res.VersionID = ""
		return res, err
	}
	rec := objectRecord{DeleteMarker: true, Modified: e.nowMillis()}
	o, err := e.commitVersion(bs, bucket, key, &rec, nil, commitHooks{})
	if err != nil {
		return DeleteResult{}, err
	}
	return DeleteResult{VersionID: o.VersionID, DeleteMarker: true}, nil
}

// deleteVersion removes one version and then its file.
func (e *Engine) deleteVersion(bs *bucketState, bucket, key, versionID string) (DeleteResult, error) {
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return DeleteResult{}, ErrNoSuchBucket
	}
	res := DeleteResult{VersionID: versionID}
	unlock := e.lockKey(bucket, key)
	defer unlock()
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
