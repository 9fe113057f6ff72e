package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks the parser never panics and every problem points at a
// real line of the file. Seeds: the small lessons in testdata/ (whole
// course lessons make the fuzzer spend its time minimizing).
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.md")
	for _, path := range seeds {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Add(withFront("Text.", "```quiz", "prompt: [", "```"))
	f.Add([]byte("---\n---\n```interview\n"))
	f.Add([]byte("---\nid: x\ntitle: y\ntrack: z\ndemos: {a: b}\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, problems := Parse("f.md", data)
		lines := strings.Count(string(data), "\n") + 1
		for _, p := range problems {
			if p.File != "f.md" || p.Line < 1 || p.Line > lines || p.Message == "" {
				t.Errorf("bad problem %q (file has %d lines)", p.String(), lines)
			}
		}
		if l == nil && len(problems) == 0 {
			t.Error("no lesson and no problem")
		}
		if l != nil {
			for _, q := range l.Quizzes {
				if q.Line < 1 || q.Line > lines {
					t.Errorf("quiz line %d outside the file", q.Line)
				}
			}
		}
	})
}
