package s3

//go:generate go run gen_operations.go

// level says how much of a resource a request's URI names.
type level int

const (
	levelService level = iota // "/": no bucket
	levelBucket               // "/bucket"
	levelObject               // "/bucket/key"
)

// operation identifies one S3 operation from a request: its method, its
// level, the query parameters ("key" must be present, "key=value" must
// have that value) and headers it requires.
type operation struct {
	Name    string
	Method  string
	Level   level
	Query   []string
	Headers []string
	// ChecksumRequired is true when S3 requires Content-MD5 or an
	// x-amz-checksum-* header on the request body.
	ChecksumRequired bool
}
