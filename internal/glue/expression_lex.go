package glue

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies the tokens of a partition expression.
type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokIdent            // year, "year", `year`
	tokString           // 'text'
	tokNumber           // 42, -1, 3.5
	tokOp               // = <> != < > <= >=
	tokLParen
	tokRParen
	tokComma
	tokKeyword // AND OR NOT BETWEEN IN LIKE IS NULL DATE TIMESTAMP TRUE FALSE
)

// token is one lexeme with its offset in the expression (for messages).
type token struct {
	kind tokenKind
	text string
	pos  int
}

var expressionKeywords = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "BETWEEN": true, "IN": true, "LIKE": true,
	"IS": true, "NULL": true, "DATE": true, "TIMESTAMP": true, "TRUE": true, "FALSE": true,
	"ESCAPE": true,
}

// lexExpression splits a partition expression into tokens.
func lexExpression(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case r == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case r == ',':
			toks = append(toks, token{tokComma, ",", i})
			i++
		case r == '=':
			toks = append(toks, token{tokOp, "=", i})
			i++
		case r == '<' || r == '>' || r == '!':
			op := string(r)
			if i+1 < len(src) && (src[i+1] == '=' || (r == '<' && src[i+1] == '>')) {
				op += string(src[i+1])
			}
			if op == "!" {
				return nil, fmt.Errorf("unexpected character '!' at position %d", i)
			}
			toks = append(toks, token{tokOp, op, i})
			i += len(op)
		case r == '\'':
			s, n, err := lexQuoted(src[i:], '\'')
			if err != nil {
				return nil, fmt.Errorf("%v at position %d", err, i)
			}
			toks = append(toks, token{tokString, s, i})
			i += n
		case r == '"' || r == '`':
			s, n, err := lexQuoted(src[i:], byte(r))
			if err != nil {
				return nil, fmt.Errorf("%v at position %d", err, i)
			}
			toks = append(toks, token{tokIdent, s, i})
			i += n
		case r == '-' || r == '+' || r == '.' || (r >= '0' && r <= '9'):
			n := lexNumber(src[i:])
			if n == 0 {
				return nil, fmt.Errorf("unexpected character '%c' at position %d", r, i)
			}
			toks = append(toks, token{tokNumber, src[i : i+n], i})
			i += n
		case r == '_' || unicode.IsLetter(r):
			n := lexIdent(src[i:])
			word := src[i : i+n]
			if up := strings.ToUpper(word); expressionKeywords[up] {
				toks = append(toks, token{tokKeyword, up, i})
			} else {
				toks = append(toks, token{tokIdent, word, i})
			}
			i += n
		default:
			return nil, fmt.Errorf("unexpected character '%c' at position %d", r, i)
		}
	}
	return append(toks, token{tokEOF, "", len(src)}), nil
}

// lexQuoted reads a quoted run starting at s[0] == q, where a doubled quote
// stands for one; it returns the unquoted text and the bytes consumed.
func lexQuoted(s string, q byte) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != q {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == q {
			b.WriteByte(q)
			i++
			continue
		}
		return b.String(), i + 1, nil
	}
	return "", 0, fmt.Errorf("unterminated quoted text")
}

// lexNumber returns the length of the numeric literal at the start of s:
// an optional sign, digits with at most one '.', and an optional exponent.
func lexNumber(s string) int {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, dot := 0, false
scan:
	for ; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			digits++
		case s[i] == '.' && !dot:
			dot = true
		default:
			break scan
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

// lexIdent returns the length of the identifier at the start of s. Dots
// are allowed inside, as JSQLParser reads "t.col" as one column reference.
func lexIdent(s string) int {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '_' && r != '.' && r != '$' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i += size
	}
	return i
}
