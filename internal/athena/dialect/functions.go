package dialect

import (
	"sort"
	"strings"
)

// functions maps every Trino function nubo runs to its DuckDB translation.
// A function not listed here fails with FUNCTION_NOT_FOUND: passing
// unknown names through could run a DuckDB function of the same name with
// different semantics and return a wrong answer.
var functions = map[string]spec{
	// Aggregates.
	"count":           same("count", 0, 1),
	"count_if":        same("count_if", 1, 1),
	"sum":             same("sum", 1, 1),
	"avg":             same("avg", 1, 1),
	"min":             same("min", 1, 2),
	"max":             same("max", 1, 2),
	"min_by":          same("min_by", 2, 3),
	"max_by":          same("max_by", 2, 3),
	"arbitrary":       rename("any_value", 1, 1),
	"any_value":       same("any_value", 1, 1),
	"bool_and":        same("bool_and", 1, 1),
	"bool_or":         same("bool_or", 1, 1),
	"every":           rename("bool_and", 1, 1),
	"array_agg":       same("array_agg", 1, 1),
	"set_agg":         {min: 1, max: 1, tmpl: "list(DISTINCT {0})", doc: "element order may differ"},
	"approx_distinct": {min: 1, max: 2, tmpl: "approx_count_distinct({0})", doc: "HyperLogLog estimate; the error argument is ignored"},
	"approx_percentile": {min: 2, max: 2, rule: approxPercentileRule,
		doc: "t-digest estimate; the weighted form (3 arguments) is not supported"},
	"stddev":          same("stddev", 1, 1),
	"stddev_samp":     same("stddev_samp", 1, 1),
	"stddev_pop":      same("stddev_pop", 1, 1),
	"variance":        same("variance", 1, 1),
	"var_samp":        same("var_samp", 1, 1),
	"var_pop":         same("var_pop", 1, 1),
	"corr":            same("corr", 2, 2),
	"covar_samp":      same("covar_samp", 2, 2),
	"covar_pop":       same("covar_pop", 2, 2),
	"regr_slope":      same("regr_slope", 2, 2),
	"regr_intercept":  same("regr_intercept", 2, 2),
	"kurtosis":        same("kurtosis", 1, 1),
	"skewness":        same("skewness", 1, 1),
	"geometric_mean":  rename("geomean", 1, 1),
	"histogram":       same("histogram", 1, 1),
	"bitwise_and_agg": rename("bit_and", 1, 1),
	"bitwise_or_agg":  rename("bit_or", 1, 1),
	"map_agg": {min: 2, max: 2, tmpl: "map(list({0}) FILTER (WHERE {0} IS NOT NULL), list({1}) FILTER (WHERE {0} IS NOT NULL))",
		doc: "a duplicate key fails the query instead of keeping one value"},

	// Window functions.
	"row_number":   same("row_number", 0, 0),
	"rank":         same("rank", 0, 0),
	"dense_rank":   same("dense_rank", 0, 0),
	"percent_rank": same("percent_rank", 0, 0),
	"cume_dist":    same("cume_dist", 0, 0),
	"ntile":        same("ntile", 1, 1),
	"lag":          same("lag", 1, 3),
	"lead":         same("lead", 1, 3),
	"first_value":  same("first_value", 1, 1),
	"last_value":   same("last_value", 1, 1),
	"nth_value":    same("nth_value", 2, 2),

	// Math.
	"abs":         same("abs", 1, 1),
	"ceil":        same("ceil", 1, 1),
	"ceiling":     same("ceiling", 1, 1),
	"floor":       same("floor", 1, 1),
	"round":       same("round", 1, 2),
	"truncate":    rename("trunc", 1, 2),
	"sqrt":        same("sqrt", 1, 1),
	"cbrt":        same("cbrt", 1, 1),
	"exp":         same("exp", 1, 1),
	"ln":          same("ln", 1, 1),
	"log2":        same("log2", 1, 1),
	"log10":       same("log10", 1, 1),
	"log":         same("log", 2, 2),
	"pow":         same("pow", 2, 2),
	"power":       same("power", 2, 2),
	"mod":         same("mod", 2, 2),
	"sign":        same("sign", 1, 1),
	"pi":          same("pi", 0, 0),
	"e":           {min: 0, max: 0, tmpl: "exp(1)"},
	"degrees":     same("degrees", 1, 1),
	"radians":     same("radians", 1, 1),
	"sin":         same("sin", 1, 1),
	"cos":         same("cos", 1, 1),
	"tan":         same("tan", 1, 1),
	"asin":        same("asin", 1, 1),
	"acos":        same("acos", 1, 1),
	"atan":        same("atan", 1, 1),
	"atan2":       same("atan2", 2, 2),
	"sinh":        same("sinh", 1, 1),
	"cosh":        same("cosh", 1, 1),
	"tanh":        same("tanh", 1, 1),
	"random":      {min: 0, max: 1, rule: randomRule},
	"rand":        {min: 0, max: 1, rule: randomRule},
	"infinity":    {min: 0, max: 0, tmpl: "CAST('Infinity' AS DOUBLE)"},
	"nan":         {min: 0, max: 0, tmpl: "CAST('NaN' AS DOUBLE)"},
	"is_nan":      rename("isnan", 1, 1),
	"is_finite":   rename("isfinite", 1, 1),
	"is_infinite": rename("isinf", 1, 1),
	"greatest":    {min: 1, max: -1, rule: nullIfAnyNull("greatest"), doc: "NULL if any argument is NULL, as in Trino"},
	"least":       {min: 1, max: -1, rule: nullIfAnyNull("least"), doc: "NULL if any argument is NULL, as in Trino"},
	"bitwise_and": {min: 2, max: 2, tmpl: "({0} & {1})"},
	"bitwise_or":  {min: 2, max: 2, tmpl: "({0} | {1})"},
	"bitwise_xor": {min: 2, max: 2, tmpl: "xor({0}, {1})"},
	"bitwise_not": {min: 1, max: 1, tmpl: "(~{0})"},

	// Strings.
	"length":               same("length", 1, 1),
	"lower":                same("lower", 1, 1),
	"upper":                same("upper", 1, 1),
	"ltrim":                same("ltrim", 1, 2),
	"rtrim":                same("rtrim", 1, 2),
	"substr":               same("substr", 2, 3),
	"substring":            same("substring", 2, 3),
	"replace":              {min: 2, max: 3, rule: replaceRule},
	"reverse":              {min: 1, max: 1, tmpl: "reverse({0})", doc: "strings only"},
	"strpos":               same("strpos", 2, 2),
	"position":             same("position", 1, 1),
	"lpad":                 same("lpad", 3, 3),
	"rpad":                 same("rpad", 3, 3),
	"concat":               {min: 1, max: -1, rule: concatRule, doc: "NULL if any argument is NULL, as in Trino"},
	"concat_ws":            same("concat_ws", 2, -1),
	"split":                {min: 2, max: 2, tmpl: "string_split({0}, {1})"},
	"split_part":           {min: 3, max: 3, tmpl: "list_extract(string_split({0}, {1}), {2})", doc: "NULL past the last field, as in Trino"},
	"starts_with":          same("starts_with", 2, 2),
	"chr":                  same("chr", 1, 1),
	"codepoint":            rename("unicode", 1, 1),
	"to_utf8":              rename("encode", 1, 1),
	"from_utf8":            {min: 1, max: 1, tmpl: "decode({0})"},
	"levenshtein_distance": rename("levenshtein", 2, 2),
	"hamming_distance":     rename("hamming", 2, 2),
	"normalize":            {min: 1, max: 1, tmpl: "nfc_normalize({0})", doc: "NFC only"},
	"to_hex":               rename("hex", 1, 1),
	"from_hex":             rename("unhex", 1, 1),
	"to_base64":            same("to_base64", 1, 1),
	"from_base64":          same("from_base64", 1, 1),
	"md5":                  {min: 1, max: 1, tmpl: "unhex(md5({0}))"},
	"sha1":                 {min: 1, max: 1, tmpl: "unhex(sha1({0}))"},
	"sha256":               {min: 1, max: 1, tmpl: "unhex(sha256({0}))"},
	"format":               {min: 1, max: -1, rule: formatRule, doc: "%s, %d, %f (with width/precision) and %% only"},

	// Regular expressions (DuckDB uses RE2, Trino Java-compatible Joni: look-around and back-references are not available).
	"regexp_like":        {min: 2, max: 2, tmpl: "regexp_matches({0}, {1})"},
	"regexp_extract":     {min: 2, max: 3, rule: regexpExtractRule, doc: "NULL when there is no match, as in Trino"},
	"regexp_extract_all": same("regexp_extract_all", 2, 3),
	"regexp_replace":     {min: 2, max: 3, rule: regexpReplaceRule, doc: "the replacement must be a literal; $n group references"},
	"regexp_split":       {min: 2, max: 2, tmpl: "regexp_split_to_array({0}, {1})"},
	"regexp_count":       {min: 2, max: 2, tmpl: "len(regexp_extract_all({0}, {1}))"},

	// JSON.
	"json_extract_scalar": {min: 2, max: 2, tmpl: "CASE WHEN json_type({0}, {1}) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string({0}, {1}) END",
		doc: "NULL for objects and arrays, as in Trino"},
	"json_extract":      same("json_extract", 2, 2),
	"json_parse":        {min: 1, max: 1, tmpl: "json({0})"},
	"json_format":       {min: 1, max: 1, tmpl: "CAST({0} AS VARCHAR)"},
	"json_array_length": same("json_array_length", 1, 1),
	"json_array_get":    {min: 2, max: 2, tmpl: "json_extract({0}, CASE WHEN {1} < 0 THEN '$[#' || {1} || ']' ELSE '$[' || {1} || ']' END)"},
	"json_size":         {min: 2, max: 2, tmpl: "CASE json_type({0}, {1}) WHEN 'ARRAY' THEN json_array_length({0}, {1}) WHEN 'OBJECT' THEN len(json_keys({0}, {1})) ELSE 0 END"},
	"is_json_scalar":    {min: 1, max: 1, tmpl: "(json_type({0}) NOT IN ('OBJECT', 'ARRAY'))"},

	// Dates and times.
	"now":                    {min: 0, max: 0, tmpl: "current_timestamp"},
	"current_timezone":       {min: 0, max: 0, tmpl: "'UTC'"},
	"date":                   {min: 1, max: 1, tmpl: "CAST({0} AS DATE)"},
	"year":                   same("year", 1, 1),
	"quarter":                same("quarter", 1, 1),
	"month":                  same("month", 1, 1),
	"week":                   same("week", 1, 1),
	"week_of_year":           rename("week", 1, 1),
	"day":                    same("day", 1, 1),
	"day_of_month":           rename("day", 1, 1),
	"day_of_week":            rename("isodow", 1, 1),
	"dow":                    rename("isodow", 1, 1),
	"day_of_year":            rename("dayofyear", 1, 1),
	"doy":                    rename("dayofyear", 1, 1),
	"year_of_week":           rename("isoyear", 1, 1),
	"yow":                    rename("isoyear", 1, 1),
	"hour":                   same("hour", 1, 1),
	"minute":                 same("minute", 1, 1),
	"second":                 same("second", 1, 1),
	"millisecond":            {min: 1, max: 1, tmpl: "(millisecond({0}) % 1000)"},
	"last_day_of_month":      rename("last_day", 1, 1),
	"date_trunc":             {min: 2, max: 2, tmpl: "cast_to_type(date_trunc({0}, {1}), {1})", doc: "keeps the argument's type, as in Trino"},
	"date_add":               {min: 3, max: 3, rule: dateAddRule, doc: "the unit must be a literal"},
	"date_diff":              {min: 3, max: 3, tmpl: "date_sub({0}, {1}, {2})", doc: "counts complete units, as in Trino"},
	"date_format":            {min: 2, max: 2, rule: formatRuleFor("strftime", mysqlFormat), doc: "MySQL format; the format must be a literal"},
	"date_parse":             {min: 2, max: 2, rule: formatRuleFor("strptime", mysqlFormat), doc: "MySQL format; the format must be a literal"},
	"format_datetime":        {min: 2, max: 2, rule: formatRuleFor("strftime", jodaFormat), doc: "Joda format; the format must be a literal"},
	"parse_datetime":         {min: 2, max: 2, rule: parseDatetimeRule, doc: "Joda format; the format must be a literal"},
	"from_iso8601_timestamp": {min: 1, max: 1, tmpl: "CAST({0} AS TIMESTAMPTZ)"},
	"from_iso8601_date":      {min: 1, max: 1, tmpl: "CAST({0} AS DATE)", doc: "calendar dates only (no week dates)"},
	"to_iso8601":             {min: 1, max: 1, tmpl: "CASE typeof({0}) WHEN 'DATE' THEN strftime({0}, '%Y-%m-%d') WHEN 'TIMESTAMP WITH TIME ZONE' THEN strftime({0}, '%Y-%m-%dT%H:%M:%S.%gZ') ELSE strftime({0}, '%Y-%m-%dT%H:%M:%S.%g') END"},
	"from_unixtime":          {min: 1, max: 1, tmpl: "to_timestamp({0})", doc: "the time-zone forms are not supported"},
	"to_unixtime":            rename("epoch", 1, 1),
	"to_milliseconds":        {min: 1, max: 1, tmpl: "CAST(epoch({0}) * 1000 AS BIGINT)"},

	// Arrays.
	"cardinality": {min: 1, max: 1, tmpl: "CASE json_type(to_json({0})) WHEN 'OBJECT' THEN len(json_keys(to_json({0}))) ELSE json_array_length(to_json({0})) END",
		doc: "arrays and maps"},
	"element_at":      {min: 2, max: 2, tmpl: "({0})[{1}]", doc: "NULL for a missing key or index"},
	"contains":        {min: 2, max: 2, tmpl: "list_contains({0}, {1})"},
	"array_join":      {min: 2, max: 2, tmpl: "array_to_string({0}, {1})", doc: "the null-replacement form is not supported"},
	"array_max":       {min: 1, max: 1, tmpl: "list_max({0})", doc: "ignores NULL elements"},
	"array_min":       {min: 1, max: 1, tmpl: "list_min({0})", doc: "ignores NULL elements"},
	"array_sort":      {min: 1, max: 1, tmpl: "list_sort({0})", doc: "the comparator form is not supported"},
	"array_distinct":  {min: 1, max: 1, tmpl: dedupe("{0}"), doc: "keeps first occurrences in order, as in Trino"},
	"array_position":  {min: 2, max: 2, tmpl: "coalesce(list_position({0}, {1}), 0)"},
	"array_remove":    {min: 2, max: 2, tmpl: "list_filter({0}, lambda __x: __x IS DISTINCT FROM {1})"},
	"array_intersect": {min: 2, max: 2, tmpl: dedupe("list_filter({0}, lambda __y: list_contains({1}, __y))")},
	"array_union":     {min: 2, max: 2, tmpl: dedupe("list_concat({0}, {1})")},
	"array_except":    {min: 2, max: 2, tmpl: dedupe("list_filter({0}, lambda __y: NOT list_contains({1}, __y))")},
	"arrays_overlap":  {min: 2, max: 2, tmpl: "list_has_any({0}, {1})"},
	"flatten":         same("flatten", 1, 1),
	"slice":           {min: 3, max: 3, tmpl: "list_slice({0}, {1}, {1} + {2} - 1)"},
	"trim_array":      {min: 2, max: 2, tmpl: "list_slice({0}, 1, len({0}) - {1})"},
	"sequence":        {min: 2, max: 3, tmpl: "generate_series({*})", doc: "integers, or dates/timestamps with an interval step"},
	"filter":          {min: 2, max: 2, tmpl: "list_filter({0}, {1})"},
	"transform":       {min: 2, max: 2, tmpl: "list_transform({0}, {1})"},
	"reduce":          {min: 4, max: 4, rule: reduceRule, doc: "the output function must be the identity"},
	"any_match":       {min: 2, max: 2, tmpl: "coalesce(list_bool_or(list_transform({0}, {1})), false)"},
	"all_match":       {min: 2, max: 2, tmpl: "coalesce(list_bool_and(list_transform({0}, {1})), true)"},
	"none_match":      {min: 2, max: 2, tmpl: "NOT coalesce(list_bool_or(list_transform({0}, {1})), false)"},
	"repeat":          {min: 2, max: 2, tmpl: "list_transform(generate_series(1, {1}), lambda __i: {0})"},

	// Maps.
	"map":              {min: 0, max: 2, tmpl: "map({*})"},
	"map_keys":         same("map_keys", 1, 1),
	"map_values":       same("map_values", 1, 1),
	"map_entries":      same("map_entries", 1, 1),
	"map_from_entries": same("map_from_entries", 1, 1),
	"map_concat":       same("map_concat", 1, -1),

	// Conditional and other.
	"coalesce": same("coalesce", 1, -1),
	"nullif":   same("nullif", 2, 2),
	"if":       {min: 2, max: 3, rule: ifRule},
	"try":      same("try", 1, 1),
	"uuid":     same("uuid", 0, 0),
	"row":      same("row", 1, -1),
}

