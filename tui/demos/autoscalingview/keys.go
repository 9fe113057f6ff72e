package autoscalingview

import "charm.land/bubbles/v2/key"

// keyMap is every binding of the demo, shown by the help bar. The host
// handles ? (full help) and q (quit).
type keyMap struct {
	LoadUp, LoadDown, WorkUp, WorkDown, Reset key.Binding
}

var keys = keyMap{
	LoadUp:   key.NewBinding(key.WithKeys("+", "=", "up"), key.WithHelp("+/↑", "more requests/s")),
	LoadDown: key.NewBinding(key.WithKeys("-", "_", "down"), key.WithHelp("-/↓", "fewer requests/s")),
	WorkUp:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "more CPU per request")),
	WorkDown: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "less CPU per request")),
	Reset:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset")),
}

func (k keyMap) all() []key.Binding {
	return []key.Binding{k.LoadUp, k.LoadDown, k.WorkUp, k.WorkDown, k.Reset}
}

// The load levels the keys step through.
var (
	rates = []int{2, 4, 6, 10, 15, 20, 30, 45, 60, 90, 120}
	works = []int{0, 4, 8, 16, 32, 64}
)

// next is the value after cur in values by dir, held at the ends; a value
// not in values moves to the nearest one above (or below).
func next(values []int, cur, dir int) int {
	for i, v := range values {
		if v >= cur {
			if v == cur {
				i += dir
			} else if dir < 0 {
				i--
			}
			return values[min(max(i, 0), len(values)-1)]
		}
	}
	return values[len(values)-1]
}
