package glue

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// csvDialect is how a delimited text file is written.
type csvDialect struct {
	delimiter rune
	header    bool
	quoted    bool
}

// csvDelimiters are the delimiters Glue's built-in CSV classifier knows,
// in the order it prefers them.
var csvDelimiters = []rune{',', '|', '\t', ';', '\x01'}

// maxHeaderCell is Glue's limit on the length of a header cell (except the last).
const maxHeaderCell = 150

// classifyCSV applies the built-in CSV classifier: at least two columns
// and two rows, one of the known delimiters giving every row the same
// number of columns, and Glue's header heuristics. It returns nil when
// the sample is not CSV.
func classifyCSV(sample []byte) *fileSchema {
	rows, delim := parseDelimited(sample)
	if rows == nil {
		return nil
	}
	d := csvDialect{delimiter: delim, quoted: hasQuotedFields(sample, delim)}
	types := columnTypes(rows[1:], len(rows[0]))
	d.header = looksLikeHeader(rows[0], types)
	data := rows
	var names []string
	if d.header {
		data = rows[1:]
		names = headerNames(rows[0])
	} else {
		types = columnTypes(rows, len(rows[0]))
		for i := range rows[0] {
			names = append(names, fmt.Sprintf("col%d", i))
		}
	}
	s := &fileSchema{format: classCSV, csv: d, records: int64(len(data))}
	if len(data) > 0 {
		s.recordBytes = int64(len(sample)) / int64(len(rows))
	}
	for i, n := range names {
		s.columns = append(s.columns, awsglue.Column{Name: n, Type: types[i].String()})
	}
	return s
}

// parseDelimited splits the sample with the first delimiter that yields a
// consistent column count of at least two over at least two rows.
func parseDelimited(sample []byte) ([][]string, rune) {
	for _, d := range csvDelimiters {
		r := csv.NewReader(bytes.NewReader(sample))
		r.Comma = d
		r.LazyQuotes = true
		r.FieldsPerRecord = -1
		r.ReuseRecord = false
		rows, err := r.ReadAll()
		if err != nil || len(rows) < 2 || len(rows[0]) < 2 {
			continue
		}
		consistent := true
		for _, row := range rows {
			if len(row) != len(rows[0]) {
				consistent = false
				break
			}
		}
		if consistent {
			return rows, d
		}
	}
	return nil, 0
}

// hasQuotedFields reports whether any field of the first lines is quoted,
// which makes Glue choose OpenCSVSerde.
func hasQuotedFields(sample []byte, delim rune) bool {
	lines := bytes.SplitN(sample, []byte("\n"), 101)
	for _, line := range lines {
		for _, f := range strings.Split(string(line), string(delim)) {
			if strings.HasPrefix(strings.TrimSpace(f), `"`) {
				return true
			}
		}
	}
	return false
}

// glueColumnName is the shape Glue accepts for a header cell.
var glueColumnName = regexp.MustCompile(`^[^\x00-\x1f"]*$`)

// looksLikeHeader applies Glue's rules: every cell of the first row is a
// string (not a number, boolean or timestamp), every cell but the last is
// shorter than 150 characters and a valid column name, and some column of
// the following rows has a type other than string.
func looksLikeHeader(first []string, dataTypes []*hiveType) bool {
	for i, cell := range first {
		if cell == "" && i != len(first)-1 {
			return false
		}
		if inferCell(cell).kind != "string" && cell != "" {
			return false
		}
		if i < len(first)-1 && len(cell) >= maxHeaderCell {
			return false
		}
		if !glueColumnName.MatchString(cell) {
			return false
		}
	}
	for _, t := range dataTypes {
		if t.kind != "string" && t.kind != "null" {
			return true
		}
	}
	return false
}

// headerNames turns header cells into column names: lower-cased, trimmed,
// duplicates suffixed, empty ones named like headerless columns.
func headerNames(cells []string) []string {
	seen := map[string]int{}
	out := make([]string, len(cells))
	for i, c := range cells {
		n := strings.ToLower(strings.TrimSpace(c))
		if n == "" {
			n = fmt.Sprintf("col%d", i)
		}
		if k := seen[n]; k > 0 {
			seen[n] = k + 1
			n = fmt.Sprintf("%s_%d", n, k)
		} else {
			seen[n] = 1
		}
		out[i] = n
	}
	return out
}

// columnTypes infers each column's type over rows; empty cells are NULL.
func columnTypes(rows [][]string, width int) []*hiveType {
	types := make([]*hiveType, width)
	for i := range types {
		types[i] = typeNull
	}
	for _, row := range rows {
		for i := 0; i < width && i < len(row); i++ {
			if row[i] == "" {
				continue
			}
			types[i] = mergeTypes(types[i], inferCell(row[i]))
		}
	}
	return types
}

var csvTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$`)

// Shared, never modified, types of CSV cells.
var (
	hiveBigint    = &hiveType{kind: "bigint"}
	hiveDouble    = &hiveType{kind: "double"}
	hiveBoolean   = &hiveType{kind: "boolean"}
	hiveTimestamp = &hiveType{kind: "timestamp"}
)

// inferCell types one CSV cell: bigint, double (decimal notation),
// boolean, timestamp (Hive's yyyy-MM-dd HH:mm:ss[.fff]) or string. The
// shape is checked by hand first: most cells are not numbers, and strconv
// allocates an error for every failed parse.
func inferCell(s string) *hiveType {
	t := strings.TrimSpace(s)
	switch numberShape(t) {
	case shapeInteger:
		if _, err := strconv.ParseInt(t, 10, 64); err == nil {
			return hiveBigint
		}
		return hiveDouble
	case shapeDecimal:
		if _, err := strconv.ParseFloat(t, 64); err == nil {
			return hiveDouble
		}
	}
	if strings.EqualFold(t, "true") || strings.EqualFold(t, "false") {
		return hiveBoolean
	}
	if len(t) >= 19 && t[4] == '-' && csvTimestamp.MatchString(t) {
		return hiveTimestamp
	}
	return typeStringVal
}

const (
	shapeOther = iota
	shapeInteger
	shapeDecimal
)

// numberShape classifies s as [sign]digits, [sign]digits.digits[e[sign]digits]
// (or a leading/trailing dot), or neither.
func numberShape(s string) int {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, dot, exp := 0, false, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && !exp:
			dot = true
		case (c == 'e' || c == 'E') && !exp && digits > 0:
			exp = true
			if i+1 < len(s) && (s[i+1] == '-' || s[i+1] == '+') {
				i++
			}
		default:
			return shapeOther
		}
	}
	switch {
	case digits == 0:
		return shapeOther
	case !dot && !exp:
		return shapeInteger
	}
	return shapeDecimal
}
