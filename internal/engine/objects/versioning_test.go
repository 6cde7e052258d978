package objects

import (
	"context"
	"testing"
)

func TestVersioningEnabled(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", VersioningEnabled)
	v1 := te.put(t, "b", "k", "one")
	v2 := te.put(t, "b", "k", "two")
	if len(v1.VersionID) != 32 || v1.VersionID == v2.VersionID || v1.VersionID == NullVersion {
		t.Fatalf("version IDs %q %q", v1.VersionID, v2.VersionID)
	}
	if got := te.mustRead(t, "b", "k", ""); got != "two" {
		t.Fatalf("latest = %q", got)
	}
	if got := te.mustRead(t, "b", "k", v1.VersionID); got != "one" {
		t.Fatalf("v1 = %q", got)
	}
	g, _ := te.GetObject(ctx, "b", "k", v1.VersionID)
	if g.IsLatest {
		t.Fatal("v1 reported latest")
	}
	g, _ = te.GetObject(ctx, "b", "k", v2.VersionID)
	if !g.IsLatest {
		t.Fatal("v2 not reported latest")
	}

	// Delete without a version adds a marker.
	res, err := te.DeleteObject(ctx, "b", "k", "")
	if err != nil || !res.DeleteMarker || len(res.VersionID) != 32 {
		t.Fatalf("delete = %+v, %v", res, err)
	}
	m, err := te.GetObject(ctx, "b", "k", "")
	wantErr(t, err, ErrNoSuchKey)
	if !m.DeleteMarker || m.VersionID != res.VersionID {
		t.Fatalf("marker = %+v", m)
	}
	m, err = te.GetObject(ctx, "b", "k", res.VersionID)
	wantErr(t, err, ErrMethodNotAllowed)
	if !m.DeleteMarker {
		t.Fatal("marker not returned")
	}
	if got := te.mustRead(t, "b", "k", v2.VersionID); got != "two" {
		t.Fatalf("v2 after marker = %q", got)
	}
	out, _ := te.ListObjects(ctx, "b", ListInput{MaxKeys: 10})
	if len(out.Objects) != 0 {
		t.Fatalf("deleted key listed: %+v", out.Objects)
	}
	vs, _ := te.ListObjectVersions(ctx, "b", ListVersionsInput{MaxKeys: 10})
	want := []struct {
		id     string
		marker bool
		latest bool
	}{{res.VersionID, true, true}, {v2.VersionID, false, false}, {v1.VersionID, false, false}}
	if len(vs.Versions) != len(want) {
		t.Fatalf("versions = %+v", vs.Versions)
	}
	for i, w := range want {
		v := vs.Versions[i]
		if v.VersionID != w.id || v.DeleteMarker != w.marker || v.IsLatest != w.latest {
			t.Fatalf("version %d = %+v, want %+v", i, v, w)
		}
	}

	// Removing the marker promotes v2.
	res2, err := te.DeleteObject(ctx, "b", "k", res.VersionID)
	if err != nil || !res2.DeleteMarker || res2.VersionID != res.VersionID {
		t.Fatalf("delete marker = %+v, %v", res2, err)
	}
	if got := te.mustRead(t, "b", "k", ""); got != "two" {
		t.Fatalf("latest after removing marker = %q", got)
	}
	// Deleting the latest version promotes the next and removes its file.
	if _, err := te.DeleteObject(ctx, "b", "k", v2.VersionID); err != nil {
		t.Fatal(err)
	}
	if got := te.mustRead(t, "b", "k", ""); got != "one" {
		t.Fatalf("latest after deleting v2 = %q", got)
	}
	if _, err := te.fs.Stat(v2.Path); err == nil {
		t.Fatal("file of deleted version left")
	}
	_, err = te.GetObject(ctx, "b", "k", v2.VersionID)
	wantErr(t, err, ErrNoSuchVersion)
	// Deleting a version that does not exist succeeds; a malformed one does not.
	if _, err := te.DeleteObject(ctx, "b", "k", v2.VersionID); err != nil {
		t.Fatal(err)
	}
	_, err = te.DeleteObject(ctx, "b", "k", "not-a-version")
	wantErr(t, err, ErrInvalidVersionID)
	_, err = te.GetObject(ctx, "b", "k", "not-a-version")
	wantErr(t, err, ErrInvalidVersionID)
	_, err = te.GetObject(ctx, "b", "k", NullVersion)
	wantErr(t, err, ErrNoSuchVersion)
	// A version ID of the right form but another key's random part.
	forged := newVersionID(0)
	_, err = te.GetObject(ctx, "b", "k", forged)
	wantErr(t, err, ErrNoSuchVersion)
	wantErr(t, te.DeleteBucket(ctx, "b"), ErrBucketNotEmpty)
}

