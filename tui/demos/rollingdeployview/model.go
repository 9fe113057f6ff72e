// Package rollingdeployview is the live "rolling-deploy" demo: a Deployment
// of real pods behind a Service under steady traffic, rolled from version to
// version with RollingUpdate (maxSurge / maxUnavailable) or Recreate, a bad
// version that stalls until its progress deadline, pause and undo. Every
// response is shown by the version that served it, so the mix visibly
// shifts; failed requests are counted.
package rollingdeployview

import (
	"fmt"
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/scenario/rollingdeploy"
	"github.com/coldstart-dev/coldstart/tui/common"
	"github.com/coldstart-dev/coldstart/tui/demos"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

func init() {
	demos.Register(rollingdeploy.Name, func(ctx common.Context) common.Screen { return Open(ctx, rollingdeploy.Defaults()) })
}

// Open builds the demo screen for opts on the runtime --backend names.
func Open(ctx common.Context, opts rollingdeploy.Options) *Model {
	return New(ctx, demokit.DefaultOpener, opts)
}

const (
	maxEvents = 100
	maxMarks  = 400 // responses kept for the mix strip
	maxStatus = 4   // rollout status lines kept
)

// mark is one response: the version that served it, or a failure ("").
type mark string

// Model is the demo screen. It is used through a pointer: the running
// cluster lives in the base's session, which Close may release from
// another goroutine.
type Model struct {
	demokit.Base[cluster.Engine, cluster.Update]
	demokit.Pauser // on the control-plane clock (present.go)
	ctx            common.Context
	opts           rollingdeploy.Options

	width, height int
	strategy      cluster.Strategy // applied to the cluster; shown

	snap     *cluster.Snapshot
	events   []cluster.Event
	marks    []mark
	seenOK   map[string]int64
	seenFail int64
	statuses []string // kubectl rollout status lines, newest last
}

// New builds the demo screen for opts (checked when the engine starts); the
// runtime is opened with open by Init's command.
func New(ctx common.Context, open demokit.Opener, opts rollingdeploy.Options) *Model {
	st, _ := opts.RolloutStrategy()
	ctx = ctx.WithDefaults()
	m := &Model{
		Base: demokit.NewBase[cluster.Engine, cluster.Update](open, ctx.Backend, "the cluster", ctx.NoAnimation),
		ctx:  ctx, opts: opts,
		strategy: st,
		seenOK:   map[string]int64{},
	}
	m.Pauser.Clock = m.presenter
	return m
}

// Start starts a cluster with the current strategy (the first, or a fresh
// one after reset) on the open runtime, closing the previous one first.
func (m *Model) Start() tea.Cmd {
	opts := m.opts.WithStrategy(m.strategy) // the keys' choice outlives a reset
	return m.StartEngine(func(rt sandbox.Runtime) (cluster.Engine, error) { return rollingdeploy.New(rt, opts.Clock(), opts) }, cluster.Engine.Updates)
}

func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	_, cmd := m.Base.Update(msg, m)
	return m, cmd
}

// Started: the cluster runs, its pods are being created.
func (m *Model) Started(cluster.Engine) tea.Cmd {
	m.Status = "creating pods"
	return nil
}

// Apply folds one engine update into the view state.
func (m *Model) Apply(u cluster.Update) {
	m.events = demokit.AppendLast(m.events, maxEvents, u.Events...)
	s := u.Snapshot
	if s == nil {
		return
	}
	m.snap = s
	if m.Status == "creating pods" && s.Settled {
		m.Status = ""
		m.Note = "v1 is serving: press d to roll out v2 (b for a bad version)"
	}
	if r := s.Rollout; r.Revision > 0 && (len(m.statuses) == 0 || m.statuses[len(m.statuses)-1] != r.Status) {
		m.statuses = demokit.AppendLast(m.statuses, maxStatus, r.Status)
	}
	m.addMarks(s.Traffic.ByVersion, s.Traffic.Failed)
}

