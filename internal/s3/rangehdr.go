package s3

import (
	"strconv"
	"strings"
)

// byteRange is a resolved, satisfiable range [Start, End] (inclusive).
type byteRange struct {
	Start, End int64
}

func (b byteRange) length() int64 { return b.End - b.Start + 1 }

// rangeResult is how a Range header applies to an object.
type rangeResult int

const (
	rangeNone          rangeResult = iota // absent or ignored: send the whole object
	rangeOK                               // send the byteRange with 206
	rangeUnsatisfiable                    // 416 InvalidRange
)

// parseRange interprets a Range header for an object of size bytes the
// way S3 does: one "bytes=first-last", "bytes=first-" or "bytes=-suffix"
// range; a header S3 cannot parse, or one with several ranges, is ignored
// and the whole object is sent.
func parseRange(h string, size int64) (byteRange, rangeResult) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return byteRange{}, rangeNone
	}
	first, last, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return byteRange{}, rangeNone
	}
	if first == "" {
		n, err := strconv.ParseInt(last, 10, 64)
		if err != nil || n < 0 {
			return byteRange{}, rangeNone
		}
		if n == 0 || size == 0 {
			return byteRange{}, rangeUnsatisfiable
		}
		if n > size {
			n = size
		}
		return byteRange{size - n, size - 1}, rangeOK
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil || start < 0 {
		return byteRange{}, rangeNone
	}
	end := size - 1
	if last != "" {
		e, err := strconv.ParseInt(last, 10, 64)
		if err != nil || e < start {
			return byteRange{}, rangeNone
		}
		if e < end {
			end = e
		}
	}
	if start >= size {
		return byteRange{}, rangeUnsatisfiable
	}
	return byteRange{start, end}, rangeOK
}

// parseCopySourceRange reads x-amz-copy-source-range ("bytes=first-last",
// both required) for a source of size bytes.
func parseCopySourceRange(h string, size int64) (byteRange, error) {
	spec, ok := strings.CutPrefix(h, "bytes=")
	first, last, ok2 := strings.Cut(spec, "-")
	start, err1 := strconv.ParseInt(first, 10, 64)
	end, err2 := strconv.ParseInt(last, 10, 64)
	if !ok || !ok2 || err1 != nil || err2 != nil || start < 0 || end < start {
		return byteRange{}, errInvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
			"x-amz-copy-source-range", h)
	}
	if end >= size {
		return byteRange{}, errInvalidArgument("Range specified is not valid for source object of size: "+strconv.FormatInt(size, 10),
			"x-amz-copy-source-range", h)
	}
	return byteRange{start, end}, nil
}
