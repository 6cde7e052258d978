// Package vfs is the narrow filesystem interface every nubo engine writes
// through. It is Pebble's vfs: the OS filesystem for real use, an in-memory
// one for tests, a crashable in-memory one whose CrashClone keeps only what
// was fsynced (a simulated power loss), and errorfs for injected faults such
// as ENOSPC. Sharing one interface with the KV engine means a single
// simulated crash covers object bytes, stream logs and metadata together.
package vfs

import (
	"github.com/cockroachdb/pebble/v2/vfs"
)

// FS is a filesystem.
type FS = vfs.FS

// File is an open file.
type File = vfs.File

// Default is the operating system's filesystem.
var Default = vfs.Default

// NewMem returns an in-memory filesystem.
func NewMem() *vfs.MemFS { return vfs.NewMem() }

// NewCrashableMem returns an in-memory filesystem that can simulate a
// crash: CrashClone returns a copy holding only synced data.
func NewCrashableMem() *vfs.MemFS { return vfs.NewCrashableMem() }

// MemFS is the in-memory filesystem type.
type MemFS = vfs.MemFS

// CrashCloneCfg configures MemFS.CrashClone.
type CrashCloneCfg = vfs.CrashCloneCfg

// WriteFileAtomic writes data to name durably: a temp file in the same
// directory, fsynced, renamed over name, and the directory fsynced.
func WriteFileAtomic(fs FS, name string, data []byte) error {
	dir := fs.PathDir(name)
	tmp := name + ".tmp"
	f, err := fs.Create(tmp, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		fs.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		fs.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		fs.Remove(tmp)
		return err
	}
	if err := fs.Rename(tmp, name); err != nil {
		fs.Remove(tmp)
		return err
	}
	return SyncDir(fs, dir)
}

// SyncDir fsyncs a directory so that renames and creations in it survive a crash.
func SyncDir(fs FS, dir string) error {
	d, err := fs.OpenDir(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// WriteCategory labels writes for Pebble's disk statistics.
const WriteCategory = vfs.WriteCategoryUnspecified