// addMarks turns the growth of the per-version counters since the last
// snapshot into response marks, interleaved as the round-robin Service
// sent them.
func (m *Model) addMarks(byVersion map[string]int64, failed int64) {
	var vs []string
	grow := map[string]int64{}
	for v, n := range byVersion {
		if d := n - m.seenOK[v]; d > 0 {
			grow[v] = d
			vs = append(vs, v)
		}
		m.seenOK[v] = n
	}
	sort.Strings(vs)
	if d := failed - m.seenFail; d > 0 {
		grow[""] = d
		vs = append(vs, "")
	}
	m.seenFail = failed
	// Spread each version's responses evenly over the batch, as the
	// round-robin Service interleaved them.
	type slot struct {
		at float64
		v  string
	}
	var total int64
	for _, v := range vs {
		total += grow[v]
	}
	var slots []slot
	for _, v := range vs {
		for i := int64(0); i < grow[v]; i++ {
			slots = append(slots, slot{(float64(i) + 0.5) * float64(total) / float64(grow[v]), v})
		}
	}
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].at < slots[j].at })
	batch := make([]mark, len(slots))
	for i, sl := range slots {
		batch[i] = mark(sl.v)
	}
	m.marks = demokit.AppendLast(m.marks, maxMarks, batch...)
}

func (m *Model) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.Running()
	if c == nil || m.snap == nil {
		return nil
	}
	m.Err = ""
	switch {
	case key.Matches(msg, keys.Deploy), key.Matches(msg, keys.Bad), key.Matches(msg, keys.BadCrash):
		mode := rollingdeploy.BadMode("")
		switch {
		case key.Matches(msg, keys.Bad):
			mode = rollingdeploy.BadReadiness
		case key.Matches(msg, keys.BadCrash):
			mode = rollingdeploy.BadCrash
		}
		return demokit.Action(func() (string, error) {
			t := rollingdeploy.NextTemplate(c.Template(), mode)
			if err := c.SetTemplate(t); err != nil {
				return "", err
			}
			switch mode {
			case rollingdeploy.BadReadiness:
				return fmt.Sprintf("rolling out %s, whose /readyz never answers 200: the rollout stalls; u undoes it", t.Version), nil
			case rollingdeploy.BadCrash:
				return fmt.Sprintf("rolling out %s, which exits at start: CrashLoopBackOff, the rollout stalls; u undoes it", t.Version), nil
			}
			return fmt.Sprintf("rolling out %s (kubectl set image deployment/web web=%s)", t.Version, t.Version), nil
		})
	case key.Matches(msg, keys.Undo):
		return demokit.Action(func() (string, error) {
			rev, err := c.Undo(0)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("kubectl rollout undo: back to revision %d (%s)", rev, c.Template().Version), nil
		})
	case key.Matches(msg, keys.Pause):
		paused := m.snap.Rollout.Paused
		return demokit.Action(func() (string, error) {
			if paused {
				return "kubectl rollout resume: the rollout goes on", c.Resume()
			}
			return "kubectl rollout pause: the rollout stops where it is", c.Pause()
		})
	case key.Matches(msg, keys.Strategy), key.Matches(msg, keys.SurgeUp), key.Matches(msg, keys.SurgeDown),
		key.Matches(msg, keys.UnavailUp), key.Matches(msg, keys.UnavailDown):
		st := m.strategy
		switch {
		case key.Matches(msg, keys.Strategy):
			st.Recreate = !st.Recreate
		case st.Recreate:
			m.Err = "maxSurge and maxUnavailable apply to RollingUpdate: press s first"
			return nil
		case key.Matches(msg, keys.SurgeUp):
			st.MaxSurge = step(st.MaxSurge, +1)
		case key.Matches(msg, keys.SurgeDown):
			st.MaxSurge = step(st.MaxSurge, -1)
		case key.Matches(msg, keys.UnavailUp):
			st.MaxUnavailable = step(st.MaxUnavailable, +1)
		case key.Matches(msg, keys.UnavailDown):
			st.MaxUnavailable = step(st.MaxUnavailable, -1)
		}
		if err := st.Validate(); err != nil {
			m.Err = "rejected: " + err.Error()
			return nil
		}
		m.strategy = st
		return demokit.Action(func() (string, error) {
			return "strategy set to " + describeStrategy(st, m.opts.Replicas) + "; the next rollout uses it", c.SetStrategy(st)
		})
	case key.Matches(msg, keys.Reset):
		m.events, m.snap, m.marks, m.statuses, m.Note = nil, nil, nil, nil, ""
		m.seenOK, m.seenFail = map[string]int64{}, 0
		m.Status = "resetting"
		return m.Start()
	}
	return nil
}

func describeStrategy(st cluster.Strategy, replicas int) string {
	if st.Recreate {
		return "Recreate"
	}
	s, u := st.Resolve(replicas)
	return fmt.Sprintf("RollingUpdate maxSurge %s (%d) maxUnavailable %s (%d)", st.MaxSurge, s, st.MaxUnavailable, u)
}

// Options are the knobs the demo runs with.
func (m *Model) Options() rollingdeploy.Options { return m.opts }

func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

func (m *Model) Keys() []key.Binding { return keys.all() }
