package exercise

import (
	"math"
	"strconv"
)

// Value is one measured value: a number, a flag or a text.
type Value struct {
	Kind Kind
	Num  float64
	Bool bool
	Text string
}

// NumberValue, FlagValue and TextValue make values for the runner.
func NumberValue(f float64) Value { return Value{Kind: Number, Num: f} }
func FlagValue(b bool) Value      { return Value{Kind: Flag, Bool: b} }
func TextValue(s string) Value    { return Value{Kind: Text, Text: s} }

// Measurements are the values one run measured, by measurement name.
type Measurements map[string]Value

// String shows a value in a message: whole numbers without decimals,
// others rounded to two places.
func (v Value) String() string {
	switch v.Kind {
	case Flag:
		return strconv.FormatBool(v.Bool)
	case Text:
		return v.Text
	}
	if v.Num == math.Trunc(v.Num) && math.Abs(v.Num) < 1e15 {
		return strconv.FormatFloat(v.Num, 'f', 0, 64)
	}
	return strconv.FormatFloat(math.Round(v.Num*100)/100, 'f', -1, 64)
}
