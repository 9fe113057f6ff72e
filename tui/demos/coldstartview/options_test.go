package coldstartview

import (
	"reflect"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit/demokittest"
)

// The view's Options reach the function service, and the scripted burst
// sends --burst invocations (before: faas.Defaults and bursts of 4), with
// its provisioned concurrency.
func TestOptionsReachTheEngine(t *testing.T) {
	opts := coldstart.Options{Config: faas.Config{MemoryMB: 1024, Profile: faas.Heavy, Concurrency: 3, Provisioned: 2, IdleTimeout: time.Minute, Timeout: 5 * time.Second}, Burst: 2}
	m := New(demokittest.Context(true), demokittest.Opener(demokittest.Fake()), opts)
	defer m.Close()
	e := demokittest.Start(t, m, m.Sess)
	go func() {
		for range e.Events() {
		}
	}()
	if got := e.Config(); !reflect.DeepEqual(got, opts.Config) {
		t.Errorf("engine config %+v, want %+v", got, opts.Config)
	}
	if done := m.RunStep(string(coldstart.StepBurst))().(common.StepDoneMsg); done.Err != nil {
		t.Fatal(done.Err)
	}
	if n := e.Snapshot().Stats.Invocations; n != 2 {
		t.Errorf("the scripted burst sent %d invocations, want --burst 2", n)
	}
}
