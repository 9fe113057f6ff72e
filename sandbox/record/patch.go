package record

import (
	"bytes"
	"errors"
	"strconv"
)

// Version 2 deltas (FORMAT.md): an RFC 7386 merge patch in which an array
// can also be patched rather than replaced whole. {"[]":[pieces]} rebuilds
// the array from the one it replaces, piece by piece:
//
//	[i,n]  the n elements from index i of the old array, as they were
//	[i,p]  old element i with the patch p (an object) applied
//	[v]    a new element v, as written
//
// A cluster's pods keep their order while every pod's age changes, and its
// traffic history slides along one second at a time: both patch to a few
// bytes per element, where a merge patch repeats the whole array.

// arrayPatchKey is the one key of an array patch. The writer never writes a
// delta for a state that has the key itself (a keyframe instead), so the
// reader cannot mistake a real object for an array patch.
var arrayPatchKey = []byte(`"[]"`)

// hasArrayPatchKey reports whether compact JSON b may hold the key "[]"
// (it may also be inside a string: that only costs a keyframe).
func hasArrayPatchKey(b []byte) bool { return bytes.Contains(b, []byte(`"[]":`)) }

// maxShift is how far the writer looks for an array that slid along: a
// window of the last seconds that dropped its oldest entries.
const maxShift = 8

var (
	errBadPatch = errors.New("malformed array patch")
	// errSetsNull: a null in a patch removes a key, so no patch sets one
	// to null; the writer writes a keyframe instead.
	errSetsNull = errors.New("a key set to null")
)

// createPatch is the patch from the object a to the object b; "{}" if they
// are equal but for the spelling.
func createPatch(a, b []byte) ([]byte, error) { return objectPatch(a, b) }

func objectPatch(a, b []byte) ([]byte, error) {
	ma, mb, err := splitBoth(members, a, b)
	if err != nil {
		return nil, err
	}
	out := []byte{'{'}
	add := func(key, val []byte) {
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, key...), ':'), val...)
	}
	for i, m := range mb {
		j := find(ma, m.key, i)
		switch {
		case isNull(m.val) && (j < 0 || !isNull(ma[j].val)):
			return nil, errSetsNull
		case j < 0:
			add(m.key, m.val)
		case !bytes.Equal(ma[j].val, m.val):
			p, _, err := change(ma[j].val, m.val)
			if err != nil {
				return nil, err
			}
			if p != nil {
				add(m.key, p)
			}
		}
	}
	for i, m := range ma {
		if find(mb, m.key, i) < 0 {
			add(m.key, []byte("null")) // RFC 7386: null removes the key
		}
	}
	return append(out, '}'), nil
}

// change is how a patch writes a value that went from x to y: a patch of x
// (patched) when both are objects, or both arrays and the array patch is
// the shorter; y itself otherwise. It is nil when x and y are equal but for
// the spelling.
func change(x, y []byte) (p []byte, patched bool, err error) {
	switch {
	case isObject(x) && isObject(y):
		p, err = objectPatch(x, y)
		if string(p) == "{}" {
			return nil, false, err
		}
		return p, true, err
	case isArray(x) && isArray(y):
		p, err = arrayPatch(x, y)
		if p == nil || err != nil {
			return nil, false, err
		}
		if len(p) < len(y) {
			return p, true, nil
		}
	}
	return y, false, nil
}

// arrayPatch is the array patch from the array a to the array b; nil if
// they are equal but for the spelling.
func arrayPatch(a, b []byte) ([]byte, error) {
	ea, eb, err := splitBoth(elements, a, b)
	if err != nil {
		return nil, err
	}
	shift := bestShift(ea, eb)
	out := append([]byte(`{`), arrayPatchKey...)
	out = append(out, ":["...)
	pieces := 0
	piece := func(parts ...[]byte) {
		if pieces++; pieces > 1 {
			out = append(out, ',')
		}
		out = append(append(out, '['), bytes.Join(parts, []byte{','})...)
		out = append(out, ']')
	}
	runFrom, runLen := 0, 0 // old elements to copy, not written yet
	endRun := func() {
		if runLen > 0 {
			piece(strconv.AppendInt(nil, int64(runFrom), 10), strconv.AppendInt(nil, int64(runLen), 10))
		}
		runLen = 0
	}
	copies := 0
	for j, e := range eb {
		i := j + shift
		var p []byte
		patched := false
		if i < len(ea) && !bytes.Equal(ea[i], e) {
			p, patched, err = change(ea[i], e)
			if errors.Is(err, errSetsNull) { // the element is written whole
				p, patched, err = e, false, nil
			}
			if err != nil {
				return nil, err
			}
		}
		switch {
		case i < len(ea) && p == nil: // the same element
			if runLen == 0 || runFrom+runLen != i {
				endRun()
				runFrom = i
			}
			runLen++
			copies++
		case patched && len(p) < len(e):
			endRun()
			piece(strconv.AppendInt(nil, int64(i), 10), p)
		default:
			endRun()
			piece(e)
		}
	}
	endRun()
	if copies == len(ea) && len(ea) == len(eb) && shift == 0 {
		return nil, nil
	}
	return append(out, "]}"...), nil
}

