package coldstartview

import "charm.land/bubbles/v2/key"

// keyMap is every binding of the demo, shown by the help bar.
type keyMap struct {
	Invoke, Burst, Slow, Memory, Profile, Limit, Skip, Reset key.Binding
}

var keys = keyMap{
	Invoke:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invoke")),
	Burst:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "burst of 6")),
	Slow:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "slow request (timeout)")),
	Memory:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "memory")),
	Profile: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "light/heavy")),
	Limit:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "concurrency limit")),
	Skip:    key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "skip to idle reap")),
	Reset:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset")),
}

func (k keyMap) all() []key.Binding {
	return []key.Binding{k.Invoke, k.Burst, k.Slow, k.Memory, k.Profile, k.Limit, k.Skip, k.Reset}
}

// burstSize is how many invocations b sends at once.
const burstSize = 6

// The knob values the keys cycle through.
var (
	memorySizes = []int{128, 512, 1769, 3538}
	limits      = []int{10, 2, 5}
)

// next is the value after cur in values (the first when cur is not in them).
func next(values []int, cur int) int {
	for i, v := range values {
		if v == cur {
			return values[(i+1)%len(values)]
		}
	}
	return values[0]
}
