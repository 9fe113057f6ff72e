package record

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Open reads a whole recording, plain or gzipped, into memory. A last line
// cut short (the run was killed mid-write) is dropped and reported in
// Truncated; any other bad line is an error that names it.
func Open(r io.Reader) (*Recording, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	rec := &Recording{}
	for n := 1; len(data) > 0; n++ {
		line, rest, whole := bytes.Cut(data, []byte("\n"))
		data = rest
		if n == 1 {
			if err := rec.readHeader(line, whole); err != nil {
				return nil, err
			}
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := rec.add(line); err != nil {
			// Only the last line may be cut short; a line missing nothing
			// but its newline was kept above.
			if !whole {
				rec.Truncated = n
				break
			}
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	if rec.Header.Format == 0 {
		return nil, errors.New("empty file: not a coldstart recording")
	}
	return rec, nil
}

// readAll reads the file, unzipping it if it is gzipped. A gzip stream cut
// short gives what it decoded so far, like a plain file cut short.
func readAll(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return io.ReadAll(br)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("compressed recording cut short or corrupt: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("corrupt compressed recording: %w", err)
	}
	return data, nil
}

func (rec *Recording) readHeader(line []byte, whole bool) error {
	var probe struct {
		Format *int `json:"coldstart_recording"`
	}
	if err := json.Unmarshal(line, &probe); err != nil {
		if !whole {
			return errors.New("recording cut short inside its header (line 1)")
		}
		return errors.New("line 1: not a coldstart recording (no header)")
	}
	switch f := probe.Format; {
	case f == nil:
		return errors.New("line 1: not a coldstart recording (no coldstart_recording in the header)")
	case *f > Format:
		return fmt.Errorf("this recording was made by a newer coldstart (format %d, this one reads up to %d): update coldstart", *f, Format)
	case *f < OldestFormat:
		return fmt.Errorf("recording format %d is no longer supported (this coldstart reads formats %d to %d)", *f, OldestFormat, Format)
	}
	if err := json.Unmarshal(line, &rec.Header); err != nil {
		return fmt.Errorf("line 1: bad header: %w", err)
	}
	return nil
}

// add parses one record line and files it as a state or a plain record.
func (rec *Recording) add(line []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		return err
	}
	var ms int64
	var typ string
	if err := json.Unmarshal(fields["t_ms"], &ms); err != nil || ms < 0 {
		return fmt.Errorf("bad or missing t_ms")
	}
	if err := json.Unmarshal(fields["type"], &typ); err != nil || typ == "" {
		return fmt.Errorf("bad or missing type")
	}
	t := time.Duration(ms) * time.Millisecond
	if t < rec.end {
		return fmt.Errorf("t_ms %d is before the line above (%d)", ms, rec.end.Milliseconds())
	}
	key := typ
	switch typ {
	case TypeKeyframe:
		key = "state"
	case TypeDelta:
		key = "patch"
	}
	body, ok := fields[key]
	if !ok {
		return fmt.Errorf("%q record without %q", typ, key)
	}
	switch typ {
	case TypeKeyframe:
		rec.keyframes = append(rec.keyframes, len(rec.states))
		rec.states = append(rec.states, state{t, true, body, len(rec.records)})
	case TypeDelta:
		if len(rec.states) == 0 {
			return errors.New("a delta before any keyframe")
		}
		if !isObject(bytes.TrimSpace(body)) {
			return errors.New("a delta whose patch is not an object")
		}
		rec.states = append(rec.states, state{t, false, body, len(rec.records)})
	default:
		rec.records = append(rec.records, Record{t, typ, body})
	}
	rec.end = t
	return nil
}
