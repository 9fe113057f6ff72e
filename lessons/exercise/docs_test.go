package exercise

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// The README documents the step and measurement tables; these renderings
// are what it must contain, so the docs never drift from the code.

func stepTable() string {
	var b strings.Builder
	b.WriteString("| Step | Engine | Argument | What the runner does |\n|------|--------|----------|----------------------|\n")
	for _, s := range KnownSteps {
		name, arg := s.Name, "—"
		switch s.Arg {
		case CountArg:
			name, arg = s.Name+" N", fmt.Sprintf("N: %d to %d", s.Min, s.Max)
		case TimeArg:
			name, arg = s.Name+" T", fmt.Sprintf("T: %s to %s", shortDuration(time.Duration(s.Min)), shortDuration(time.Duration(s.Max)))
		}
		meaning := s.Meaning
		if s.Opens {
			meaning += " **Must be the first step.**"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", name, engineNames(s.Engines), arg, meaning)
	}
	return b.String()
}

func measurementTable() string {
	var b strings.Builder
	b.WriteString("| Measurement | Engine | Type | Unit | Meaning |\n|-------------|--------|------|------|---------|\n")
	for _, m := range KnownMeasurements {
		unit := m.Unit
		if unit == "" {
			unit = "—"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", m.Name, engineNames(m.Engines), m.Kind, unit, m.Meaning)
	}
	return b.String()
}

func TestREADMETables(t *testing.T) {
	raw, err := os.ReadFile("../../content/README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	for name, table := range map[string]string{"step": stepTable(), "measurement": measurementTable()} {
		if !strings.Contains(readme, table) {
			t.Errorf("content/README.md does not hold the %s table as the code defines it; replace it with:\n\n%s", name, table)
		}
	}
}
