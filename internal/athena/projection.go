package athena

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	awsglue "github.com/nubo-dev/nubo/internal/awsmodel/glue"
)

// maxProjected bounds the partitions a projection may enumerate.
const maxProjected = 1_000_000

// projectPartitions computes a table's partitions from its partition
// projection properties (projection.<key>.type enum, integer, date or
// injected; storage.location.template) instead of the catalog.
func projectPartitions(t *awsglue.Table, keys []column, preds []dialect.Predicate, now time.Time) ([]partition, error) {
	props := t.Parameters
	perKey := make([][]string, len(keys))
	for i, k := range keys {
		vals, err := projectedValues(props, k, preds, now)
		if err != nil {
			return nil, err
		}
		// Prune each key on its own before taking the product.
		var kept []string
		for _, v := range vals {
			if allowed([]column{k}, []string{v}, preds) {
				kept = append(kept, v)
			}
		}
		perKey[i] = kept
	}
	total := 1
	for _, v := range perKey {
		total *= len(v)
		if total > maxProjected {
			return nil, userError("HIVE_EXCEEDED_PARTITION_LIMIT", "Partition projection for table %s.%s would read more than %d partitions", t.DatabaseName, t.Name, maxProjected)
		}
	}
	template := props["storage.location.template"]
	base := strings.TrimSuffix(t.StorageDescriptor.Location, "/") + "/"
	var out []partition
	var walk func(i int, vals []string)
	walk = func(i int, vals []string) {
		if i == len(keys) {
			v := append([]string(nil), vals...)
			out = append(out, partition{Values: v, Location: projectedLocation(template, base, keys, v)})
			return
		}
		for _, x := range perKey[i] {
			walk(i+1, append(vals, x))
		}
	}
	walk(0, nil)
	return out, nil
}

func projectedLocation(template, base string, keys []column, vals []string) string {
	if template == "" {
		var b strings.Builder
		b.WriteString(base)
		for i, k := range keys {
			b.WriteString(k.Name + "=" + vals[i] + "/")
		}
		return b.String()
	}
	loc := template
	for i, k := range keys {
		loc = strings.ReplaceAll(loc, "${"+k.Name+"}", vals[i])
	}
	return loc
}

// projectedValues enumerates one key's projected values.
func projectedValues(props map[string]string, k column, preds []dialect.Predicate, now time.Time) ([]string, error) {
	p := func(name string) string { return props["projection."+k.Name+"."+name] }
	switch strings.ToLower(p("type")) {
	case "enum":
		var out []string
		for _, v := range strings.Split(p("values"), ",") {
			out = append(out, strings.TrimSpace(v))
		}
		return out, nil
	case "integer":
		return integerRange(p("range"), p("interval"), p("digits"))
	case "date":
		return dateRange(p("range"), p("format"), p("interval"), p("interval.unit"), now)
	case "injected":
		for _, pr := range preds {
			if pr.Column == k.Name && (pr.Op == "=" || pr.Op == "in") {
				return pr.Values, nil
			}
		}
		return nil, userError("CONSTRAINT_VIOLATION", "For the injected projected partition column %s, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.", k.Name)
	}
	return nil, userError("HIVE_METASTORE_ERROR", "Column projection for column '%s' failed. Missing or unsupported projection type: %q", k.Name, p("type"))
}

func integerRange(rng, interval, digits string) ([]string, error) {
	lo, hi, ok := strings.Cut(rng, ",")
	a, err1 := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
	b, err2 := strconv.ParseInt(strings.TrimSpace(hi), 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return nil, userError("HIVE_METASTORE_ERROR", "Invalid integer projection range %q", rng)
	}
	step := int64(1)
	if interval != "" {
		if step, err1 = strconv.ParseInt(interval, 10, 64); err1 != nil || step <= 0 {
			return nil, userError("HIVE_METASTORE_ERROR", "Invalid integer projection interval %q", interval)
		}
	}
	width, _ := strconv.Atoi(digits)
	if (b-a)/step > maxProjected {
		return nil, userError("HIVE_EXCEEDED_PARTITION_LIMIT", "Integer projection range %q is too large", rng)
	}
	var out []string
	for v := a; v <= b; v += step {
		out = append(out, fmt.Sprintf("%0*d", width, v))
	}
	return out, nil
}