func TestVersioningSuspended(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", "")
	n0 := te.put(t, "b", "k", "null-before") // written before versioning: the null version
	setVersioning(t, te, "b", VersioningEnabled)
	v1 := te.put(t, "b", "k", "v1")
	if got := te.mustRead(t, "b", "k", NullVersion); got != "null-before" {
		t.Fatalf("null version = %q", got)
	}
	setVersioning(t, te, "b", VersioningSuspended)
	n1 := te.put(t, "b", "k", "null-after")
	if n1.VersionID != NullVersion {
		t.Fatalf("suspended put version = %q", n1.VersionID)
	}
	if _, err := te.fs.Stat(n0.Path); err == nil {
		t.Fatal("replaced null version's file left")
	}
	vs, _ := te.ListObjectVersions(ctx, "b", ListVersionsInput{MaxKeys: 10})
	if len(vs.Versions) != 2 || vs.Versions[0].VersionID != NullVersion || !vs.Versions[0].IsLatest || vs.Versions[1].VersionID != v1.VersionID {
		t.Fatalf("versions = %+v", vs.Versions)
	}
	// Delete while suspended: a null marker replaces the null version.
	res, err := te.DeleteObject(ctx, "b", "k", "")
	if err != nil || res.VersionID != NullVersion || !res.DeleteMarker {
		t.Fatalf("delete = %+v, %v", res, err)
	}
	vs, _ = te.ListObjectVersions(ctx, "b", ListVersionsInput{MaxKeys: 10})
	if len(vs.Versions) != 2 || !vs.Versions[0].DeleteMarker || vs.Versions[0].VersionID != NullVersion {
		t.Fatalf("versions after delete = %+v", vs.Versions)
	}
	if _, err := te.fs.Stat(n1.Path); err == nil {
		t.Fatal("null version's file left after null marker")
	}
	if got := te.mustRead(t, "b", "k", v1.VersionID); got != "v1" {
		t.Fatalf("v1 = %q", got)
	}
	// Removing the null marker by ID promotes v1.
	if _, err := te.DeleteObject(ctx, "b", "k", NullVersion); err != nil {
		t.Fatal(err)
	}
	if got := te.mustRead(t, "b", "k", ""); got != "v1" {
		t.Fatalf("latest = %q", got)
	}
}

func setVersioning(t *testing.T, te *testEngine, bucket, state string) {
	t.Helper()
	if err := te.UpdateBucket(context.Background(), bucket, func(b *Bucket) error { b.Versioning = state; return nil }); err != nil {
		t.Fatal(err)
	}
}

func TestVersionOrderSurvivesClockGoingBack(t *testing.T) {
	ctx := context.Background()
	te := newTestEngine(t)
	te.mkBucket(t, "b", VersioningEnabled)
	te.Engine.now = func() time0 { return fixedTime }
	a := te.put(t, "b", "k", "a")
	b := te.put(t, "b", "k", "b")
	c := te.put(t, "b", "k", "c")
	vs, _ := te.ListObjectVersions(ctx, "b", ListVersionsInput{MaxKeys: 10})
	if len(vs.Versions) != 3 || vs.Versions[0].VersionID != c.VersionID || vs.Versions[1].VersionID != b.VersionID || vs.Versions[2].VersionID != a.VersionID {
		t.Fatalf("versions out of order: %+v", vs.Versions)
	}
}
