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
)

// Defaults for the Writer, see FORMAT.md for how they were chosen: a real
// self-healing run keeps about 10 states a second, and a keyframe weighs
// 20 of its deltas; 20 s keeps a seek to about 200 deltas (a few ms).
const (
	DefaultKeyframeEvery = 20 * time.Second
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
	prevT    time.Duration
	keyframe time.Duration

	// Volatile keys: a state that changes only them is held back (see
	// Volatile) as held, with its patch from prev.
	volatile        map[string]bool // quoted keys, as in the JSON
	volatileEvery   time.Duration
	held, heldPatch []byte
	heldT           time.Duration
}

// Option tunes a Writer.
type Option func(*Writer)

// KeyframeEvery sets how much recording time may pass between two full
// states; seeks apply at most that long a run of deltas.
func KeyframeEvery(d time.Duration) Option { return func(w *Writer) { w.every = d } }

// Volatile names keys whose values change at every update: clocks, ages,
// countdowns. A state whose only changes from the last state written are
// to these keys, less than every after it, is held back: a newer state
// replaces it, and it is written only when the next state comes every or
// more after the last one written, or before any other record, a Flush or
// the Close. Every other change is written, at its own time; the clocks a
// replay shows lag the run's by less than every.
func Volatile(every time.Duration, keys ...string) Option {
	return func(w *Writer) {
		w.volatileEvery, w.volatile = every, map[string]bool{}
		for _, k := range keys {
			q, _ := json.Marshal(k)
			w.volatile[string(q)] = true
		}
	}
}

// DemoClocks is Volatile for the demos' snapshots (cluster.Snapshot,
// sandbox/scenario/SCHEMA.md): their clocks, pods' ages, countdowns and
// traffic counters move at every update, and the control plane's updates
// come in bursts, 20 a second and more at timers x20. Held back for up to
// 250 ms, the orchestrator's own refresh period, they write a state about
// 4 times a second plus one for each other change (FORMAT.md).
func DemoClocks() Option {
	return Volatile(250*time.Millisecond, "Time", "Clock", "age_ms", "NextDeadline",
		"next_restart_ms", "not_ready_in_ms", "evict_in_ms", "Traffic", "Elapsed")
}

// Compressed gzips the whole file (about 6 times smaller for a cluster
// demo). Every flush is a gzip sync flush, so a file cut short still reads
// up to about its last flush.
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
	if err := w.writeHeld(); err != nil { // the file keeps time order
		return err
	}
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
	t = max(t, w.lastT)
	// A held state that stood for a while is part of the run: keep it.
	if w.held != nil && t-w.prevT >= w.volatileEvery {
		if err := w.writeHeld(); err != nil {
			return err
		}
	}
	typ, body := w.encode(t, cur)
	switch {
	case typ == "": // the same state again
		w.held = nil
		return nil
	case typ == TypeDelta && w.volatile != nil && t-w.prevT < w.volatileEvery && onlyKeys(body, w.volatile):
		w.held, w.heldPatch, w.heldT = cur, body, t
		return nil
	}
	w.held = nil
	return w.writeState(t, cur, typ, body)
}

// encode is how the state cur is written: a keyframe, a delta (with its
// patch) or nothing ("") when it equals the last state written.
func (w *Writer) encode(t time.Duration, cur []byte) (typ string, body []byte) {
	if bytes.Equal(cur, w.prev) {
		return "", nil
	}
	// Patches only go from object to object, and a state with the array
	// patch's own key could be misread (patch.go).
	if !isObject(w.prev) || !isObject(cur) || t-w.keyframe >= w.every || hasArrayPatchKey(cur) {
		return TypeKeyframe, cur
	}
	patch, err := createPatch(w.prev, cur)
	switch {
	case err != nil || len(patch) >= len(cur):
		return TypeKeyframe, cur
	case string(patch) == "{}": // equal but for the spelling
		return "", nil
	}
	return TypeDelta, patch
}

func (w *Writer) writeState(t time.Duration, state []byte, typ string, body []byte) error {
	w.prev, w.prevT = state, t
	if typ == TypeKeyframe {
		w.keyframe = t
		return w.line(t, typ, "state", body)
	}
	return w.line(t, typ, "patch", body)
}

// writeHeld writes the state held back, if any, at its own time.
func (w *Writer) writeHeld() error {
	if w.held == nil || w.err != nil {
		return w.err
	}
	held := w.held
	w.held = nil
	return w.writeState(w.heldT, held, TypeDelta, w.heldPatch)
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
	if err := w.writeHeld(); err != nil {
		return err
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
	err := w.writeHeld()
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
