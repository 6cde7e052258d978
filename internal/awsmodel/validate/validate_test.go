package validate

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

func TestErrorsMessage(t *testing.T) {
	var e Errors
	if e.Err() != nil {
		t.Fatal("empty Errors must report nil")
	}
	e.Add("streamName", "'my stream!'", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
	want1 := "1 validation error detected: Value 'my stream!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
	if got := e.Message(); got != want1 {
		t.Errorf("got %s", got)
	}
	e.Null("shardCount")
	want2 := "2 validation errors detected: Value 'my stream!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
		"Value null at 'shardCount' failed to satisfy constraint: Member must not be null"
	var ae *awsproto.Error
	if !errors.As(e.Err(), &ae) || ae.Code != "ValidationException" || ae.HTTPStatus != 400 || ae.Message != want2 {
		t.Errorf("got %+v", ae)
	}
	for range 20 {
		e.Null("x")
	}
	if e.Len() != MaxReported || !e.Full() {
		t.Errorf("kept %d violations, want %d", e.Len(), MaxReported)
	}
}

func TestChecks(t *testing.T) {
	pat := &Pattern{Text: "[a-z]+", Match: regexp.MustCompile(`^(?:[a-z]+)$`)}
	rule := &StringRule{Length: Length{Min: 2, Max: 4, HasMin: true, HasMax: true}, Pattern: pat}
	enum := &StringRule{Enum: []string{"A", "B"}}
	tests := []struct {
		name string
		run  func(e *Errors)
		want string
	}{
		{"string ok", func(e *Errors) { e.String("n", "abc", rule) }, ""},
		{"pattern before length", func(e *Errors) { e.String("n", "A", rule) },
			"2 validation errors detected: Value 'A' at 'n' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; " +
				"Value 'A' at 'n' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"length counts characters", func(e *Errors) { e.String("n", "éééé", &StringRule{Length: Length{Max: 4, HasMax: true}}) }, ""},
		{"enum", func(e *Errors) { e.String("t", "C", enum) },
			"1 validation error detected: Value 'C' at 't' failed to satisfy constraint: Member must satisfy enum value set: [A, B]"},
		{"int range", func(e *Errors) { e.Int("c", 0, IntRange{Min: 1, HasMin: true}) },
			"1 validation error detected: Value '0' at 'c' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"float range", func(e *Errors) { e.Float("r", 2, FloatRange{Max: 1, HasMax: true, MaxText: "1.0"}) },
			"1 validation error detected: Value '2.0' at 'r' failed to satisfy constraint: Member must have value less than or equal to 1.0"},
		{"list count", func(e *Errors) { e.Count("l", []string{"a", "b"}, 2, Length{Max: 1, HasMax: true}) },
			"1 validation error detected: Value '[a, b]' at 'l' failed to satisfy constraint: Member must have length less than or equal to 1"},
		{"map values", func(e *Errors) {
			MapStringValues(e, "m", map[string]string{"k": "toolong"}, &StringRule{Length: Length{Min: 0, Max: 3, HasMin: true, HasMax: true}})
		}, "1 validation error detected: Value '{k=toolong}' at 'm' failed to satisfy constraint: Map value must satisfy constraint: " +
			"[Member must have length less than or equal to 3, Member must have length greater than or equal to 0]"},
		{"map keys enum", func(e *Errors) { MapKeys(e, "m", map[string]int32{"C": 1}, enum) },
			"1 validation error detected: Value '{C=1}' at 'm' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy enum value set: [A, B]]"},
		{"reject", func(e *Errors) {
			p := &Pattern{Text: "(?!aws:).*", Match: regexp.MustCompile(`^(?:.*)$`), Reject: regexp.MustCompile(`^(?:aws:)`)}
			e.String("n", "aws:x", &StringRule{Pattern: p})
		}, "1 validation error detected: Value 'aws:x' at 'n' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!aws:).*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e Errors
			tt.run(&e)
			got := ""
			if e.Len() > 0 {
				got = e.Message()
			}
			if got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRender(t *testing.T) {
	type Entry struct {
		Data []byte `json:"Data,omitzero"`
		Key  string `json:"PartitionKey,omitempty"`
		N    *int32 `json:"N,omitempty"`
	}
	n := int32(3)
	ts := awsproto.Timestamp{Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	tests := []struct {
		in   any
		want string
	}{
		{nil, "null"},
		{(*int32)(nil), "null"},
		{&n, "3"},
		{1.5, "1.5"},
		{100.0, "100.0"},
		{[]string{}, "[]"},
		{[]byte("abc"), "java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]"},
		{map[string]string{"b": "2", "a": "1"}, "{a=1, b=2}"},
		{[]Entry{{Key: "k", N: &n}}, "[Entry(data=null, partitionKey=k, n=3)]"},
		{ts, "Tue Jan 02 03:04:05 UTC 2024"},
	}
	for _, tt := range tests {
		if got := Render(tt.in); got != tt.want {
			t.Errorf("Render(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPaths(t *testing.T) {
	if got := Elem("records", 0) + ".partitionKey"; got != "records.1.member.partitionKey" {
		t.Errorf("Elem: %s", got)
	}
	if got := MapEntry("m", "k"); got != "m.k.member" {
		t.Errorf("MapEntry: %s", got)
	}
}
