package awsproto

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Timestamp is an AWS timestamp member. In awsJson it travels as epoch
// seconds with a fractional part (1700000000.123); codecs for other formats
// add their own methods.
type Timestamp struct{ time.Time }

// NewTimestamp wraps t, keeping millisecond precision as AWS does.
func NewTimestamp(t time.Time) *Timestamp {
	return &Timestamp{t.Truncate(time.Millisecond)}
}

func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return []byte(strconv.FormatInt(ms/1000, 10)), nil
	}
	return []byte(strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)), nil
}

func (t *Timestamp) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return SerializationError("invalid timestamp")
		}
		sec, frac := math.Modf(x)
		t.Time = time.Unix(int64(sec), int64(math.Round(frac*1000))*int64(time.Millisecond)).UTC()
		return nil
	case string:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z07:00"} {
			if p, err := time.Parse(layout, x); err == nil {
				t.Time = p
				return nil
			}
		}
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			t.Time = time.UnixMilli(int64(f * 1000)).UTC()
			return nil
		}
		return SerializationError(fmt.Sprintf("Unable to parse timestamp %q", x))
	case nil:
		return nil
	}
	return SerializationError("Unable to parse timestamp")
}
