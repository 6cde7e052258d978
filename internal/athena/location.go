package athena

import (
	"strings"
)

// s3Location is an s3://bucket/prefix location.
type s3Location struct {
	Bucket string
	Prefix string // without a leading "/"; ends with "/" unless empty
}

// parseS3 parses s3://bucket[/prefix]; dir adds a trailing "/" to the prefix.
func parseS3(loc string, dir bool) (s3Location, bool) {
	rest, ok := strings.CutPrefix(loc, "s3://")
	if !ok {
		rest, ok = strings.CutPrefix(loc, "s3a://")
	}
	if !ok {
		rest, ok = strings.CutPrefix(loc, "s3n://")
	}
	if !ok || rest == "" {
		return s3Location{}, false
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return s3Location{}, false
	}
	if dir && prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return s3Location{Bucket: bucket, Prefix: prefix}, true
}

func (l s3Location) String() string { return "s3://" + l.Bucket + "/" + l.Prefix }

// key returns the object key of name inside the location.
func (l s3Location) key(name string) string { return l.Prefix + name }

// uri returns the s3:// URI of name inside the location.
func (l s3Location) uri(name string) string { return "s3://" + l.Bucket + "/" + l.Prefix + name }

// hidden reports whether a key below a table location is one Hive and
// Athena skip: any path element starting with "_" or "." (e.g. _SUCCESS).
func hidden(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, "_") || strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}
