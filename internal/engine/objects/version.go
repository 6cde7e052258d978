package objects

import (
	"maps"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// commitHooks extend commitVersion: verify runs first under the key's
// lock; extra adds writes to the commit's batch once the version is named.
type commitHooks struct {
	verify func() error
	extra  func(b *kv.Batch, rec *objectRecord, seq uint64) error
}

// versionEntry is one stored version found by a lookup.
type versionEntry struct {
	seq uint64
	rec objectRecord
}

// keyVersions reads the versions of one key the commit and lookup paths
// need: the latest, and (if wantNull) the "null" version, stopping as
// soon as it has them.
func (e *Engine) keyVersions(bucket, key string, wantNull bool) (latest, null *versionEntry, err error) {
	start := keyPrefix(pfxVersion, bucket, key)
	var derr error
	err = e.kv.Iter(start, kv.PrefixEnd(start), func(k, v []byte) bool {
		seq, ok := seqFromVersionSuffix(k[len(start):])
		if !ok {
			return true
		}
		ent := &versionEntry{seq: seq}
		if derr = decode(v, &ent.rec); derr != nil {
			return false
		}
		if latest == nil {
			latest = ent
		}
		if wantNull && ent.rec.VersionID == NullVersion {
			null = ent
		}
		return wantNull && null == nil
	})
	if err == nil {
		err = derr
	}
	return latest, null, err
}

// findVersion finds a version by ID ("" means the latest), and whether it
// is the latest. Errors: ErrNoSuchKey (no versions, for ""),
// ErrNoSuchVersion, ErrInvalidVersionID.
func (e *Engine) findVersion(bucket, key, versionID string) (ent *versionEntry, isLatest bool, err error) {
	var seq uint64
	if versionID != "" && versionID != NullVersion {
		var ok bool
		if seq, ok = parseVersionID(versionID); !ok {
			return nil, false, ErrInvalidVersionID
		}
	}
	latest, null, err := e.keyVersions(bucket, key, versionID == NullVersion)
	switch {
	case err != nil:
		return nil, false, err
	case versionID == "":
		if latest == nil {
			return nil, false, ErrNoSuchKey
		}
		return latest, true, nil
	case versionID == NullVersion:
		if null == nil {
			return nil, false, ErrNoSuchVersion
		}
		return null, null == latest, nil
	case latest != nil && latest.seq == seq && latest.rec.VersionID == versionID:
		return latest, true, nil
	}
	v, err := e.kv.Get(versionKey(bucket, key, seq))
	if err == kv.ErrNotFound {
		return nil, false, ErrNoSuchVersion
	}
	if err != nil {
		return nil, false, err
	}
	ent = &versionEntry{seq: seq}
	if err := decode(v, &ent.rec); err != nil {
		return nil, false, err
	}
	if ent.rec.VersionID != versionID {
		return nil, false, ErrNoSuchVersion
	}
	return ent, false, nil
}

// nextSeq orders a new version after the key's latest even if the clock
// went backwards.
func (e *Engine) nextSeq(latest *versionEntry) uint64 {
	seq := uint64(e.now().UnixNano())
	if latest != nil && seq <= latest.seq {
		seq = latest.seq + 1
	}
	return seq
}

// commitVersion makes rec the newest version of bucket/key. Under the
// bucket's read lock and the key's lock it reads the current state, runs
// the precondition, names the version by the bucket's versioning state
// (a new ID when enabled; "null" replacing any null version otherwise),
// and commits rec (plus whatever extra adds) in one synced batch. The
// file of a replaced null version is removed after the commit.
//
// hooks, all optional, let CompleteMultipartUpload check and extend the
// commit under the same locks.
func (e *Engine) commitVersion(bs *bucketState, bucket, key string, rec *objectRecord, pre func(*Object) error, h commitHooks) (Object, error) {
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	if bs.deleted {
		return Object{}, ErrNoSuchBucket
	}
	unlock := e.lockKey(bucket, key)
	defer unlock()
	if h.verify != nil {
		if err := h.verify(); err != nil {
			return Object{}, err
		}
	}
	b := e.kv.NewBatch()
	seq, null, err := e.stageVersion(b, bs, bucket, key, rec, pre)
	if err != nil {
		b.Discard()
		return Object{}, err
	}
	if h.extra != nil {
		if err := h.extra(b, rec, seq); err != nil {
			b.Discard()
			return Object{}, err
		}
	}
	if err := b.Commit(); err != nil {
		return Object{}, err
	}
	if null != nil {
		e.removeFile(null.rec.File)
	}
	return rec.object(e, bucket, key, true), nil
}

// stageVersion is the heart of commitVersion, for a caller holding the
// bucket's read lock and the key's lock: it reads the key's versions, runs
// the precondition, names rec's version by the bucket's versioning state
// and adds it to b, with the deletion of a null version it replaces. It
// returns the new version's sequence and the replaced null version (whose
// file the caller removes once b is committed), if any.
func (e *Engine) stageVersion(b *kv.Batch, bs *bucketState, bucket, key string, rec *objectRecord, pre func(*Object) error) (uint64, *versionEntry, error) {
	versioned := bs.rec.Versioning == VersioningEnabled
	latest, null, err := e.keyVersions(bucket, key, !versioned)
	if err != nil {
		return 0, nil, err
	}
	if pre != nil {
		if err := pre(e.currentObject(bucket, key, latest)); err != nil {
			return 0, nil, err
		}
	}
	seq := e.nextSeq(latest)
	rec.VersionID = NullVersion
	if versioned {
		rec.VersionID = newVersionID(seq)
	}
	val, err := encode(rec)
	if err != nil {
		return 0, nil, err
	}
	b.Set(versionKey(bucket, key, seq), val)
	if null != nil {
		b.Delete(versionKey(bucket, key, null.seq))
	}
	return seq, null, nil
}

// cloneInputMaps copies the caller's maps so later changes by the caller
// cannot reach stored state.
func cloneInputMaps(in *PutInput) (meta, headers, tags map[string]string) {
	return maps.Clone(in.Metadata), maps.Clone(in.Headers), maps.Clone(in.Tags)
}
