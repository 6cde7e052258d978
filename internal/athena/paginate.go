package athena

import "encoding/base64"

// paginate cuts items (sorted by name) into a page of at most max (def when
// unset), starting after a previous page's NextToken.
func paginate[T any](items []T, name func(T) string, token string, max *int32, def int) ([]T, string, error) {
	limit := def
	if max != nil && *max > 0 && int(*max) < limit {
		limit = int(*max)
	}
	start := 0
	if token != "" {
		after, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return nil, "", invalidRequest("Invalid NextToken")
		}
		for start < len(items) && name(items[start]) < string(after) {
			start++
		}
	}
	items = items[start:]
	if len(items) <= limit {
		return items, "", nil
	}
	return items[:limit], base64.RawURLEncoding.EncodeToString([]byte(name(items[limit]))), nil
}

// nonNil returns s, or an empty slice so JSON renders [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