// unsupported lists Trino functions nubo knows and refuses, with why.
var unsupported = map[string]string{
	"approx_most_frequent": "no DuckDB equivalent", "approx_set": "HyperLogLog sketches are not supported",
	"merge": "sketches are not supported", "checksum": "no DuckDB equivalent", "listagg": "use array_join(array_agg(x), sep)",
	"multimap_agg": "no DuckDB equivalent", "numeric_histogram": "no DuckDB equivalent", "reduce_agg": "no DuckDB equivalent",
	"set_union": "no DuckDB equivalent", "qdigest_agg": "sketches are not supported", "tdigest_agg": "sketches are not supported",
	"width_bucket": "no DuckDB equivalent", "from_base": "no DuckDB equivalent", "to_base": "no DuckDB equivalent",
	"bit_count": "no DuckDB equivalent", "cosine_similarity": "no DuckDB equivalent", "word_stem": "no DuckDB equivalent",
	"soundex": "no DuckDB equivalent", "luhn_check": "no DuckDB equivalent", "xxhash64": "no DuckDB equivalent",
	"crc32": "no DuckDB equivalent", "murmur3": "no DuckDB equivalent", "spooky_hash_v2_32": "no DuckDB equivalent",
	"regexp_position": "no DuckDB equivalent", "url_extract_host": "URL functions are not supported",
	"url_extract_path": "URL functions are not supported", "url_extract_parameter": "URL functions are not supported",
	"url_extract_query": "URL functions are not supported", "url_extract_protocol": "URL functions are not supported",
	"url_extract_port": "URL functions are not supported", "url_extract_fragment": "URL functions are not supported",
	"url_encode": "URL functions are not supported", "url_decode": "URL functions are not supported",
	"at_timezone": "time-zone-carrying timestamps are not supported", "with_timezone": "time-zone-carrying timestamps are not supported",
	"timezone_hour": "time-zone-carrying timestamps are not supported", "timezone_minute": "time-zone-carrying timestamps are not supported",
	"human_readable_seconds": "no DuckDB equivalent", "parse_duration": "no DuckDB equivalent", "format_number": "no DuckDB equivalent",
	"json_array_contains": "no exact DuckDB equivalent", "map_filter": "map lambdas are not supported",
	"transform_keys": "map lambdas are not supported", "transform_values": "map lambdas are not supported",
	"map_zip_with": "map lambdas are not supported", "zip": "unnamed ROW results are not supported",
	"zip_with": "no DuckDB equivalent", "ngrams": "no DuckDB equivalent", "combinations": "no DuckDB equivalent",
	"shuffle": "no DuckDB equivalent", "contains_sequence": "no DuckDB equivalent", "array_frequency": "no DuckDB equivalent",
	"typeof": "DuckDB's type names differ from Trino's", "multimap_from_entries": "no DuckDB equivalent",
	"array_cum_sum": "no DuckDB equivalent", "from_unixtime_nanos": "nanosecond timestamps are not supported",
	"to_iso8601_nanos": "nanosecond timestamps are not supported", "hmac_sha256": "no DuckDB equivalent",
	"st_point": "geospatial functions are not supported", "st_geometryfromtext": "geospatial functions are not supported",
	"st_distance": "geospatial functions are not supported", "st_contains": "geospatial functions are not supported",
	"st_astext": "geospatial functions are not supported", "st_x": "geospatial functions are not supported",
	"st_y": "geospatial functions are not supported", "great_circle_distance": "geospatial functions are not supported",
	"classify": "machine-learning functions are not supported", "learn_classifier": "machine-learning functions are not supported",
	"sagemaker_invoke_endpoint": "machine-learning functions are not supported", "current_groups": "no identity in nubo",
}

// dedupe keeps the first occurrence of each element of a list expression,
// in order (DuckDB's list_distinct does not keep order).
func dedupe(list string) string {
	return "list_filter(" + list + ", lambda __x, __i: list_position(" + list + ", __x) = __i)"
}

// FunctionDoc describes one function for the compatibility table.
type FunctionDoc struct {
	Name      string
	Supported bool
	Note      string
}

// Functions lists every translated and every refused function, by name.
func Functions() []FunctionDoc {
	var out []FunctionDoc
	for name, s := range functions {
		note := s.doc
		if fn, ok := strings.CutSuffix(s.tmpl, "({*})"); ok && note == "" && fn != name {
			note = "DuckDB's " + fn
		}
		out = append(out, FunctionDoc{Name: name, Supported: true, Note: note})
	}
	for name, why := range unsupported {
		out = append(out, FunctionDoc{Name: name, Note: why})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
