package explain

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/theme"
)

// stubView is a demo view with a session of cluster engines.
type stubView struct {
	demokit.Base[cluster.Engine, cluster.Update]
}

func (v *stubView) Init() tea.Cmd                           { return nil }
func (v *stubView) Update(tea.Msg) (common.Screen, tea.Cmd) { return v, nil }
func (v *stubView) View() string                            { return "the demo" }
func (v *stubView) SetSize(int, int)                        {}
func (v *stubView) Keys() []key.Binding                     { return nil }

// scaleOnly is an engine that can only scale.
type scaleOnly struct{ cluster.Engine }

func (scaleOnly) Snapshot() *cluster.Snapshot { return &cluster.Snapshot{Deployment: "web"} }
func (scaleOnly) Scale(int) error             { return nil }

// Live: the view's engines are decorated, and their commands reach the log
// through the pump, without the action waiting for the screen.
func TestLiveCommandsReachTheLog(t *testing.T) {
	v := &stubView{Base: demokit.NewBase[cluster.Engine, cluster.Update](nil, "process", "the cluster", true)}
	s := Wrap(common.Context{Theme: theme.New(true, true)}, v).Live(nil)
	if v.Sess.Decorate == nil || s.queue == nil {
		t.Fatal("Live did not decorate the view's session")
	}
	e := v.Sess.Decorate(scaleOnly{})
	for range 3 { // never blocks, however many come before the pump runs
		if err := e.Scale(4); err != nil {
			t.Fatal(err)
		}
	}
	msg := s.queue.wait()()
	s.SetSize(100, 20)
	if _, cmd := s.Update(msg); cmd == nil {
		t.Error("the pump was not re-armed")
	}
	if len(s.commands) != 3 || s.commands[0].Text != "kubectl scale deployment/web --replicas=4" {
		t.Errorf("log %+v", s.commands)
	}
	s.Close()
	if msg := s.queue.wait()(); msg != nil {
		t.Errorf("after Close the pump gave %v", msg)
	}
}

// A screen whose engine Live does not know is left alone.
func TestLiveLeavesOtherScreens(t *testing.T) {
	s := Wrap(common.Context{}, &plain{}).Live(func(scenario.Command) {})
	if s.queue != nil || s.Init() != nil {
		t.Error("Live started a pump for a screen without a known session")
	}
	s.SetSize(80, 20)
	s.Update(tea.KeyPressMsg{Code: ':', Text: ":"})
	if out := s.View(); !strings.Contains(out, "no actions yet") || !s.HandlesEsc() {
		t.Errorf("the command log of a quiet demo:\n%s", out)
	}
	s.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if s.View() != "plain" {
		t.Error("esc did not close the command log")
	}
}

type plain struct{}

func (p *plain) Init() tea.Cmd                           { return nil }
func (p *plain) Update(tea.Msg) (common.Screen, tea.Cmd) { return p, nil }
func (p *plain) View() string                            { return "plain" }
func (p *plain) SetSize(int, int)                        {}
func (p *plain) Keys() []key.Binding                     { return nil }
