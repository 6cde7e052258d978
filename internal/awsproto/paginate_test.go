package awsproto

import (
	"slices"
	"testing"
)

func TestPage(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	id := func(s string) string { return s }
	two, big := int32(2), int32(99)
	tests := []struct {
		name     string
		token    string
		max      *int32
		want     []string
		wantNext bool
		ok       bool
	}{
		{"default page holds all", "", nil, items, false, true},
		{"max cuts the page", "", &two, []string{"a", "b"}, true, true},
		{"max above default keeps default", "", &big, items, false, true},
		{"token resumes", EncodeToken([]byte("c")), &two, []string{"c", "d"}, true, true},
		{"token past the end", EncodeToken([]byte("z")), nil, []string{}, false, true},
		{"token not base64url", "!!", nil, nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, next, ok := Page(items, id, tt.token, tt.max, 10)
			if ok != tt.ok || (next != "") != tt.wantNext || !slices.Equal(got, tt.want) {
				t.Fatalf("Page = %q, %q, %v; want %q, next %v, ok %v", got, next, ok, tt.want, tt.wantNext, tt.ok)
			}
		})
	}
}

func TestPageWalksEveryItemOnce(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	one := int32(1)
	var seen []string
	token := ""
	for {
		page, next, ok := Page(items, func(s string) string { return s }, token, &one, 10)
		if !ok {
			t.Fatalf("token %q refused", token)
		}
		seen = append(seen, page...)
		if next == "" {
			break
		}
		token = next
	}
	if !slices.Equal(seen, items) {
		t.Fatalf("walked %q, want %q", seen, items)
	}
}

func FuzzDecodeToken(f *testing.F) {
	f.Add("")
	f.Add(EncodeToken([]byte("name")))
	f.Add("!!")
	f.Fuzz(func(t *testing.T, token string) {
		pos, ok := DecodeToken(token)
		if !ok {
			return
		}
		// Tokens may have more than one spelling; the position must survive.
		again, ok := DecodeToken(EncodeToken(pos))
		if !ok || string(again) != string(pos) {
			t.Fatalf("token %q decodes to %q, which round-trips to %q", token, pos, again)
		}
	})
}
