package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"
)

// spy keeps every Write call, to check that each hands over whole lines.
type spy struct {
	mu     sync.Mutex
	writes [][]byte
	fail   error
}

func (s *spy) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return 0, s.fail
	}
	s.writes = append(s.writes, bytes.Clone(p))
	return len(p), nil
}

func (s *spy) all() []byte { return bytes.Join(s.writes, nil) }

func TestWriterFlushesWholeLines(t *testing.T) {
	tests := []struct {
		name    string
		records int
		every   time.Duration // between records
		flushed int           // records handed over before Close
	}{
		{"a second of recording time", 5, 300 * ms, 5},
		{"every 64 records", 130, 0, 128},
		{"not before it is due", 3, 100 * ms, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &spy{}
			w, err := NewWriter(s, testHeader)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.writes) != 1 {
				t.Fatalf("the header was not written at once")
			}
			for i := range tt.records {
				if err := w.Write(time.Duration(i)*tt.every, "event", map[string]int{"i": i}); err != nil {
					t.Fatal(err)
				}
			}
			if got := bytes.Count(s.all(), []byte("\n")) - 1; got != tt.flushed {
				t.Errorf("%d records handed over before Close, want %d", got, tt.flushed)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			for _, p := range s.writes {
				if len(p) == 0 || p[len(p)-1] != '\n' {
					t.Errorf("a write that does not end a line: %q", p)
				}
			}
			if got := len(open(t, s.all()).Records()); got != tt.records {
				t.Errorf("%d records after Close, want %d", got, tt.records)
			}
		})
	}
}

func TestWriterErrors(t *testing.T) {
	s := &spy{}
	w, err := NewWriter(s, testHeader)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"", "keyframe", "delta", "type", "t_ms", "Event", "a-b", "1a", `a"b`} {
		if err := w.Write(0, typ, 1); err == nil {
			t.Errorf("Write with type %q: no error", typ)
		}
	}
	if err := w.Write(0, "event", func() {}); err == nil {
		t.Error("Write of a func: no error")
	}
	if err := w.State(0, make(chan int)); err == nil {
		t.Error("State of a chan: no error")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if err := w.Write(0, "event", 1); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
	if err := w.State(0, 1); !errors.Is(err, ErrClosed) {
		t.Errorf("State after Close = %v, want ErrClosed", err)
	}

	broken := errors.New("disk full")
	s = &spy{}
	w, _ = NewWriter(s, testHeader)
	s.fail = broken
	if err := w.Flush(); err != nil {
		t.Errorf("Flush with nothing buffered = %v", err)
	}
	_ = w.Write(0, "event", 1)
	if err := w.Flush(); !errors.Is(err, broken) {
		t.Errorf("Flush = %v, want %v", err, broken)
	}
	if err := w.Write(0, "event", 1); !errors.Is(err, broken) {
		t.Errorf("Write after a failed write = %v, want %v", err, broken)
	}
	if err := w.Close(); !errors.Is(err, broken) {
		t.Errorf("Close after a failed write = %v, want %v", err, broken)
	}
}

// Time in the file never goes backwards, so a late caller cannot make a
// recording the reader refuses.
func TestWriterClampsTime(t *testing.T) {
	rec := open(t, record(t, []step{ev(500*ms, "a", `1`), st(200*ms, `{"x":1}`), ev(100*ms, "b", `2`)}))
	for _, r := range rec.Records() {
		if r.T != 500*ms {
			t.Errorf("%s at %v, want 500ms", r.Type, r.T)
		}
	}
	if s, _ := rec.StateAt(500 * ms); canonical(t, s) != `{"x":1}` {
		t.Errorf("state = %s", s)
	}
}

func TestWriterConcurrent(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, testHeader)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				at := time.Duration(i) * 10 * ms
				if g == 0 {
					_ = w.State(at, map[string]int{"i": i})
				} else {
					_ = w.Write(at, "event", map[string]int{"g": g, "i": i})
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rec := open(t, buf.Bytes())
	if n := len(rec.Records()); n != 600 {
		t.Errorf("%d records, want 600", n)
	}
	if s, err := rec.StateAt(rec.Duration()); err != nil || !json.Valid(s) {
		t.Errorf("last state = %s, %v", s, err)
	}
}
