package objects

import (
	"context"
	"errors"
	"testing"
)

// TestDeletePrecondition: a conditional delete sees the key's current
// version (nil behind a delete marker or when there is none), in every
// versioning state and with or without a version ID, and a refusal
// changes nothing.
func TestDeletePrecondition(t *testing.T) {
	ctx := context.Background()
	errRefused := errors.New("refused")
	refuse := func(cur *Object) error { return errRefused }
	for _, versioning := range []string{"", VersioningEnabled, VersioningSuspended} {
		te := newTestEngine(t)
		te.mkBucket(t, "b", versioning)
		o := te.put(t, "b", "k", "one")
		var seen *Object
		record := func(cur *Object) error { seen = cur; return nil }

		for _, versionID := range []string{"", o.VersionID} {
			_, err := te.DeleteObjectWith(ctx, "b", "k", versionID, DeleteInput{Precondition: refuse})
			wantErr(t, err, errRefused)
			if got := te.mustRead(t, "b", "k", ""); got != "one" {
				t.Fatalf("%q: refused delete (version %q) changed the object: %q", versioning, versionID, got)
			}
		}
		if _, err := te.DeleteObjectWith(ctx, "b", "k", "", DeleteInput{Precondition: record}); err != nil {
			t.Fatalf("%q: delete: %v", versioning, err)
		}
		if seen == nil || seen.ETag != o.ETag {
			t.Fatalf("%q: precondition saw %+v, want the current version", versioning, seen)
		}
		// Nothing current (gone, or behind a delete marker): nil.
		seen = &Object{}
		if _, err := te.DeleteObjectWith(ctx, "b", "k", "", DeleteInput{Precondition: record}); err != nil || seen != nil {
			t.Fatalf("%q: second delete saw %+v, %v", versioning, seen, err)
		}
		seen = &Object{}
		if _, err := te.DeleteObjectWith(ctx, "b", "absent", "", DeleteInput{Precondition: record}); err != nil || seen != nil {
			t.Fatalf("%q: absent key saw %+v, %v", versioning, seen, err)
		}
	}
}
