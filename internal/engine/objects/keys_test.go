package objects

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// FuzzKeyEncoding checks the KV encoding of object keys: it decodes back
// to the key, keeps byte order between keys, keeps a key's versions
// together, and maps "keys starting with p" to one contiguous range.
func FuzzKeyEncoding(f *testing.F) {
	seeds := [][2]string{
		{"a", "a/"}, {"a", "a\x00"}, {"a\x00", "a\x01"}, {"a\x00\xff", "a\x01"},
		{"", "\x00"}, {"photos/2024/", "photos/2024"}, {"ü", "u"}, {"a\x00\x00", "a\x00"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], uint64(7), uint64(1<<63))
	}
	f.Fuzz(func(t *testing.T, a, b string, seqA, seqB uint64) {
		if a == "" || b == "" {
			return
		}
		ka, kb := versionKey("bkt", a, seqA), versionKey("bkt", b, seqB)
		skip := len(bucketPrefix(pfxVersion, "bkt"))
		key, suffix, ok := splitObjectKey(ka[skip:])
		if !ok || key != a {
			t.Fatalf("decode %q = %q, %v", a, key, ok)
		}
		if s, ok := seqFromVersionSuffix(suffix); !ok || s != seqA {
			t.Fatalf("seq %d decoded as %d", seqA, s)
		}
		// Different keys order as the keys do, whatever their versions.
		if a != b {
			if got, want := bytes.Compare(ka, kb), strings.Compare(a, b); got != want {
				t.Fatalf("order(%q@%d, %q@%d) = %d, want %d", a, seqA, b, seqB, got, want)
			}
		} else if seqA != seqB && (bytes.Compare(ka, kb) < 0) != (seqA > seqB) {
			t.Fatalf("versions of %q not newest first", a)
		}
		// b is under prefix a exactly when its KV key is in a's range.
		lo := keyRangePrefix(pfxVersion, "bkt", a)
		in := bytes.Compare(kb, lo) >= 0 && bytes.Compare(kb, kv.PrefixEnd(lo)) < 0
		if in != strings.HasPrefix(b, a) {
			t.Fatalf("%q in range of prefix %q = %v", b, a, in)
		}
		// A key's versions come before every key it prefixes.
		if strings.HasPrefix(b, a) && a != b && bytes.Compare(kv.PrefixEnd(keyPrefix(pfxVersion, "bkt", a)), kb) > 0 {
			t.Fatalf("versions of %q overlap key %q", a, b)
		}
	})
}

func TestIDs(t *testing.T) {
	id := newVersionID(12345)
	if len(id) != 32 || strings.ContainsAny(id, "+/=") {
		t.Fatalf("version id %q", id)
	}
	if seq, ok := parseVersionID(id); !ok || seq != 12345 {
		t.Fatalf("parse = %d, %v", seq, ok)
	}
	for _, bad := range []string{"", "null", "short", strings.Repeat("!", 32), id + "x"} {
		if _, ok := parseVersionID(bad); ok {
			t.Errorf("parsed %q", bad)
		}
	}
	up := newUploadID(99)
	if back, ok := parseUploadID(up.String()); !ok || back != up {
		t.Fatal("upload id round trip")
	}
	if a, b := newFileID(), newFileID(); len(a) != 32 || a == b {
		t.Fatalf("file ids %q %q", a, b)
	}
}
