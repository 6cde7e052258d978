package glue

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// Key layout under the "glue/" prefix of the KV engine. Names never contain
// NUL (Glue's name pattern excludes control characters other than tab), so
// NUL separates the parts of a composite key.
//
//	glue/db/<db>                          Database
//	glue/tb/<db>\0<table>                 Table (the current version)
//	glue/tv/<db>\0<table>\0<version>      Table, one per kept version
//	glue/pt/<db>\0<table>\0<values>       Partition
//	glue/cr/<crawler>                     crawler record
const (
	prefixDatabase  = "glue/db/"
	prefixTable     = "glue/tb/"
	prefixVersion   = "glue/tv/"
	prefixPartition = "glue/pt/"
	prefixCrawler   = "glue/cr/"
)

func databaseKey(db string) []byte { return []byte(prefixDatabase + db) }

func tableKey(db, table string) []byte { return []byte(prefixTable + db + "\x00" + table) }

// tablesPrefix is the prefix of every table key of db.
func tablesPrefix(db string) []byte { return []byte(prefixTable + db + "\x00") }

func versionsPrefix(db, table string) []byte {
	return []byte(prefixVersion + db + "\x00" + table + "\x00")
}

// versionKey orders versions numerically: the number is zero-padded.
func versionKey(db, table string, version int64) []byte {
	return append(versionsPrefix(db, table), []byte(padVersion(version))...)
}

func partitionsPrefix(db, table string) []byte {
	return []byte(prefixPartition + db + "\x00" + table + "\x00")
}

func partitionKey(db, table string, values []string) []byte {
	return append(partitionsPrefix(db, table), encodeValues(values)...)
}

func crawlerKey(name string) []byte { return []byte(prefixCrawler + name) }

// encodeValues encodes partition values so that byte order of the encoding
// is the lexicographic order of the value lists: each value has NUL escaped
// as NUL 0xFF and is terminated by NUL 0x01.
func encodeValues(values []string) []byte {
	var b bytes.Buffer
	for _, v := range values {
		b.WriteString(strings.ReplaceAll(v, "\x00", "\x00\xff"))
		b.WriteString("\x00\x01")
	}
	return b.Bytes()
}

// decodeValues reverses encodeValues.
func decodeValues(b []byte) ([]string, bool) {
	var out []string
	var cur []byte
	for i := 0; i < len(b); i++ {
		if b[i] != 0 {
			cur = append(cur, b[i])
			continue
		}
		if i+1 >= len(b) {
			return nil, false
		}
		i++
		switch b[i] {
		case 0xff:
			cur = append(cur, 0)
		case 0x01:
			out = append(out, string(cur))
			cur = cur[:0]
		default:
			return nil, false
		}
	}
	return out, len(cur) == 0
}

// getJSON loads the JSON value at key into v; found is false when absent.
func (c *Catalog) getJSON(key []byte, v any) (found bool, err error) {
	data, err := c.kv.Get(key)
	if errors.Is(err, kv.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(data, v)
}

// scanJSON decodes every value under prefix, in key order, into new T values
// passed to fn; fn returning false stops the scan.
func scanJSON[T any](c *Catalog, prefix []byte, fn func(key []byte, v *T) bool) error {
	return scanRange(c, prefix, kv.PrefixEnd(prefix), fn)
}

// scanRange is scanJSON over the keys in [lo, hi).
func scanRange[T any](c *Catalog, lo, hi []byte, fn func(key []byte, v *T) bool) error {
	var derr error
	err := c.kv.Iter(lo, hi, func(key, value []byte) bool {
		v := new(T)
		if derr = json.Unmarshal(value, v); derr != nil {
			return false
		}
		return fn(key, v)
	})
	if err != nil {
		return err
	}
	return derr
}

// batch collects writes to apply atomically and durably.
type batch struct{ b *kv.Batch }

func (c *Catalog) newBatch() *batch { return &batch{b: c.kv.NewBatch()} }

func (b *batch) put(key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b.b.Set(key, data)
	return nil
}

func (b *batch) del(key []byte) { b.b.Delete(key) }

// deletePrefix adds a deletion for every key under prefix.
func (c *Catalog) deletePrefix(b *batch, prefix []byte) error {
	var keys [][]byte
	err := c.kv.Iter(prefix, kv.PrefixEnd(prefix), func(key, _ []byte) bool {
		keys = append(keys, bytes.Clone(key))
		return true
	})
	for _, k := range keys {
		b.del(k)
	}
	return err
}

func (b *batch) commit() error { return b.b.Commit() }

func (b *batch) discard() { b.b.Discard() }

// ptr returns a pointer to v, for the model's optional members.
func ptr[T any](v T) *T { return &v }
