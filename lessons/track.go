package lessons

import "strings"

// ParseTrack reads a track.yaml file: id, title, description, order.
func ParseTrack(path string, data []byte) (*Track, []Problem) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\uFEFF"), "\r\n", "\n")
	b := &yamlBlock{file: path, offset: 0, first: 1, last: strings.Count(text, "\n") + 1}
	root := b.parse(text, "track.yaml")
	if root == nil {
		return nil, b.problems
	}
	t := &Track{Path: path}
	keys := b.fields(root, "track.yaml",
		field{"id", b.text(&t.ID)},
		field{"title", b.text(&t.Title)},
		field{"description", b.text(&t.Description)},
		field{"order", b.number(&t.Order)},
	)
	b.required("track.yaml", keys, map[string]string{"id": t.ID, "title": t.Title})
	if k := keys["id"]; k != nil {
		t.idLine = k.Line
		if t.ID != "" && !slugRE.MatchString(t.ID) {
			b.at(k, "track id %q must be a slug: lower-case letters, digits and single dashes", t.ID)
		}
	}
	sortProblems(b.problems)
	return t, b.problems
}
