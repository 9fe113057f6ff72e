package exercise

import (
	"cmp"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/coldstart-dev/coldstart/lessons"
)

const maxHints = 3

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse reads one exercise.yaml. path names the file in problems. It
// returns the exercise as far as it could be read (nil when the file is not
// a YAML mapping) and every problem the file shows on its own; checks across
// files (the folder name, task.md, files/ and solution/, the lesson) happen
// in Load.
func Parse(path string, data []byte) (*Exercise, []lessons.Problem) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\uFEFF"), "\r\n", "\n")
	y := yamlFile{lessons.NewYAMLFile(path, text)}
	root := y.Parse(text, "exercise.yaml")
	if root == nil {
		return nil, y.Problems()
	}
	x := &Exercise{line: map[string]int{}}
	var (
		engine               string
		stepTexts, hints     []string
		stepLines, hintLines []int
		checkNodes           []*yaml.Node
	)
	keys := y.Fields(root, "exercise.yaml",
		key("id", y.Text(&x.ID)),
		key("title", y.Text(&x.Title)),
		key("track", y.Text(&x.Track)),
		key("lesson", y.Text(&x.Lesson)),
		key("minutes", y.Number(&x.Minutes)),
		key("engine", y.Text(&engine)),
		key("files", y.Texts(&x.Files, &x.fileLines)),
		key("steps", y.Texts(&stepTexts, &stepLines)),
		key("checks", y.List(func(_, e *yaml.Node) { checkNodes = append(checkNodes, e) })),
		key("hints", y.Texts(&hints, &hintLines)),
	)
	for name, k := range keys {
		x.line[name] = k.Line
	}
	for _, name := range []string{"id", "title", "track", "lesson", "engine", "files", "steps", "checks", "hints"} {
		if keys[name] == nil {
			y.Addf(1, "exercise.yaml needs %q", name)
		}
	}
	for name, v := range map[string]string{"id": x.ID, "title": x.Title, "track": x.Track, "lesson": x.Lesson, "engine": engine} {
		if k := keys[name]; k != nil && v == "" {
			y.At(k, "%q is empty", name)
		}
	}
	for name, v := range map[string]string{"id": x.ID, "track": x.Track, "lesson": x.Lesson} {
		if v != "" && !slugRE.MatchString(v) {
			y.At(keys[name], "%s %q must be a slug: lower-case letters, digits and single dashes", name, v)
		}
	}
	if x.Minutes < 0 {
		y.At(keys["minutes"], "\"minutes\" must not be negative")
	}
	x.Engine = Engine(engine)
	if engine != "" && !knownEngine(x.Engine) {
		y.At(keys["engine"], "unknown engine %q (known: %s, %s)", engine, Orchestration, Serverless)
	}

	y.files(x, keys["files"])
	if knownEngine(x.Engine) { // steps and checks mean something only on a known engine
		x.Steps = y.steps(x.Engine, keys["steps"], stepTexts, stepLines)
		for _, n := range checkNodes {
			if c := y.check(x.Engine, n, x.Checks); c != nil {
				x.Checks = append(x.Checks, *c)
			}
		}
		if k := keys["checks"]; k != nil && len(checkNodes) == 0 {
			y.At(k, "an exercise needs at least one check")
		}
	}
	if k := keys["hints"]; k != nil {
		if len(hints) == 0 || len(hints) > maxHints {
			y.At(k, "an exercise needs 1 to %d hints (a nudge, where to look, the fix), has %d", maxHints, len(hints))
		}
		for i, h := range hints {
			if h == "" {
				y.Addf(hintLines[i], "hint %d is empty", i+1)
			}
		}
	}
	x.Hints = hints
	slices.SortFunc(y.Problems(), func(a, b lessons.Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message))
	})
	return x, y.Problems()
}

// files checks the learner's file names: relative, clean, forward slashes,
// each once.
func (y *yamlFile) files(x *Exercise, key *yaml.Node) {
	if key != nil && len(x.Files) == 0 {
		y.At(key, "\"files\" must name at least one file, as in [app.yaml]")
	}
	for i, f := range x.Files {
		switch {
		case !fs.ValidPath(f) || f == "." || strings.Contains(f, `\`):
			y.Addf(x.fileLines[i], "file %q must be a relative path with forward slashes, inside files/ (no \"..\")", f)
		case slices.Index(x.Files, f) < i:
			y.Addf(x.fileLines[i], "file %q is listed twice", f)
		}
	}
}

// steps parses the scenario, which must start by putting the learner's
// files on the engine.
func (y *yamlFile) steps(e Engine, key *yaml.Node, texts []string, lines []int) []Step {
	var steps []Step
	for i, t := range texts {
		s, err := ParseStep(e, t)
		if err != nil {
			y.Addf(lines[i], "%v", err)
			continue
		}
		steps = append(steps, s)
	}
	if key != nil && len(texts) == 0 {
		y.At(key, "\"steps\" must list at least one step, starting with %q", opensStep(e))
	} else if len(texts) > 0 && strings.Fields(texts[0] + " x")[0] != opensStep(e) {
		y.Addf(lines[0], "the first step must be %q, which puts the learner's files on the %s engine", opensStep(e), e)
	}
	return steps
}

// check reads one entry of "checks"; earlier are the checks read so far,
// for unique ids. It returns nil when the entry is not a mapping.
func (y *yamlFile) check(e Engine, n *yaml.Node, earlier []Check) *Check {
	if n.Kind != yaml.MappingNode {
		y.At(n, "each check must be \"key: value\" lines: id, assert, not_yet, pass")
		return nil
	}
	c := &Check{Line: n.Line}
	text, value := map[string]string{}, map[string]*yaml.Node{}
	read := func(k, v *yaml.Node) {
		var s string
		y.Text(&s)(k, v)
		text[k.Value], value[k.Value] = s, v
	}
	keys := y.Fields(n, "check", key("id", read), key("assert", read), key("not_yet", read), key("pass", read))
	c.ID = text["id"]
	name := "check"
	if c.ID != "" {
		name = fmt.Sprintf("check %q", c.ID)
	}
	for _, f := range []string{"id", "assert", "not_yet", "pass"} {
		switch {
		case keys[f] == nil:
			y.At(n, "%s needs %q", name, f)
		case text[f] == "":
			y.At(keys[f], "%s: %q is empty", name, f)
		}
	}
	if c.ID != "" && !slugRE.MatchString(c.ID) {
		y.At(keys["id"], "check id %q must be a slug: lower-case letters, digits and single dashes", c.ID)
	}
	if i := slices.IndexFunc(earlier, func(o Check) bool { return o.ID == c.ID }); c.ID != "" && i >= 0 {
		y.At(keys["id"], "check id %q is used twice (first at line %d)", c.ID, earlier[i].Line)
	}
	var err error
	if text["assert"] != "" {
		if c.Assert, err = ParseExpr(e, text["assert"]); err != nil {
			y.At(value["assert"], "%s: assert: %v", name, err)
		}
	}
	for _, t := range []struct {
		key string
		dst *Template
	}{{"not_yet", &c.NotYet}, {"pass", &c.Pass}} {
		if text[t.key] == "" {
			continue
		}
		if *t.dst, err = ParseTemplate(e, text[t.key]); err != nil {
			y.At(value[t.key], "%s: %s: %v", name, t.key, err)
		}
	}
	return c
}
