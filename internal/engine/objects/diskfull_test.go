package objects

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs/errorfs"
	"github.com/nubo-dev/nubo/internal/vfs"
)

// diskFull injects ENOSPC into operations of one kind under the objects
// directory once armed and after a number of them succeeded, as a disk
// that fills up mid-write would.
type diskFull struct {
	armed atomic.Bool
	kind  errorfs.OpKind
	after atomic.Int64 // operations still allowed once armed
}

func (d *diskFull) MaybeError(op errorfs.Op) error {
	if !d.armed.Load() || op.Kind != d.kind || !strings.HasPrefix(op.Path, "/data/objects/") {
		return nil
	}
	if d.after.Add(-1) >= 0 {
		return nil
	}
	return &os.PathError{Op: "write", Path: op.Path, Err: syscall.ENOSPC}
}

func (d *diskFull) String() string { return "diskFull" }

func TestDiskFull(t *testing.T) {
	cases := []struct {
		name  string
		kind  errorfs.OpKind
		after int64
		size  int
	}{
		{"create", errorfs.OpCreate, 0, 10},
		{"first write", errorfs.OpFileWrite, 0, 10},
		{"write after 3 MiB", errorfs.OpFileWrite, 3, 5 * mib},
		{"preallocate", errorfs.OpFilePreallocate, 0, 2 * mib},
		{"file sync", errorfs.OpFileSyncData, 0, 10},
		{"directory sync", errorfs.OpFileSync, 0, 10},
		{"rename", errorfs.OpRename, 0, 10},
		{"mkdir", errorfs.OpMkdirAll, 0, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			inj := &diskFull{kind: c.kind}
			fs := errorfs.Wrap(vfs.NewMem(), inj)
			te := openTestEngine(t, fs)
			defer te.close()
			te.mkBucket(t, "b", "")
			if c.kind != errorfs.OpMkdirAll {
				te.put(t, "b", "old", "existing bytes")
			}
			before := listFiles(t, fs, "/data/objects")

			inj.after.Store(c.after)
			inj.armed.Store(true)
			body := partBody(5, c.size)
			_, err := te.PutObject(ctx, "b", "new", bytes.NewReader(body), PutInput{Size: int64(len(body))})
			wantErr(t, err, ErrDiskFull)
			// Nothing of the failed write remains, and old objects still read.
			if got := listFiles(t, fs, "/data/objects"); len(got) != len(before) {
				t.Fatalf("files after failed put: %v, before %v", got, before)
			}
			_, err = te.GetObject(ctx, "b", "new", "")
			wantErr(t, err, ErrNoSuchKey)
			if c.kind != errorfs.OpMkdirAll {
				if got := te.mustRead(t, "b", "old", ""); got != "existing bytes" {
					t.Fatalf("old object = %q", got)
				}
			}
			// A multipart part fails the same way.
			up, err := te.CreateMultipartUpload(ctx, "b", "mp", PutInput{}, "")
			if err != nil {
				t.Fatal(err)
			}
			inj.after.Store(c.after)
			_, err = te.UploadPart(ctx, "b", "mp", up.UploadID, 1, bytes.NewReader(body), PartInput{Size: int64(len(body))})
			wantErr(t, err, ErrDiskFull)
			if parts, _, _ := te.ListParts(ctx, "b", "mp", up.UploadID, 0, 10); len(parts) != 0 {
				t.Fatalf("failed part listed: %+v", parts)
			}

			// Space comes back: writes succeed again.
			inj.armed.Store(false)
			o, err := te.PutObject(ctx, "b", "new", bytes.NewReader(body), PutInput{Size: int64(len(body))})
			if err != nil {
				t.Fatal(err)
			}
			if got := te.mustRead(t, "b", "new", ""); got != string(body) || o.Size != int64(len(body)) {
				t.Fatal("write after the fault differs")
			}
			if _, err := te.UploadPart(ctx, "b", "mp", up.UploadID, 1, bytes.NewReader(body), PartInput{Size: -1}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
