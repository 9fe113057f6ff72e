package record

import (
	"bytes"
	"errors"
)

// A small splitter for the version 2 patches (patch.go): it cuts a JSON
// value into its members or elements as byte slices of the original,
// without decoding strings or numbers. Equal parts then compare with
// bytes.Equal, and what a patch keeps is copied through byte for byte.
// Its input is always valid JSON (the writer's json.Marshal output, or a
// line the reader has parsed), but it never panics on anything else.

var errBadJSON = errors.New("malformed JSON in a state or patch")

// member is one "key":value of an object; key is the quoted key as written.
type member struct{ key, val []byte }

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index after the string that starts at b[i] == '"'.
func stringEnd(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errBadJSON
}

// valueEnd is the index after the value that starts at b[i].
func valueEnd(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errBadJSON
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e, err := stringEnd(b, j)
				if err != nil {
					return 0, err
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errBadJSON
	}
	j := i // a number, true, false or null: up to the next delimiter
	for j < len(b) && !isDelimiter(b[j]) {
		j++
	}
	if j == i {
		return 0, errBadJSON
	}
	return j, nil
}

// split cuts an object or array (open is '{' or '[') into its parts,
// calling part with each key (nil in an array) and value.
func split(b []byte, open, close byte, part func(key, val []byte)) error {
	if len(b) < 2 || b[0] != open {
		return errBadJSON
	}
	i := skipSpace(b, 1)
	if i < len(b) && b[i] == close {
		return nil
	}
	for {
		var key []byte
		if open == '{' {
			if i >= len(b) || b[i] != '"' {
				return errBadJSON
			}
			end, err := stringEnd(b, i)
			if err != nil {
				return err
			}
			key = b[i:end]
			if i = skipSpace(b, end); i >= len(b) || b[i] != ':' {
				return errBadJSON
			}
			i = skipSpace(b, i+1)
		}
		end, err := valueEnd(b, i)
		if err != nil {
			return err
		}
		part(key, b[i:end])
		switch i = skipSpace(b, end); {
		case i < len(b) && b[i] == ',':
			i = skipSpace(b, i+1)
		case i < len(b) && b[i] == close:
			return nil
		default:
			return errBadJSON
		}
	}
}

// members are the members of an object, in order.
func members(obj []byte) ([]member, error) {
	out := make([]member, 0, 16) // most objects of a snapshot have fewer

	err := split(obj, '{', '}', func(k, v []byte) { out = append(out, member{k, v}) })
	return out, err
}

// elements are the elements of an array, in order.
func elements(arr []byte) ([][]byte, error) {
	out := make([][]byte, 0, 8)
	err := split(arr, '[', ']', func(_, v []byte) { out = append(out, v) })
	return out, err
}

// find is the index of key among ms, looking at hint first (objects of one
// Go type keep their key order), or -1.
func find(ms []member, key []byte, hint int) int {
	if hint < len(ms) && bytes.Equal(ms[hint].key, key) {
		return hint
	}
	for i, m := range ms {
		if bytes.Equal(m.key, key) {
			return i
		}
	}
	return -1
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', ':', ']', '}', '[', '{', '"', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

func isArray(b []byte) bool { return len(b) > 0 && b[0] == '[' }
