package dialect

import (
	"fmt"
	"strings"
)

// Kind classifies a token.
type Kind int

const (
	Space           Kind = iota // whitespace
	Comment                     // -- line or /* block */ comment
	Ident                       // unquoted identifier or keyword
	QuotedIdent                 // "identifier"
	BackquotedIdent             // `identifier` (Hive DDL only)
	String                      // 'literal' (also U&'...' and X'...' prefixes, see Prefix)
	Number                      // 1, 1.5, .5, 1e10
	Param                       // ?
	Op                          // operator or punctuation
)

// Token is one lexical token with its byte offset in the statement.
type Token struct {
	Kind Kind
	Text string
	Pos  int
}

// Value is the token's value: an unquoted identifier lower-cased, a quoted
// identifier or string literal unescaped, anything else as written.
func (t Token) Value() string {
	switch t.Kind {
	case Ident:
		return strings.ToLower(t.Text)
	case QuotedIdent:
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
	case BackquotedIdent:
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], "``", "`")
	case String:
		s := t.Text[strings.IndexByte(t.Text, '\'')+1 : len(t.Text)-1]
		return strings.ReplaceAll(s, "''", "'")
	}
	return t.Text
}

// Is reports whether the token is the keyword or operator kw (case-insensitive).
func (t Token) Is(kw string) bool {
	return (t.Kind == Ident || t.Kind == Op) && strings.EqualFold(t.Text, kw)
}

// IsIdent reports whether the token names something (quoted or not).
func (t Token) IsIdent() bool {
	return t.Kind == Ident || t.Kind == QuotedIdent || t.Kind == BackquotedIdent
}

// SyntaxError is a malformed statement, located like Trino locates it.
type SyntaxError struct {
	Line, Column int
	Message      string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d:%d: %s", e.Line, e.Column, e.Message)
}

// Position converts a byte offset in sql to Trino's 1-based line and column.
func Position(sql string, off int) (line, col int) {
	if off > len(sql) {
		off = len(sql)
	}
	line = 1 + strings.Count(sql[:off], "\n")
	col = off - strings.LastIndexByte(sql[:off], '\n')
	return line, col
}

func syntaxErrorAt(sql string, off int, format string, args ...any) *SyntaxError {
	line, col := Position(sql, off)
	return &SyntaxError{Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

// twoCharOps are the operators longer than one character.
var twoCharOps = []string{"<>", "!=", "<=", ">=", "||", "->", "=>", "::"}

// Lex splits sql into tokens, keeping whitespace and comments so a
// translation can reproduce the text it does not change.
func Lex(sql string) ([]Token, error) {
	var toks []Token
	for i := 0; i < len(sql); {
		n, kind, err := scan(sql, i)
		if err != nil {
			return nil, err
		}
		toks = append(toks, Token{Kind: kind, Text: sql[i : i+n], Pos: i})
		i += n
	}
	return toks, nil
}

// scan measures the token starting at i.
func scan(sql string, i int) (int, Kind, error) {
	c := sql[i]
	rest := sql[i:]
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
		n := 1
		for i+n < len(sql) && strings.IndexByte(" \t\n\r\f", sql[i+n]) >= 0 {
			n++
		}
		return n, Space, nil
	case strings.HasPrefix(rest, "--"):
		n := strings.IndexByte(rest, '\n')
		if n < 0 {
			n = len(rest)
		}
		return n, Comment, nil
	case strings.HasPrefix(rest, "/*"):
		n := strings.Index(rest[2:], "*/")
		if n < 0 {
			return 0, 0, syntaxErrorAt(sql, i, "mismatched input '%s'. Expecting: <EOF>", "/*")
		}
		return n + 4, Comment, nil
	case c == '\'':
		return quoted(sql, i, 0, '\'', String)
	case (c == 'U' || c == 'u') && strings.HasPrefix(rest[1:], "&'"):
		return quoted(sql, i, 2, '\'', String)
	case (c == 'X' || c == 'x') && len(rest) > 1 && rest[1] == '\'':
		return quoted(sql, i, 1, '\'', String)
	case c == '"':
		return quoted(sql, i, 0, '"', QuotedIdent)
	case c == '`':
		return quoted(sql, i, 0, '`', BackquotedIdent)
	case isDigit(c) || (c == '.' && len(rest) > 1 && isDigit(rest[1])):
		return number(rest), Number, nil
	case isIdentStart(c):
		n := 1
		for n < len(rest) && isIdentPart(rest[n]) {
			n++
		}
		return n, Ident, nil
	case c == '?':
		return 1, Param, nil
	}
	for _, op := range twoCharOps {
		if strings.HasPrefix(rest, op) {
			return 2, Op, nil
		}
	}
	if strings.IndexByte("()[],.;+-*/%=<>|&^~:{}", c) >= 0 {
		return 1, Op, nil
	}
	r := []rune(rest)[0]
	return 0, 0, syntaxErrorAt(sql, i, "token recognition error at: '%c'", r)
}

// quoted scans a quoted token whose quote character q starts at i+skip;
// a doubled quote stands for one.
func quoted(sql string, i, skip int, q byte, kind Kind) (int, Kind, error) {
	for j := i + skip + 1; j < len(sql); j++ {
		if sql[j] != q {
			continue
		}
		if j+1 < len(sql) && sql[j+1] == q {
			j++
			continue
		}
		return j + 1 - i, kind, nil
	}
	return 0, 0, syntaxErrorAt(sql, i, "mismatched input '%s'. Expecting: <EOF>", string(sql[i:i+skip+1]))
}

func number(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n < len(s) && s[n] == '.' {
		n++
		for n < len(s) && isDigit(s[n]) {
			n++
		}
	}
	if n < len(s) && (s[n] == 'e' || s[n] == 'E') {
		m := n + 1
		if m < len(s) && (s[m] == '+' || s[m] == '-') {
			m++
		}
		if m < len(s) && isDigit(s[m]) {
			for m < len(s) && isDigit(s[m]) {
				m++
			}
			n = m
		}
	}
	return n
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= 0x80 }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '@' || c == '$' }
