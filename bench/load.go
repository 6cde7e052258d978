// Package benchload holds nubo's load tools (nubo bench ...): each drives a
// running endpoint with real AWS SDK clients and reports ops/s, MiB/s and
// latency percentiles.
package benchload

import (
	"fmt"
	"io"
)

// Tool is one load tool.
type Tool func(args []string, out io.Writer) error

// tools maps a bench name to its tool; each tool lives in its own file.
var tools = map[string]Tool{}

// Run runs the named tool.
func Run(name string, args []string, out io.Writer) error {
	t, ok := tools[name]
	if !ok {
		return fmt.Errorf("unknown bench %q", name)
	}
	return t(args, out)
}
