package awsproto

import "encoding/base64"

// EncodeToken turns the position a listing stopped at into an opaque
// NextToken. The encoding is URL-safe so that tokens survive query strings
// as well as JSON bodies.
func EncodeToken(pos []byte) string {
	return base64.RawURLEncoding.EncodeToString(pos)
}

// DecodeToken recovers the position EncodeToken encoded. It reports false for
// a token nubo never issued; each service then answers with the error AWS
// gives for a bad NextToken in that API.
func DecodeToken(token string) ([]byte, bool) {
	pos, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, false
	}
	return pos, true
}

// Page cuts items, sorted by name, to one page of at most max items (def
// when max is unset or larger), starting at the first item whose name is not
// before the one token names. It returns the NextToken of the following page,
// empty on the last one, and false when token is not one Page issued.
func Page[T any](items []T, name func(T) string, token string, max *int32, def int) ([]T, string, bool) {
	limit := PageSize(max, def)
	start := 0
	if token != "" {
		after, ok := DecodeToken(token)
		if !ok {
			return nil, "", false
		}
		for start < len(items) && name(items[start]) < string(after) {
			start++
		}
	}
	items = items[start:]
	if len(items) <= limit {
		return items, "", true
	}
	return items[:limit], EncodeToken([]byte(name(items[limit]))), true
}

// PageSize is how many items a page holds: a request's MaxResults when it is
// set and below def, the API's default and largest page, else def.
func PageSize(max *int32, def int) int {
	if max != nil && *max > 0 && int(*max) < def {
		return int(*max)
	}
	return def
}

// NonNil returns s, or an empty slice when s is nil, so that a list member
// renders as [] in JSON the way AWS sends it rather than as null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
