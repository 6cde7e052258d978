// Package objects is nubo's object engine: buckets and objects stored as
// plain files under the data dir (so the SQL engine can read them in place),
// each written to a temp file, fsynced and renamed before it is acknowledged
// (objects stored together by PutObjects are created under their final
// names instead, see PreparePut), with metadata in the KV engine. It knows
// nothing of HTTP or S3's XML.
//
// The commit of an object's metadata to the KV store is the single point of
// visibility: bytes are made durable first, so a crash at any moment leaves
// either the old state or the new one, never a half-written object. Files no
// metadata points to (left by a crash between the rename, or a PutObjects'
// file creation, and the commit) are removed when the engine is opened.
package objects
