package record

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"testing"
	"time"
)

// A compressed recording holds the same lines as a plain one.
func TestCompressedRoundTrip(t *testing.T) {
	var plain, zipped bytes.Buffer
	recordSim(t, &plain, time.Minute)
	recordSim(t, &zipped, time.Minute, Compressed(), Compressed())
	if zipped.Len()*5 > plain.Len() {
		t.Errorf("compressed %d bytes, plain %d: expected 5 times smaller at least", zipped.Len(), plain.Len())
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(lines, plain.Bytes()) {
		t.Fatalf("the compressed recording holds other lines (%v)", err)
	}
	rec := open(t, zipped.Bytes())
	if rec.Duration() != time.Minute || rec.Truncated != 0 || len(rec.Records()) == 0 {
		t.Errorf("opened: duration %v, truncated %d, %d records", rec.Duration(), rec.Truncated, len(rec.Records()))
	}
}

// A compressed recording cut anywhere after its header's flush reads up to
// about the cut, like a plain one.
func TestCompressedTruncated(t *testing.T) {
	var steps []step
	for i := range 40 {
		at := time.Duration(i) * 250 * ms
		steps = append(steps, st(at, fmt.Sprintf(`{"n":%d,"pods":["a","b"]}`, i)))
		steps = append(steps, ev(at+ms, "event", fmt.Sprintf(`{"i":%d}`, i)))
	}
	s := &spy{}
	w, err := NewWriter(s, testHeader, Compressed(), KeyframeEvery(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	headerEnd := len(s.all())
	_ = w.Close()
	full := record(t, steps, Compressed(), KeyframeEvery(2*time.Second))
	whole := open(t, full)
	for cut := range len(full) + 1 {
		rec, err := Open(bytes.NewReader(full[:cut]))
		if err != nil {
			if cut >= headerEnd {
				t.Errorf("cut at %d of %d (header ends at %d): %v", cut, len(full), headerEnd, err)
			}
			continue
		}
		d := rec.Duration()
		got, err := rec.StateAt(d)
		want, _ := whole.StateAt(d)
		if err != nil || got != nil && canonical(t, got) != canonical(t, want) {
			t.Errorf("cut at %d: StateAt(%v) = %s, %v; want %s", cut, d, got, err, want)
		}
	}
}
