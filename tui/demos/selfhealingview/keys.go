package selfhealingview

import "charm.land/bubbles/v2/key"

// keyMap is every binding of the demo, shown by the help bar. The host
// handles ? (full help) and q (quit).
type keyMap struct {
	KillPod, KillNode, Hang, CrashLoop, ScaleUp, ScaleDown, FastForward, Reset key.Binding
}

var keys = keyMap{
	KillPod:     key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "kill a pod")),
	KillNode:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "kill a node")),
	Hang:        key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hang a pod (liveness)")),
	CrashLoop:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "crash loop")),
	ScaleUp:     key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "scale up")),
	ScaleDown:   key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "scale down")),
	FastForward: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "fast-forward timers")),
	Reset:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset")),
}

func (k keyMap) all() []key.Binding {
	return []key.Binding{k.KillPod, k.KillNode, k.Hang, k.CrashLoop, k.ScaleUp, k.ScaleDown, k.FastForward, k.Reset}
}
