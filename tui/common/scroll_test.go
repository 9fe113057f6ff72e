package common

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

func TestScrollKeysMove(t *testing.T) {
	all := LineAndPageKeys()
	all.Top = key.NewBinding(key.WithKeys("g"))
	all.Bottom = key.NewBinding(key.WithKeys("G"))
	for _, tc := range []struct {
		name  string
		keys  ScrollKeys
		press tea.KeyPressMsg
		from  int
		moved bool
		at    int
	}{
		{"down a line", all, tea.KeyPressMsg{Code: 'j', Text: "j"}, 0, true, 1},
		{"up a line", all, tea.KeyPressMsg{Code: tea.KeyUp}, 5, true, 4},
		{"a page down", all, tea.KeyPressMsg{Code: 'f', Text: "f"}, 0, true, 10},
		{"to the end", all, tea.KeyPressMsg{Code: 'G', Text: "G"}, 0, true, 90},
		{"to the top", all, tea.KeyPressMsg{Code: 'g', Text: "g"}, 50, true, 0},
		{"not offered", LineAndPageKeys(), tea.KeyPressMsg{Code: 'G', Text: "G"}, 5, false, 5},
		{"not a scroll key", all, tea.KeyPressMsg{Code: 'x', Text: "x"}, 5, false, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vp := viewport.New(viewport.WithWidth(20), viewport.WithHeight(10))
			vp.SetContent(strings.Repeat("line\n", 99) + "last")
			vp.SetYOffset(tc.from)
			if moved := tc.keys.Move(&vp, tc.press); moved != tc.moved || vp.YOffset() != tc.at {
				t.Errorf("moved %v to %d, want %v to %d", moved, vp.YOffset(), tc.moved, tc.at)
			}
		})
	}
}
