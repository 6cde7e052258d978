package objects

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// listKeys is a key set with the awkward cases: prefixes of one another,
// NUL and 0x01 bytes (which the KV key escaping must order correctly),
// repeated delimiters, and non-ASCII.
var listKeys = []string{
	"a", "a/", "a/b", "a/b/c", "a/b/d", "a//x", "a/c", "ab", "a\x00", "a\x00b", "a\x01",
	"b/1", "b/2", "b/3/x", "c", "d/e/f", "photos/2024/jan/1.jpg", "photos/2024/feb/2.jpg",
	"photos/2025/x.jpg", "photos/index.html", "zz", "ü/ö", "ü/ü", "\x00lead",
}

// refEntry is one item of a reference listing: a key or a common prefix.
type refEntry struct {
	key string
	cp  bool
}

// refList is the reference ListObjects: every visible key under prefix and
// after marker, rolled up by delimiter.
func refList(keys []string, prefix, delim, marker string) []refEntry {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	var out []refEntry
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) || k <= marker {
			continue
		}
		if cp := commonPrefix(k, prefix, delim); cp != "" {
			if cp <= marker || (len(out) > 0 && out[len(out)-1] == refEntry{cp, true}) {
				continue
			}
			out = append(out, refEntry{cp, true})
			continue
		}
		out = append(out, refEntry{k, false})
	}
	return out
}

func listedEntries(out ListOutput) []refEntry {
	var got []refEntry
	for _, o := range out.Objects {
		got = append(got, refEntry{o.Key, false})
	}
	for _, cp := range out.CommonPrefixes {
		got = append(got, refEntry{cp, true})
	}
	slices.SortFunc(got, func(a, b refEntry) int { return strings.Compare(a.key, b.key) })
	return got
}

func TestListObjectsAgainstReference(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", VersioningEnabled)
	te.mkBucket(t, "b-other", "") // a neighbouring bucket must never leak in
	for _, k := range listKeys {
		te.put(t, "b", k, "v1-"+k)
		te.put(t, "b", k, "v2-"+k) // an older version to step over
		te.put(t, "b-other", k, "x")
	}
	// Keys whose latest version is a delete marker are not listed, nor
	// are the common prefixes only they would make.
	deleted := []string{"c", "d/e/f", "a/b/c"}
	for _, k := range deleted {
		if _, err := te.DeleteObject(ctx, "b", k, ""); err != nil {
			t.Fatal(err)
		}
	}
	var visible []string
	for _, k := range listKeys {
		if !slices.Contains(deleted, k) {
			visible = append(visible, k)
		}
	}
	prefixes := []string{"", "a", "a/", "a/b", "photos/", "photos/2024/", "ü", "\x00", "nomatch", "d/"}
	delims := []string{"", "/", "//", "b", "/2", "ü"}
	markers := []string{"", "a", "a/", "a/b", "a/b/c", "a\x00", "b/3", "photos/2024/", "zzz"}
	for _, prefix := range prefixes {
		for _, delim := range delims {
			for _, marker := range markers {
				want := refList(visible, prefix, delim, marker)
				for _, max := range []int{1, 2, 3, 1000} {
					name := fmt.Sprintf("prefix=%q/delim=%q/marker=%q/max=%d", prefix, delim, marker, max)
					got := pageAll(t, te, name, ListInput{Prefix: prefix, Delimiter: delim, Marker: marker, MaxKeys: max})
					if !slices.Equal(got, want) {
						t.Fatalf("%s:\n got  %+q\n want %+q", name, fmt.Sprint(got), fmt.Sprint(want))
					}
				}
			}
		}
	}
}

