package edge

import (
	"net"
	"net/netip"
	"strings"
)

// BucketFromHost returns the bucket a virtual-hosted-style S3 request names
// in its Host header. It follows AWS's endpoint shapes, for the local
// names as well as AWS's own (any port):
//
//	<bucket>.localhost                     <bucket>.s3.amazonaws.com
//	<bucket>.s3.localhost                  <bucket>.s3.<region>.amazonaws.com
//	<bucket>.s3.<region>.localhost         <bucket>.s3-<region>.amazonaws.com
//	<bucket>.s3.localhost.localstack.cloud <bucket>.s3.dualstack.<region>.amazonaws.com
//
// The bucket keeps its dots ("my.logs.localhost" names "my.logs"). Service
// endpoints ("localhost", "s3.localhost", "s3.<region>.localhost",
// "s3.amazonaws.com"), IP addresses and other hosts name no bucket; their
// requests are path-style. Bucket-name rules are left to S3, which answers
// InvalidBucketName.
func BucketFromHost(host string) (bucket string, ok bool) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return "", false
	}
	for _, suffix := range [...]string{".localhost", ".localhost.localstack.cloud"} {
		if rest, found := strings.CutSuffix(host, suffix); found {
			return localBucket(rest)
		}
	}
	for _, suffix := range [...]string{".amazonaws.com", ".amazonaws.com.cn"} {
		if rest, found := strings.CutSuffix(host, suffix); found {
			return awsBucket(rest)
		}
	}
	return "", false
}

// localBucket reads "<bucket>", "<bucket>.s3" or "<bucket>.s3.<region>".
func localBucket(rest string) (string, bool) {
	labels := strings.Split(rest, ".")
	n := len(labels)
	switch {
	case labels[n-1] == "s3":
		labels = labels[:n-1]
	case n >= 2 && labels[n-2] == "s3":
		labels = labels[:n-2]
	}
	if len(labels) == 0 || labels[0] == "" {
		return "", false
	}
	return strings.Join(labels, "."), true
}

// awsBucket reads "<bucket>.s3[...]" or "<bucket>.s3-<region>[...]": the
// endpoint starts at the rightmost "s3" or "s3-*" label (bucket names may
// hold such labels too, but never after the endpoint's).
func awsBucket(rest string) (string, bool) {
	labels := strings.Split(rest, ".")
	for i := len(labels) - 1; i >= 0; i-- {
		if l := labels[i]; l == "s3" || strings.HasPrefix(l, "s3-") {
			if i == 0 || len(labels)-i > 3 {
				return "", false
			}
			return strings.Join(labels[:i], "."), true
		}
	}
	return "", false
}
