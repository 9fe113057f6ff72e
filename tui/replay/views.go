package replay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/faas"
	"github.com/coldstart-dev/coldstart/sandbox/record/playback"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/autoscaling"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/coldstart"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/selfhealing"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos/autoscalingview"
	"github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
	"github.com/coldstart-dev/coldstart/tui/demos/rollingdeployview"
	"github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
)

// views build the live demo's own view for a recording of it, driven by
// the deck: the options it ran with, a runtime that runs nothing, and the
// deck's engine in place of a live one.
var views = map[string]func(ctx common.Context, d *playback.Deck) (common.Screen, error){
	selfhealing.Name: func(ctx common.Context, d *playback.Deck) (common.Screen, error) {
		opts, err := options(d, selfhealing.Defaults())
		m := selfhealingview.New(ctx, opener(d), opts)
		m.Sess.Replay(func() (cluster.Engine, error) { return d.NewCluster() })
		return m, err
	},
	rollingdeploy.Name: func(ctx common.Context, d *playback.Deck) (common.Screen, error) {
		opts, err := options(d, rollingdeploy.Defaults())
		m := rollingdeployview.New(ctx, opener(d), opts)
		m.Sess.Replay(func() (cluster.Engine, error) { return d.NewCluster() })
		return m, err
	},
	autoscaling.Name: func(ctx common.Context, d *playback.Deck) (common.Screen, error) {
		opts, err := options(d, autoscaling.Defaults())
		m := autoscalingview.New(ctx, opener(d), opts)
		m.Sess.Replay(func() (*autoscaling.Engine, error) {
			c, err := d.NewCluster()
			if err != nil {
				return nil, err
			}
			first, err := d.Tape().FirstState(func(s *cluster.Snapshot) bool { return s.Autoscaler != nil })
			if err != nil || first == nil { // the live engine starts once the HPA has a status
				c.Close(context.Background())
				return nil, errors.Join(err, errors.New("the recording has no autoscaler status"))
			}
			hpa := first.Autoscaler
			return &autoscaling.Engine{Engine: hpaCluster{c, hpa}, Clock: c.Clock(), Metric: hpa.Metric, Profile: autoscaling.ProfileFor(hpa.Metric)}, nil
		})
		return m, err
	},
	coldstart.Name: func(ctx common.Context, d *playback.Deck) (common.Screen, error) {
		opts, err := options(d, coldstart.Defaults())
		m := coldstartview.New(ctx, opener(d), opts)
		m.Sess.Replay(func() (faas.Function, error) { return d.NewFunction(), nil })
		return m, err
	},
}

// hpaCluster is a replayed cluster whose Snapshot always has the
// autoscaler's status: the live view read it from the engine as it
// started, while the stream's first states may come before it.
type hpaCluster struct {
	*playback.Cluster
	hpa *cluster.AutoscalerStatus
}

func (c hpaCluster) Snapshot() *cluster.Snapshot {
	s := c.Cluster.Snapshot()
	if s.Autoscaler != nil {
		return s
	}
	with := *s
	with.Autoscaler = c.hpa
	return &with
}

// options are the demo's options as recorded, over its defaults.
func options[O any](d *playback.Deck, defaults O) (O, error) {
	if raw := d.Tape().Header().Options; len(raw) > 0 {
		if err := json.Unmarshal(raw, &defaults); err != nil {
			return defaults, fmt.Errorf("replay: the recorded options: %w", err)
		}
	}
	return defaults, nil
}

// opener opens no runtime: a recording made with Docker plays where there
// is none. The view's header names the recorded backend and runtime.
func opener(d *playback.Deck) demokit.Opener {
	h := d.Tape().Header()
	return func(context.Context, string, func(string)) (sandbox.Runtime, demokit.Choice, error) {
		return noRuntime{desc: h.Runtime}, demokit.Choice{Backend: h.Backend, Reason: "recorded " + h.Started.Local().Format("2006-01-02 15:04")}, nil
	}
}

// noRuntime is the runtime of a replay: it names the recorded one and
// runs nothing. The session only closes it (the replay's engines never
// start a workload); any other method is a programming error and panics.
type noRuntime struct {
	sandbox.Runtime
	desc string
}

func (r noRuntime) Name() string                    { return "replay" }
func (r noRuntime) Describe() string                { return r.desc }
func (r noRuntime) Close(ctx context.Context) error { return nil }
