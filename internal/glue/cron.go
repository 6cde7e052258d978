package glue

import (
	"strconv"
	"strings"
	"time"
)

// cronSchedule is a parsed AWS cron expression, cron(Minutes Hours
// Day-of-month Month Day-of-week Year), evaluated in UTC as Glue does.
type cronSchedule struct {
	minute, hour, month, year fieldSet
	dom                       dayMatcher // nil when "?"
	dow                       dayMatcher // nil when "?"
}

type fieldSet map[int]bool

// dayMatcher matches a calendar day (for L, W and # forms).
type dayMatcher func(t time.Time) bool

var monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

var dayNames = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

// parseCron parses "cron(...)" with AWS's rules: six fields, and exactly
// one of day-of-month and day-of-week is '?'.
func parseCron(expr string) (*cronSchedule, error) {
	inner, ok := strings.CutPrefix(strings.TrimSpace(expr), "cron(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return nil, errInvalid("Invalid schedule expression: %s", expr)
	}
	f := strings.Fields(strings.TrimSuffix(inner, ")"))
	bad := errInvalid("Invalid schedule expression: %s", expr)
	if len(f) != 6 || (f[2] == "?") == (f[4] == "?") {
		return nil, bad
	}
	var s cronSchedule
	var err error
	if s.minute, err = parseField(f[0], 0, 59, nil); err != nil {
		return nil, bad
	}
	if s.hour, err = parseField(f[1], 0, 23, nil); err != nil {
		return nil, bad
	}
	if s.month, err = parseField(f[3], 1, 12, monthNames); err != nil {
		return nil, bad
	}
	if s.year, err = parseField(f[5], 1970, 2199, nil); err != nil {
		return nil, bad
	}
	if f[2] != "?" {
		if s.dom, err = parseDayOfMonth(f[2]); err != nil {
			return nil, bad
		}
	}
	if f[4] != "?" {
		if s.dow, err = parseDayOfWeek(f[4]); err != nil {
			return nil, bad
		}
	}
	return &s, nil
}

// matches reports whether the schedule fires in t's minute.
func (s *cronSchedule) matches(t time.Time) bool {
	t = t.UTC()
	if !s.minute[t.Minute()] || !s.hour[t.Hour()] || !s.month[int(t.Month())] || !s.year[t.Year()] {
		return false
	}
	if s.dom != nil {
		return s.dom(t)
	}
	return s.dow(t)
}

// parseField parses a comma list of *, n, a-b, */k, a/k or a-b/k.
func parseField(f string, lo, hi int, names map[string]int) (fieldSet, error) {
	set := fieldSet{}
	for _, part := range strings.Split(f, ",") {
		rng, stepStr, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepStr)
			if err != nil || n <= 0 {
				return nil, errInvalid("bad step")
			}
			step = n
		}
		from, to := lo, hi
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			var err error
			if from, err = fieldValue(a, lo, hi, names); err != nil {
				return nil, err
			}
			to = from
			if isRange {
				if to, err = fieldValue(b, lo, hi, names); err != nil || to < from {
					return nil, errInvalid("bad range")
				}
			} else if hasStep {
				to = hi
			}
		}
		for v := from; v <= to; v += step {
			set[v] = true
		}
	}
	return set, nil
}

func fieldValue(s string, lo, hi int, names map[string]int) (int, error) {
	if v, ok := names[strings.ToUpper(s)]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, errInvalid("bad value")
	}
	return v, nil
}

func lastDayOfMonth(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseDayOfMonth adds L (last day) and nW (weekday nearest day n).
func parseDayOfMonth(f string) (dayMatcher, error) {
	switch {
	case f == "L":
		return func(t time.Time) bool { return t.Day() == lastDayOfMonth(t) }, nil
	case strings.HasSuffix(f, "W"):
		n, err := strconv.Atoi(strings.TrimSuffix(f, "W"))
		if err != nil || n < 1 || n > 31 {
			return nil, errInvalid("bad W")
		}
		return func(t time.Time) bool { return t.Day() == nearestWeekday(t, n) }, nil
	}
	set, err := parseField(f, 1, 31, nil)
	if err != nil {
		return nil, err
	}
	return func(t time.Time) bool { return set[t.Day()] }, nil
}

// nearestWeekday is the weekday of t's month nearest to day n, staying in the month.
func nearestWeekday(t time.Time, n int) int {
	last := lastDayOfMonth(t)
	n = min(n, last)
	d := time.Date(t.Year(), t.Month(), n, 0, 0, 0, 0, time.UTC)
	switch d.Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == last {
			return n - 2
		}
		return n + 1
	}
	return n
}

// parseDayOfWeek adds nL (last weekday n of the month) and n#k (k-th weekday n).
func parseDayOfWeek(f string) (dayMatcher, error) {
	weekday := func(t time.Time) int { return int(t.Weekday()) + 1 }
	if a, b, ok := strings.Cut(f, "#"); ok {
		d, err := fieldValue(a, 1, 7, dayNames)
		k, kerr := strconv.Atoi(b)
		if err != nil || kerr != nil || k < 1 || k > 5 {
			return nil, errInvalid("bad #")
		}
		return func(t time.Time) bool { return weekday(t) == d && (t.Day()-1)/7+1 == k }, nil
	}
	if a, ok := strings.CutSuffix(f, "L"); ok && a != "" {
		d, err := fieldValue(a, 1, 7, dayNames)
		if err != nil {
			return nil, err
		}
		return func(t time.Time) bool { return weekday(t) == d && t.Day()+7 > lastDayOfMonth(t) }, nil
	}
	if f == "L" {
		return func(t time.Time) bool { return weekday(t) == 7 }, nil
	}
	set, err := parseField(f, 1, 7, dayNames)
	if err != nil {
		return nil, err
	}
	return func(t time.Time) bool { return set[weekday(t)] }, nil
}