// pageAll lists every page, checking each page's size and markers.
func pageAll(t *testing.T, te *testEngine, name string, in ListInput) []refEntry {
	t.Helper()
	var all []refEntry
	for page := 0; ; page++ {
		out, err := te.ListObjects(context.Background(), "b", in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := listedEntries(out)
		if len(got) > in.MaxKeys {
			t.Fatalf("%s: page of %d > max %d", name, len(got), in.MaxKeys)
		}
		if out.IsTruncated && len(got) != in.MaxKeys {
			t.Fatalf("%s: truncated page of %d", name, len(got))
		}
		if len(got) > 0 && out.NextMarker != got[len(got)-1].key {
			t.Fatalf("%s: NextMarker %q, last %q", name, out.NextMarker, got[len(got)-1].key)
		}
		for _, o := range out.Objects {
			if !o.IsLatest || o.VersionID == "" || o.Size == 0 {
				t.Fatalf("%s: listed %+v", name, o)
			}
		}
		all = append(all, got...)
		if !out.IsTruncated {
			return all
		}
		if page > 1000 {
			t.Fatalf("%s: no end", name)
		}
		in.Marker = out.NextMarker
	}
}

func TestListObjectsEdges(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	te.put(t, "b", "a", "1")
	out, err := te.ListObjects(ctx, "b", ListInput{MaxKeys: 0})
	if err != nil || len(out.Objects) != 0 || out.IsTruncated {
		t.Fatalf("max-keys 0 = %+v, %v", out, err)
	}
	_, err = te.ListObjects(ctx, "nope", ListInput{MaxKeys: 1})
	wantErr(t, err, ErrNoSuchBucket)
	out, _ = te.ListObjects(ctx, "b", ListInput{MaxKeys: 1})
	if len(out.Objects) != 1 || out.IsTruncated {
		t.Fatalf("exactly max keys = %+v", out)
	}
	// A key with many versions is stepped over quickly and listed once.
	te.mkBucket(t, "v", VersioningEnabled)
	for i := range 50 {
		te.put(t, "v", "many", fmt.Sprint(i))
	}
	te.put(t, "v", "next", "x")
	out, _ = te.ListObjects(ctx, "v", ListInput{MaxKeys: 10})
	if len(out.Objects) != 2 || out.Objects[0].Key != "many" || out.Objects[1].Key != "next" {
		t.Fatalf("list = %+v", out.Objects)
	}
	if got := te.mustRead(t, "v", "many", out.Objects[0].VersionID); got != "49" {
		t.Fatalf("listed version holds %q", got)
	}
}

// refVersion is one item of a reference version listing.
type refVersion struct {
	key, id string
	latest  bool
}

func TestListObjectVersionsPaging(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", VersioningEnabled)
	rng := rand.New(rand.NewPCG(1, 2))
	versions := map[string][]string{} // newest first
	for _, k := range listKeys {
		for range 1 + rng.IntN(3) {
			if rng.IntN(4) == 0 {
				res, err := te.DeleteObject(ctx, "b", k, "")
				if err != nil {
					t.Fatal(err)
				}
				versions[k] = append([]string{res.VersionID}, versions[k]...)
				continue
			}
			o := te.put(t, "b", k, "x")
			versions[k] = append([]string{o.VersionID}, versions[k]...)
		}
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range versions {
			if !yield(k) {
				return
			}
		}
	})
	var want []refVersion
	for _, k := range keys {
		for i, id := range versions[k] {
			want = append(want, refVersion{k, id, i == 0})
		}
	}
	for _, max := range []int{1, 2, 5, 1000} {
		var got []refVersion
		in := ListVersionsInput{MaxKeys: max}
		for {
			out, err := te.ListObjectVersions(ctx, "b", in)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range out.Versions {
				got = append(got, refVersion{v.Key, v.VersionID, v.IsLatest})
			}
			if !out.IsTruncated {
				break
			}
			in.KeyMarker, in.VersionIDMarker = out.NextKeyMarker, out.NextVersionIDMarker
		}
		if !slices.Equal(got, want) {
			t.Fatalf("max=%d:\n got  %v\n want %v", max, got, want)
		}
	}
	// With a delimiter: common prefixes count as entries and appear once.
	var cps []string
	in := ListVersionsInput{Delimiter: "/", MaxKeys: 1}
	for {
		out, err := te.ListObjectVersions(ctx, "b", in)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Versions)+len(out.CommonPrefixes) > 1 {
			t.Fatalf("page too big: %+v", out)
		}
		cps = append(cps, out.CommonPrefixes...)
		if !out.IsTruncated {
			break
		}
		in.KeyMarker, in.VersionIDMarker = out.NextKeyMarker, out.NextVersionIDMarker
	}
	wantCPs := []string{"a/", "b/", "d/", "photos/", "ü/"}
	if !slices.Equal(cps, wantCPs) {
		t.Fatalf("common prefixes %q, want %q", cps, wantCPs)
	}
	_, err := te.ListObjectVersions(ctx, "b", ListVersionsInput{KeyMarker: "a", VersionIDMarker: "bogus", MaxKeys: 1})
	wantErr(t, err, ErrInvalidVersionID)
}

func TestListVersionsNullMarker(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	te.put(t, "b", "k", "null")
	setVersioning(t, te, "b", VersioningEnabled)
	v := te.put(t, "b", "k", "v")
	te.put(t, "b", "l", "l")
	out, err := te.ListObjectVersions(ctx, "b", ListVersionsInput{MaxKeys: 1})
	if err != nil || len(out.Versions) != 1 || out.NextVersionIDMarker != v.VersionID {
		t.Fatalf("page 1 = %+v, %v", out, err)
	}
	out, _ = te.ListObjectVersions(ctx, "b", ListVersionsInput{KeyMarker: "k", VersionIDMarker: v.VersionID, MaxKeys: 1})
	if len(out.Versions) != 1 || out.Versions[0].VersionID != NullVersion || out.Versions[0].IsLatest {
		t.Fatalf("page 2 = %+v", out)
	}
	out, _ = te.ListObjectVersions(ctx, "b", ListVersionsInput{KeyMarker: "k", VersionIDMarker: NullVersion, MaxKeys: 5})
	if len(out.Versions) != 1 || out.Versions[0].Key != "l" || out.IsTruncated {
		t.Fatalf("page 3 = %+v", out)
	}
}
