package athena

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nubo-dev/nubo/internal/engine/kv"
)

// KV layout, all under "athena/":
//
//	q/<id>                   an execution record (JSON)
//	qi/<workgroup>/<rev>/<id> the list index, newest first (rev = inverted submission time)
//	tok/<token>              the execution a ClientRequestToken created
//	wg/<name>                a workgroup
//	nq/<id>                  a named query
//	ps/<workgroup>/<name>    a prepared statement
//	dc/<name>                a data catalog other than AwsDataCatalog
const prefix = "athena/"

func key(parts ...string) []byte { return []byte(prefix + strings.Join(parts, "/")) }

// getJSON reads a record; found is false when the key is absent.
func getJSON(store *kv.Store, k []byte, v any) (bool, error) {
	data, err := store.Get(k)
	if errors.Is(err, kv.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("athena: corrupt record %s: %w", k, err)
	}
	return true, nil
}

// putJSON writes a record durably.
func putJSON(store *kv.Store, k []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return store.Set(k, data)
}

// scanJSON visits every record under a key prefix in key order.
func scanJSON[T any](store *kv.Store, p []byte, fn func(k []byte, v T) bool) error {
	var decodeErr error
	err := store.Iter(p, kv.PrefixEnd(p), func(k, data []byte) bool {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			decodeErr = fmt.Errorf("athena: corrupt record %s: %w", k, err)
			return false
		}
		return fn(k, v)
	})
	if err != nil {
		return err
	}
	return decodeErr
}
