package objects

import (
	"bytes"
	"context"
	"strings"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// maxOldVersionsScanned is how many older versions of one key ListObjects
// steps over before it seeks past the key instead.
const maxOldVersionsScanned = 8

// scanKeys walks version (or upload) entries in [lo, hi), decoding the
// object key of each; visit may ask to continue from another position
// (next != nil, to jump over a common prefix or a key's other versions)
// or to stop.
func (e *Engine) scanKeys(lo, hi []byte, skip int, visit func(key string, suffix, val []byte) (next []byte, stop bool)) error {
	for bytes.Compare(lo, hi) < 0 {
		var next []byte
		stop := false
		err := e.kv.Iter(lo, hi, func(k, v []byte) bool {
			key, suffix, ok := splitObjectKey(k[skip:])
			if !ok {
				return true
			}
			next, stop = visit(key, suffix, v)
			return next == nil && !stop
		})
		if err != nil || stop || next == nil {
			return err
		}
		lo = next
	}
	return nil
}

// listRange is the KV range of a bucket's keys under prefix that sort
// after marker.
func listRange(pfx, bucket, prefix, marker string) (lo, hi []byte) {
	lo = keyRangePrefix(pfx, bucket, prefix)
	hi = kv.PrefixEnd(lo)
	if marker != "" {
		// Every entry of every key greater than marker.
		after := kv.PrefixEnd(keyPrefix(pfx, bucket, marker))
		if bytes.Compare(after, lo) > 0 {
			lo = after
		}
	}
	return lo, hi
}

// commonPrefix returns the common prefix key rolls up into, or "".
func commonPrefix(key, prefix, delim string) string {
	if delim == "" {
		return ""
	}
	if i := strings.Index(key[len(prefix):], delim); i >= 0 {
		return key[:len(prefix)+i+len(delim)]
	}
	return ""
}

// ListObjects lists the latest version of each key that is not a delete
// marker, in key order (UTF-8 binary, as S3). With a delimiter, keys that
// share a common prefix are reported once as that prefix, which counts
// toward MaxKeys like a key; a common prefix not greater than the marker
// was already reported by an earlier page and is skipped whole.
func (e *Engine) ListObjects(ctx context.Context, bucket string, in ListInput) (ListOutput, error) {
	var out ListOutput
	if _, err := e.bucket(bucket); err != nil {
		return out, err
	}
	if in.MaxKeys <= 0 {
		return out, nil
	}
	lo, hi := listRange(pfxVersion, bucket, in.Prefix, in.Marker)
	skip := len(bucketPrefix(pfxVersion, bucket))
	count := 0
	lastKey, older := "", 0
	var derr error
	err := e.scanKeys(lo, hi, skip, func(key string, suffix, val []byte) ([]byte, bool) {
		if key == lastKey {
			// An older version of a key already handled.
			if older++; older > maxOldVersionsScanned {
				return kv.PrefixEnd(keyPrefix(pfxVersion, bucket, key)), false
			}
			return nil, false
		}
		lastKey, older = key, 0
		cp := commonPrefix(key, in.Prefix, in.Delimiter)
		if cp != "" && cp <= in.Marker {
			return kv.PrefixEnd(keyRangePrefix(pfxVersion, bucket, cp)), false
		}
		var rec objectRecord
		if derr = decode(val, &rec); derr != nil {
			return nil, true
		}
		if rec.DeleteMarker {
			return nil, false
		}
		if count == in.MaxKeys {
			out.IsTruncated = true
			return nil, true
		}
		count++
		if cp != "" {
			out.CommonPrefixes = append(out.CommonPrefixes, cp)
			out.NextMarker = cp
			return kv.PrefixEnd(keyRangePrefix(pfxVersion, bucket, cp)), false
		}
		out.Objects = append(out.Objects, rec.object(e, bucket, key, true))
		out.NextMarker = key
		return nil, false
	})
	if err == nil {
		err = derr
	}
	return out, err
}

// ListObjectVersions lists versions and delete markers, keys in order and
// each key's versions newest first. KeyMarker alone resumes after that
// key; with VersionIDMarker it resumes after that version of KeyMarker.
// Common prefixes count toward MaxKeys and are reported once, as in
// ListObjects.
func (e *Engine) ListObjectVersions(ctx context.Context, bucket string, in ListVersionsInput) (ListVersionsOutput, error) {
	var out ListVersionsOutput
	if _, err := e.bucket(bucket); err != nil {
		return out, err
	}
	if in.MaxKeys <= 0 {
		return out, nil
	}
	lo, hi, err := e.versionsRange(bucket, in)
	if err != nil {
		return out, err
	}
	skip := len(bucketPrefix(pfxVersion, bucket))
	count := 0
	lastKey := ""
	if in.VersionIDMarker != "" {
		// Resuming inside KeyMarker: its first version seen is not its latest.
		lastKey = in.KeyMarker
	}
	var derr error
	err = e.scanKeys(lo, hi, skip, func(key string, suffix, val []byte) ([]byte, bool) {
		cp := commonPrefix(key, in.Prefix, in.Delimiter)
		if cp != "" && cp <= in.KeyMarker {
			return kv.PrefixEnd(keyRangePrefix(pfxVersion, bucket, cp)), false
		}
		if count == in.MaxKeys {
			out.IsTruncated = true
			return nil, true
		}
		count++
		if cp != "" {
			out.CommonPrefixes = append(out.CommonPrefixes, cp)
			out.NextKeyMarker, out.NextVersionIDMarker = cp, ""
			return kv.PrefixEnd(keyRangePrefix(pfxVersion, bucket, cp)), false
		}
		var rec objectRecord
		if derr = decode(val, &rec); derr != nil {
			return nil, true
		}
		latest := key != lastKey
		lastKey = key
		out.Versions = append(out.Versions, rec.object(e, bucket, key, latest))
		out.NextKeyMarker, out.NextVersionIDMarker = key, rec.VersionID
		return nil, false
	})
	if err == nil {
		err = derr
	}
	return out, err
}

// versionsRange is where a ListObjectVersions page starts and ends.
func (e *Engine) versionsRange(bucket string, in ListVersionsInput) (lo, hi []byte, err error) {
	if in.VersionIDMarker == "" || in.KeyMarker == "" {
		lo, hi = listRange(pfxVersion, bucket, in.Prefix, in.KeyMarker)
		return lo, hi, nil
	}
	lo, hi = listRange(pfxVersion, bucket, in.Prefix, "")
	var seq uint64
	if in.VersionIDMarker == NullVersion {
		_, null, err := e.keyVersions(bucket, in.KeyMarker, true)
		if err != nil {
			return nil, nil, err
		}
		if null == nil {
			lo2, _ := listRange(pfxVersion, bucket, in.Prefix, in.KeyMarker)
			return maxBytes(lo, lo2), hi, nil
		}
		seq = null.seq
	} else {
		var ok bool
		if seq, ok = parseVersionID(in.VersionIDMarker); !ok {
			return nil, nil, ErrInvalidVersionID
		}
	}
	// The entry right after the marker version: older versions sort after it.
	after := append(versionKey(bucket, in.KeyMarker, seq), 0)
	return maxBytes(lo, after), hi, nil
}

func maxBytes(a, b []byte) []byte {
	if bytes.Compare(a, b) >= 0 {
		return a
	}
	return b
}
