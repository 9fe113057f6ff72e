package chart

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// point is one sample of a series: T in seconds since the recording began.
type point struct{ T, V float64 }

// mark is a moment worth a vertical line, with a short label.
type mark struct {
	T     float64
	Label string
}

// span is an interval of time, in seconds.
type span struct{ From, To float64 }

// seconds is a recording time on the chart's time axis.
func seconds(d time.Duration) float64 { return d.Seconds() }

// steps builds a step series: a point where the value changes, so a long
// steady run costs nothing, and one at the end so the last step is drawn.
type steps []point

func (s *steps) add(t, v float64) {
	if n := len(*s); n > 0 && (*s)[n-1].V == v {
		return
	}
	*s = append(*s, point{t, v})
}

func (s steps) until(end float64) steps {
	if n := len(s); n > 0 && s[n-1].T < end {
		return append(s, point{end, s[n-1].V})
	}
	return s
}

// eachState decodes every recorded state into a fresh T, in time order.
func eachState[T any](rec *record.Recording, f func(t float64, s *T)) error {
	times := rec.StateTimes()
	for i, t := range times {
		if i+1 < len(times) && times[i+1] == t {
			continue // StateAt(t) is the last state of that millisecond
		}
		raw, err := rec.StateAt(t)
		if err != nil {
			return err
		}
		s := new(T)
		if err := json.Unmarshal(raw, s); err != nil {
			return fmt.Errorf("state at %v: %w", t, err)
		}
		f(seconds(t), s)
	}
	return nil
}

// eachEvent decodes every "event" record into a fresh T, in time order.
func eachEvent[T any](rec *record.Recording, f func(t float64, e *T)) error {
	for _, r := range rec.RecordsOf("event") {
		e := new(T)
		if err := json.Unmarshal(r.Body, e); err != nil {
			return fmt.Errorf("event at %v: %w", r.T, err)
		}
		f(seconds(r.T), e)
	}
	return nil
}