// splitBoth splits a and b the same way: into members, or elements.
func splitBoth[T any](split func([]byte) (T, error), a, b []byte) (ta, tb T, err error) {
	if ta, err = split(a); err == nil {
		tb, err = split(b)
	}
	return ta, tb, err
}

// bestShift is the offset d (0 ≤ d ≤ maxShift) for which the most of b's
// elements equal a's d places on; the smallest such d.
func bestShift(a, b [][]byte) int {
	best, most := 0, -1
	for d := 0; d <= maxShift && d < len(a); d++ {
		n := 0
		for j := 0; j < len(b) && j+d < len(a); j++ {
			if bytes.Equal(a[j+d], b[j]) {
				n++
			}
		}
		if n > most {
			best, most = d, n
		}
		if n == len(b) {
			break
		}
	}
	return best
}

// applyPatch applies a version 2 patch to the state doc.
func applyPatch(doc, patch []byte) ([]byte, error) {
	doc, patch = bytes.TrimSpace(doc), bytes.TrimSpace(patch)
	return appendPatched(make([]byte, 0, len(doc)+len(patch)), doc, patch)
}

// appendPatched appends x with the patch p applied. As in RFC 7386, an
// object p is merged into an object x, and any other p replaces x. Unlike
// it, an object p replaces an x that is not an object as written, nulls
// and all: a new value is written whole, so nothing in it is a patch.
func appendPatched(out, x, p []byte) ([]byte, error) {
	if !isObject(p) {
		return append(out, p...), nil
	}
	mp, err := members(p)
	if err != nil {
		return nil, err
	}
	if len(mp) == 1 && bytes.Equal(mp[0].key, arrayPatchKey) {
		return appendRebuilt(out, x, mp[0].val)
	}
	if !isObject(x) {
		return append(out, p...), nil
	}
	mx, err := members(x)
	if err != nil {
		return nil, err
	}
	out = append(out, '{')
	first := true
	add := func(key, x, p []byte) error {
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(append(out, key...), ':')
		if p == nil {
			out = append(out, x...)
			return nil
		}
		out, err = appendPatched(out, x, p)
		return err
	}
	for _, m := range mx {
		j := find(mp, m.key, len(mp))
		switch {
		case j < 0:
			err = add(m.key, m.val, nil)
		case !isNull(mp[j].val):
			err = add(m.key, m.val, mp[j].val)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, m := range mp {
		if !isNull(m.val) && find(mx, m.key, len(mx)) < 0 {
			if err := add(m.key, nil, m.val); err != nil {
				return nil, err
			}
		}
	}
	return append(out, '}'), nil
}

// appendRebuilt appends the array an array patch's pieces build from x.
func appendRebuilt(out, x, pieces []byte) ([]byte, error) {
	if !isArray(x) {
		return nil, errors.New("an array patch of a value that is not an array")
	}
	ex, err := elements(x)
	if err != nil {
		return nil, err
	}
	ps, err := elements(pieces)
	if err != nil {
		return nil, errBadPatch
	}
	out = append(out, '[')
	first := true
	next := func() {
		if !first {
			out = append(out, ',')
		}
		first = false
	}
	for _, piece := range ps {
		parts, err := elements(piece)
		if err != nil {
			return nil, errBadPatch
		}
		if len(parts) == 1 { // [v]
			next()
			out = append(out, parts[0]...)
			continue
		}
		i, ok := index(parts, 0, len(ex)-1)
		switch {
		case !ok || len(parts) != 2:
			return nil, errBadPatch
		case isObject(parts[1]): // [i,p]
			next()
			if out, err = appendPatched(out, ex[i], parts[1]); err != nil {
				return nil, err
			}
		default: // [i,n]
			n, ok := index(parts, 1, len(ex)-i)
			if !ok {
				return nil, errBadPatch
			}
			for _, e := range ex[i : i+n] {
				next()
				out = append(out, e...)
			}
		}
	}
	return append(out, ']'), nil
}

// index reads parts[k] as an integer from 0 to most.
func index(parts [][]byte, k, most int) (int, bool) {
	if k >= len(parts) {
		return 0, false
	}
	n, err := strconv.Atoi(string(parts[k]))
	return n, err == nil && 0 <= n && n <= most
}

func isNull(b []byte) bool { return string(b) == "null" }

// onlyKeys reports whether every change a patch makes is to one of keys
// (quoted, as in the JSON), at any depth.
func onlyKeys(patch []byte, keys map[string]bool) bool {
	mp, err := members(patch)
	if err != nil || len(mp) == 0 {
		return false
	}
	if len(mp) == 1 && bytes.Equal(mp[0].key, arrayPatchKey) {
		pieces, err := elements(mp[0].val)
		if err != nil {
			return false
		}
		for _, piece := range pieces {
			parts, err := elements(piece)
			if err != nil || len(parts) != 2 || isObject(parts[1]) && !onlyKeys(parts[1], keys) {
				return false // a new element, or a patched one with other changes
			}
		}
		return true
	}
	for _, m := range mp {
		if !keys[string(m.key)] && !(isObject(m.val) && onlyKeys(m.val, keys)) {
			return false
		}
	}
	return true
}
