package replay

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback/playbacktest"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/replay/replaytest"
	"github.com/coldstart-dev/coldstart/tui/screentest"
)

// selfHealingFile is a 2-minute synthetic self-healing recording.
func selfHealingFile(t testing.TB, d time.Duration) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := playbacktest.SelfHealing(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testContext() common.Context { return screentest.Context() }

// started is a player on file, paused once its view drew the first update.
func started(t testing.TB, file []byte, w, h int) (*Player, *replaytest.Driver) {
	t.Helper()
	rec, err := record.Open(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Open(testContext(), rec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	d := replaytest.Start(t, p, w, h)
	d.Send(press("space"))
	if !d.Until(5*time.Second, isUpdate) {
		t.Fatal("the view never got its first update")
	}
	return p, d
}

func isUpdate(msg tea.Msg) bool { _, ok := msg.(demokit.UpdateMsg[cluster.Update]); return ok }

var press = screentest.Press

// plain is a frame without its styles.
func plain(s string) string { return ansi.Strip(s) }
