package s3

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/nubo-dev/nubo/internal/edge"
)

// target is the bucket and key a request names.
type target struct {
	Bucket string
	Key    string
	// VirtualHost is true when the bucket came from the Host header.
	VirtualHost bool
}

// level is how much of a resource the target names.
func (t target) level() level {
	switch {
	case t.Bucket == "":
		return levelService
	case t.Key == "":
		return levelBucket
	}
	return levelObject
}

// parseTarget works out the bucket and key of r from its Host header
// (virtual-hosted style) or its path (path style). The key keeps every
// byte of the decoded path, including repeated slashes.
func parseTarget(r *http.Request) (target, error) {
	path := r.URL.Path
	if r.URL.RawPath != "" {
		// Decode the raw path ourselves so that "%2F" and "/" both give "/"
		// and nothing is cleaned.
		p, err := url.PathUnescape(r.URL.RawPath)
		if err != nil {
			return target{}, errInvalidURI()
		}
		path = p
	}
	path = strings.TrimPrefix(path, "/")
	if b, ok := edge.BucketFromHost(r.Host); ok {
		return target{Bucket: b, Key: path, VirtualHost: true}, nil
	}
	bucket, key, _ := strings.Cut(path, "/")
	return target{Bucket: bucket, Key: key}, nil
}

// selectOperation picks the S3 operation for a request: among the
// operations of the model with its method and level, those whose required
// query parameters are all present; the most specific one wins, and a
// required header (x-amz-copy-source) breaks ties between PutObject and
// CopyObject. It returns "" when nothing matches.
func selectOperation(method string, lv level, q url.Values, h http.Header) string {
	best, bestScore := "", -1<<30
	xid := q.Get("x-id")
	for i := range operations {
		op := &operations[i]
		if op.Method != method || op.Level != lv {
			continue
		}
		score, ok := queryScore(op.Query, q)
		if !ok {
			continue
		}
		score += headerScore(op.Headers, h)
		if xid == op.Name {
			score += 1000
		}
		if score > bestScore {
			best, bestScore = op.Name, score
		}
	}
	return best
}

func queryScore(required []string, q url.Values) (int, bool) {
	for _, kv := range required {
		k, v, hasValue := strings.Cut(kv, "=")
		vals, ok := q[k]
		if !ok || hasValue && (len(vals) == 0 || vals[0] != v) {
			return 0, false
		}
	}
	return 10 * len(required), true
}

func headerScore(required []string, h http.Header) int {
	for _, k := range required {
		if _, ok := h[k]; !ok {
			return -1
		}
	}
	return len(required)
}