// dateRange enumerates a date projection: range "start,end" where each end
// is a date in the projection format or NOW[+-N<UNIT>].
func dateRange(rng, format, interval, unit string, now time.Time) ([]string, error) {
	layout, err := javaLayout(format)
	if err != nil {
		return nil, userError("HIVE_METASTORE_ERROR", "%v", err)
	}
	lo, hi, ok := strings.Cut(rng, ",")
	if !ok {
		return nil, userError("HIVE_METASTORE_ERROR", "Invalid date projection range %q", rng)
	}
	start, err1 := dateBound(strings.TrimSpace(lo), layout, now)
	end, err2 := dateBound(strings.TrimSpace(hi), layout, now)
	if err1 != nil || err2 != nil {
		return nil, userError("HIVE_METASTORE_ERROR", "Invalid date projection range %q", rng)
	}
	step := 1
	if interval != "" {
		if step, err = strconv.Atoi(interval); err != nil || step <= 0 {
			return nil, userError("HIVE_METASTORE_ERROR", "Invalid date projection interval %q", interval)
		}
	}
	if unit == "" {
		unit = "DAYS"
		if strings.Contains(format, "H") {
			unit = "HOURS"
		}
	}
	next, ok := dateStep(strings.ToUpper(unit), step)
	if !ok {
		return nil, userError("HIVE_METASTORE_ERROR", "Invalid date projection interval unit %q", unit)
	}
	var out []string
	for t := start; !t.After(end); t = next(t) {
		out = append(out, t.Format(layout))
		if len(out) > maxProjected {
			return nil, userError("HIVE_EXCEEDED_PARTITION_LIMIT", "Date projection range %q is too large", rng)
		}
	}
	return out, nil
}

func dateStep(unit string, n int) (func(time.Time) time.Time, bool) {
	switch unit {
	case "YEARS":
		return func(t time.Time) time.Time { return t.AddDate(n, 0, 0) }, true
	case "MONTHS":
		return func(t time.Time) time.Time { return t.AddDate(0, n, 0) }, true
	case "WEEKS":
		return func(t time.Time) time.Time { return t.AddDate(0, 0, 7*n) }, true
	case "DAYS":
		return func(t time.Time) time.Time { return t.AddDate(0, 0, n) }, true
	case "HOURS":
		return func(t time.Time) time.Time { return t.Add(time.Duration(n) * time.Hour) }, true
	case "MINUTES":
		return func(t time.Time) time.Time { return t.Add(time.Duration(n) * time.Minute) }, true
	case "SECONDS":
		return func(t time.Time) time.Time { return t.Add(time.Duration(n) * time.Second) }, true
	}
	return nil, false
}

// dateBound parses one end of a date range.
func dateBound(s, layout string, now time.Time) (time.Time, error) {
	up := strings.ToUpper(s)
	if !strings.HasPrefix(up, "NOW") {
		return time.Parse(layout, s)
	}
	t := now.UTC()
	rest := up[3:]
	if rest == "" {
		return t, nil
	}
	sign := 1
	switch rest[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return time.Time{}, fmt.Errorf("bad NOW offset %q", s)
	}
	i := 1
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(rest[1:i])
	if err != nil {
		return time.Time{}, err
	}
	unit := rest[i:]
	if !strings.HasSuffix(unit, "S") {
		unit += "S"
	}
	step, ok := dateStep(unit, sign*n)
	if !ok {
		return time.Time{}, fmt.Errorf("bad NOW unit %q", s)
	}
	return step(t), nil
}

// javaLayout converts a Java DateTimeFormatter pattern to a Go layout.
func javaLayout(f string) (string, error) {
	if f == "" {
		return "", fmt.Errorf("date projection needs a format")
	}
	repl := []struct{ java, goLayout string }{
		{"yyyy", "2006"}, {"yy", "06"}, {"MMMM", "January"}, {"MMM", "Jan"}, {"MM", "01"}, {"M", "1"},
		{"dd", "02"}, {"d", "2"}, {"HH", "15"}, {"H", "15"}, {"mm", "04"}, {"ss", "05"}, {"SSS", "000"},
	}
	var b strings.Builder
	for i := 0; i < len(f); {
		if f[i] == '\'' {
			end := strings.IndexByte(f[i+1:], '\'')
			if end < 0 {
				return "", fmt.Errorf("unterminated quote in date format %q", f)
			}
			b.WriteString(f[i+1 : i+1+end])
			i += end + 2
			continue
		}
		matched := false
		for _, r := range repl {
			if strings.HasPrefix(f[i:], r.java) {
				b.WriteString(r.goLayout)
				i += len(r.java)
				matched = true
				break
			}
		}
		if !matched {
			if (f[i] >= 'a' && f[i] <= 'z') || (f[i] >= 'A' && f[i] <= 'Z') {
				return "", fmt.Errorf("unsupported pattern letter %q in date format %q", f[i], f)
			}
			b.WriteByte(f[i])
			i++
		}
	}
	return b.String(), nil
}
