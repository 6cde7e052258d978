package dialect

import (
	"fmt"
	"strings"
)

// mysqlSpecs maps MySQL date_format specifiers (Trino's date_format and
// date_parse) to strftime/strptime ones.
var mysqlSpecs = map[byte]string{
	'a': "%a", 'b': "%b", 'c': "%-m", 'd': "%d", 'e': "%-d", 'f': "%f", 'H': "%H", 'h': "%I",
	'I': "%I", 'i': "%M", 'j': "%j", 'k': "%-H", 'l': "%-I", 'M': "%B", 'm': "%m", 'p': "%p",
	'r': "%I:%M:%S %p", 'S': "%S", 's': "%S", 'T': "%H:%M:%S", 'W': "%A", 'Y': "%Y", 'y': "%y",
	'%': "%%",
}

func mysqlFormat(f string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		if i+1 >= len(f) {
			return "", fmt.Errorf("format ends with %%")
		}
		i++
		s, ok := mysqlSpecs[f[i]]
		if !ok {
			return "", fmt.Errorf("%%%c not supported in date format string", f[i])
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// jodaSpecs maps Joda-Time pattern letters, by count, to strftime.
var jodaSpecs = map[string]string{
	"yyyy": "%Y", "yy": "%y", "y": "%Y", "YYYY": "%Y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%-m",
	"dd": "%d", "d": "%-d", "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "m": "%-M",
	"ss": "%S", "s": "%-S", "SSS": "%g", "SSSSSS": "%f", "a": "%p", "EEEE": "%A", "EEE": "%a", "E": "%a",
	"DDD": "%j", "Z": "%z", "ZZ": "%z", "z": "%Z", "zzz": "%Z",
}

func jodaFormat(f string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == '\'':
			end := strings.IndexByte(f[i+1:], '\'')
			if end < 0 {
				return "", fmt.Errorf("unterminated quote in date format string")
			}
			lit := f[i+1 : i+1+end]
			if lit == "" {
				lit = "'"
			}
			b.WriteString(strings.ReplaceAll(lit, "%", "%%"))
			i += end + 2
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
			j := i
			for j < len(f) && f[j] == c {
				j++
			}
			s, ok := jodaSpecs[f[i:j]]
			if !ok {
				return "", fmt.Errorf("pattern %q is not supported in date format string", f[i:j])
			}
			b.WriteString(s)
			i = j
		case c == '%':
			b.WriteString("%%")
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}
