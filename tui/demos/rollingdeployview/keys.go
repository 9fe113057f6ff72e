package rollingdeployview

import "charm.land/bubbles/v2/key"

// keyMap is every binding of the demo, shown by the help bar. The host
// handles ? (full help) and q (quit).
type keyMap struct {
	Deploy, Bad, BadCrash, Undo, Strategy, SurgeUp, SurgeDown, UnavailUp, UnavailDown, Pause, Reset key.Binding
}

var keys = keyMap{
	Deploy:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "deploy next version")),
	Bad:         key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "bad version (never ready)")),
	BadCrash:    key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "bad version (crashes)")),
	Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo (rollback)")),
	Strategy:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "RollingUpdate/Recreate")),
	SurgeUp:     key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+/-", "maxSurge")),
	SurgeDown:   key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "maxSurge down")),
	UnavailUp:   key.NewBinding(key.WithKeys(">", "."), key.WithHelp("</>", "maxUnavailable")),
	UnavailDown: key.NewBinding(key.WithKeys("<", ","), key.WithHelp("<", "maxUnavailable down")),
	Pause:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause/resume")),
	Reset:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset")),
}

func (k keyMap) all() []key.Binding {
	return []key.Binding{k.Deploy, k.Bad, k.BadCrash, k.Undo, k.Strategy, k.SurgeUp, k.UnavailUp, k.Pause, k.Reset}
}

// limits are the values +/- and </> step through.
var limits = []string{"0", "1", "2", "3", "25%", "50%", "100%"}

// step moves v by dir along limits (v itself when it is not one of them
// moves to the first or last).
func step(v string, dir int) string {
	for i, l := range limits {
		if l == v {
			return limits[min(max(i+dir, 0), len(limits)-1)]
		}
	}
	if dir > 0 {
		return limits[len(limits)-1]
	}
	return limits[0]
}
