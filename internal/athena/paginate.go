package athena

import "github.com/nubo-dev/nubo/internal/awsproto"

// paginate cuts items (sorted by name) into a page of at most max (def when
// unset), starting after a previous page's NextToken; a token Athena did not
// issue is an InvalidRequestException, as in AWS.
func paginate[T any](items []T, name func(T) string, token string, max *int32, def int) ([]T, string, error) {
	page, next, ok := awsproto.Page(items, name, token, max, def)
	if !ok {
		return nil, "", invalidRequest("Invalid NextToken")
	}
	return page, next, nil
}
