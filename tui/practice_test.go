package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/progress"
	"github.com/coldstart-dev/coldstart/tui/common"
)

func TestHomeOpensPracticeModes(t *testing.T) {
	saved := practiceModes
	t.Cleanup(func() { practiceModes = saved })
	practiceModes = nil

	store := progress.Memory()
	a := fixtureApp(t, store)
	var gotTracks []*lessons.Track
	var gotStore *progress.Store
	RegisterPractice(Practice{Title: "Drill", Detail: "due questions",
		Open: func(ctx common.Context, tracks []*lessons.Track, s *progress.Store) common.Screen {
			gotTracks, gotStore = tracks, s
			return newFake("drill")
		}})
	RegisterPractice(Practice{Title: "Mock interview", Detail: "against the clock",
		Open: func(common.Context, []*lessons.Track, *progress.Store) common.Screen { return newFake("interview") }})

	h := newHome(a)
	h.SetSize(100, 29)
	view := ansi.Strip(h.View())
	for _, want := range []string{"Practice", "▶ Drill  (due questions)", "▶ Mock interview  (against the clock)"} {
		if !strings.Contains(view, want) {
			t.Errorf("home lacks %q:\n%s", want, view)
		}
	}
	entries := h.entries()
	last := entries[len(entries)-2]
	msg := last.open()()
	push, ok := msg.(common.PushMsg)
	if !ok || push.Screen.(*fakeScreen).name != "drill" {
		t.Fatalf("the Drill entry sent %#v, want a push of the drill screen", msg)
	}
	if len(gotTracks) != len(a.tracks) || gotStore != store {
		t.Error("the practice screen should get the app's tracks and progress")
	}
}
