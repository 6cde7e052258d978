package dialect

// reserved are Trino's reserved words: they are never function names,
// table names or implicit column aliases.
var reserved = map[string]bool{}

func init() {
	for _, w := range []string{
		"alter", "and", "as", "between", "by", "case", "cast", "constraint", "create", "cross", "cube",
		"current_catalog", "current_date", "current_path", "current_role", "current_schema",
		"current_time", "current_timestamp", "current_user", "deallocate", "delete", "describe",
		"distinct", "drop", "else", "end", "escape", "except", "execute", "exists", "extract", "false",
		"for", "from", "full", "group", "grouping", "having", "in", "inner", "insert", "intersect",
		"into", "is", "join", "json_array", "json_exists", "json_object", "json_query", "json_table",
		"json_value", "left", "like", "listagg", "localtime", "localtimestamp", "natural", "normalize",
		"not", "null", "on", "or", "order", "outer", "prepare", "recursive", "right", "rollup", "select",
		"skip", "table", "then", "trim", "true", "uescape", "union", "unnest", "using", "values", "when",
		"where", "with",
	} {
		reserved[w] = true
	}
}

// structural are non-reserved words that still end an expression or open a
// clause, so they are not taken as implicit aliases or function names.
var structural = map[string]bool{
	"over": true, "filter": true, "within": true, "limit": true, "offset": true, "fetch": true,
	"window": true, "lateral": true, "ordinality": true, "asc": true, "desc": true, "nulls": true,
	"first": true, "last": true, "rows": true, "range": true, "preceding": true, "following": true,
	"unbounded": true, "current": true, "row": false, "at": true, "zone": true, "interval": true,
	"all": true, "some": true, "any": true, "tablesample": true, "only": true, "ties": true,
}

// isKeyword reports whether a lower-cased word is reserved or structural.
func isKeyword(w string) bool { return reserved[w] || structural[w] }

// clauseEnd are the words that end a SELECT list or a FROM clause at the
// same nesting level.
var clauseEnd = map[string]bool{
	"from": true, "where": true, "group": true, "having": true, "order": true, "limit": true,
	"union": true, "intersect": true, "except": true, "window": true, "offset": true, "fetch": true,
}
