package record

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"sync"
	"time"

	jsonpatch "github.com/evanphx/json-patch/v5"
)

// Defaults for the Writer, see FORMAT.md for how they were chosen: a
// cluster demo's deltas are 60% of a keyframe, so K hardly changes the size,
// and 5 s keeps a seek to at most 20 deltas.
const (
	DefaultKeyframeEvery = 5 * time.Second
	flushEvery           = time.Second // of recording time
	flushRecords         = 64
	flushBytes           = 64 << 10
)

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("record: writer is closed")

// Writer writes one recording. It buffers whole lines and hands them to the
// underlying writer in one Write, so a run that is killed leaves a file that
// ends at a line boundary (or, at worst, one cut line the reader drops).
// It is safe for concurrent use; it does not close the underlying writer.
type Writer struct {
	mu    sync.Mutex
	w     io.Writer    // the file, or zw over it
	zw    *gzip.Writer // nil unless Compressed
	every time.Duration
	buf   []byte // whole lines not handed to w yet
	err   error  // sticky: the first failure, or ErrClosed

	lastT     time.Duration // time never goes backwards in the file
	flushedAt time.Duration
	unflushed int // records in buf

	prev     []byte // the last state written, as marshalled
	keyframe time.Duration
}

// Option tunes a Writer.
type Option func(*Writer)

// KeyframeEvery sets how much recording time may pass between two full
// states; seeks apply at most that long a run of deltas.
func KeyframeEvery(d time.Duration) Option { return func(w *Writer) { w.every = d } }

// Compressed gzips the whole file (30 times smaller for a cluster demo,
// whose deltas repeat whole arrays). Every flush is a gzip sync flush, so a
// file cut short still reads up to about its last flush.
func Compressed() Option {
	return func(w *Writer) {
		if w.zw == nil {
			w.zw = gzip.NewWriter(w.w)
			w.w = w.zw
		}
	}
}

// NewWriter writes the header and returns a Writer for the records.
func NewWriter(w io.Writer, h Header, opts ...Option) (*Writer, error) {
	h.Format = Format
	if len(h.Options) == 0 {
		h.Options = json.RawMessage("{}")
	}
	line, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	rw := &Writer{w: w, every: DefaultKeyframeEvery}
	for _, o := range opts {
		o(rw)
	}
	rw.buf = append(append(rw.buf, line...), '\n')
	// The header goes out at once: a file without one cannot be read at all.
	if err := rw.flush(); err != nil {
		return nil, err
	}
	return rw, nil
}

// Write records a plain record: body is marshalled (a json.RawMessage is
// kept as given) under the key typ.
func (w *Writer) Write(t time.Duration, typ string, body any) error {
	if err := checkType(typ); err != nil {
		return err
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.line(t, typ, typ, b)
}

// State records the state at t: a keyframe, a delta from the previous state,
// or nothing when it did not change. Pass a json.RawMessage to avoid
// marshalling a state twice.
func (w *Writer) State(t time.Duration, state any) error {
	cur, err := json.Marshal(state)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	if bytes.Equal(cur, w.prev) {
		return nil
	}
	t = max(t, w.lastT)
	// Merge patches only go from object to object.
	if !isObject(w.prev) || !isObject(cur) || t-w.keyframe >= w.every {
		return w.writeKeyframe(t, cur)
	}
	patch, err := jsonpatch.CreateMergePatch(w.prev, cur)
	if err != nil {
		return w.writeKeyframe(t, cur)
	}
	if string(patch) == "{}" { // equal but for the spelling
		return nil
	}
	// A null in a merge patch deletes a key, so a state that holds nulls
	// cannot always be patched to exactly; a keyframe always can.
	if len(patch) >= len(cur) || hasNull(patch) && hasNull(cur) {
		return w.writeKeyframe(t, cur)
	}
	w.prev = cur
	return w.line(t, TypeDelta, "patch", patch)
}

func (w *Writer) writeKeyframe(t time.Duration, state []byte) error {
	w.prev, w.keyframe = state, t
	return w.line(t, TypeKeyframe, "state", state)
}

// line appends {"t_ms":t,"type":typ,"key":body} and flushes when due.
func (w *Writer) line(t time.Duration, typ, key string, body []byte) error {
	if w.err != nil {
		return w.err
	}
	t = max(t, w.lastT)
	w.lastT = t
	b := append(w.buf, `{"t_ms":`...)
	b = strconv.AppendInt(b, t.Milliseconds(), 10)
	b = append(b, `,"type":"`...)
	b = append(b, typ...)
	b = append(b, `","`...)
	b = append(b, key...)
	b = append(b, `":`...)
	b = append(b, body...)
	w.buf = append(b, "}\n"...)
	w.unflushed++
	if t-w.flushedAt >= flushEvery || w.unflushed >= flushRecords || len(w.buf) >= flushBytes {
		return w.flush()
	}
	return nil
}

func (w *Writer) flush() error {
	if len(w.buf) > 0 {
		_, err := w.w.Write(w.buf)
		if err == nil && w.zw != nil {
			err = w.zw.Flush()
		}
		if err != nil {
			w.err = err
			return err
		}
	}
	w.buf, w.unflushed, w.flushedAt = w.buf[:0], 0, w.lastT
	return nil
}

// Flush hands the buffered lines to the underlying writer.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	return w.flush()
}

// Close flushes; later writes fail with ErrClosed. Closing twice is fine.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == ErrClosed {
		return nil
	}
	err := w.err
	if err == nil {
		err = w.flush()
	}
	if err == nil && w.zw != nil {
		err = w.zw.Close() // the gzip trailer; the file itself is the caller's
	}
	w.err = ErrClosed
	return err
}

func isObject(b []byte) bool { return len(b) > 0 && b[0] == '{' }

// hasNull reports whether compact JSON b holds a null: outside strings, the
// only token that starts with 'n'.
func hasNull(b []byte) bool {
	in := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case !in && c == 'n':
			return true
		}
	}
	return false
}
