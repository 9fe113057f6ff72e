// Package sandbox runs the real workloads behind coldstart's live demos.
//
// A demo never talks to Docker or to os/exec directly: it asks a Runtime for
// instances of the workload (sandbox/workload) and listens to the Runtime's
// events. Two Runtimes implement the same contract (sandbox/runtimetest):
// docker (containers on the learner's Docker Engine) and process (real child
// processes, the embedded default that works everywhere).
package sandbox

import (
	"context"
	"errors"
	"time"
)

// Labels every object we create carries, so we only ever touch our own things.
const (
	LabelManaged = "dev.coldstart.managed" // always "true"
	LabelSession = "dev.coldstart.session" // the session id of the process that made it
	LabelPID     = "dev.coldstart.pid"     // pid of that process, to sweep leftovers of dead sessions
	LabelName    = "dev.coldstart.name"    // the instance's human name (env-3, web-x2k9)
)

// Spec says what instance to start. Env configures the workload (see
// sandbox/workload for the variables it reads).
type Spec struct {
	Name     string            // human-readable, unique within a runtime: "env-3", "web-7f9c-x2"
	Labels   map[string]string // extra labels; ours are added by the runtime
	Env      map[string]string // workload configuration
	MemoryMB int               // memory limit; 0 means the runtime's default
	CPUs     float64           // CPU quota in cores; 0 means the runtime's default (never unlimited)
}

// Instance is a started workload. Addr changes after every (re)start: always
// ask Runtime.Addr again rather than keeping an old one.
type Instance struct {
	ID   string // runtime-specific id (container id, or "p-<n>")
	Name string
	Addr string // host:port on 127.0.0.1 where the workload listens
}

// EventType is what happened to an instance.
type EventType string

const (
	EventCreated EventType = "created"
	EventStarted EventType = "started"
	EventReady   EventType = "ready" // first HTTP 200 from /readyz after a start
	EventExited  EventType = "exited"
	EventOOM     EventType = "oom" // killed by the memory limit; an exited event follows
)

// Event is one thing that happened to an instance, stamped when the runtime
// observed it.
type Event struct {
	Time     time.Time
	Type     EventType
	ID       string
	Name     string
	ExitCode int  // for EventExited; 128+signal when Signaled (137 after SIGKILL), as Docker reports it
	Signaled bool // for EventExited: ended by a signal (kill, OOM)
}

// Stats is a point-in-time resource reading of one instance.
type Stats struct {
	CPUPercent  float64 // of one core, since the previous reading
	MemoryBytes uint64
}

var (
	// ErrStatsUnavailable means the runtime cannot measure this on this OS.
	ErrStatsUnavailable = errors.New("stats are not available on this runtime")
	// ErrNotFound means the id is not an instance of this runtime.
	ErrNotFound = errors.New("no such instance")
)

// Runtime starts and stops instances of the workload. Implementations are safe
// for concurrent use.
type Runtime interface {
	// Name is "docker" or "process".
	Name() string
	// Describe says in one line what this runtime is and what it enforces,
	// for example "docker 28.2.2 (API 1.41): memory, CPU and pids limits enforced".
	Describe() string

	// Start creates and starts an instance and returns once it is started
	// (not yet ready). It emits created and started events.
	Start(ctx context.Context, spec Spec) (Instance, error)
	// Restart starts an exited instance again (a new port); it emits started.
	Restart(ctx context.Context, id string) (Instance, error)
	// Addr is the instance's current host:port.
	Addr(id string) (string, error)
	// WaitReady polls GET /readyz until it answers 200, then emits ready.
	// It returns an error as soon as the instance exits instead.
	WaitReady(ctx context.Context, id string) error
	// Stop asks the instance to end (SIGTERM), waits up to grace, then kills it.
	Stop(ctx context.Context, id string, grace time.Duration) error
	// Kill ends the instance at once (SIGKILL).
	Kill(ctx context.Context, id string) error
	// Remove kills the instance if needed and frees everything it holds.
	Remove(ctx context.Context, id string) error
	// Stats reads CPU and memory, or returns ErrStatsUnavailable.
	Stats(ctx context.Context, id string) (Stats, error)

	// Events delivers every event of this runtime's instances in order. There
	// is one stream per runtime; it is closed by Close. The runtime never
	// blocks on a slow reader (events are queued).
	Events() <-chan Event

	// Close removes every instance and object this runtime made.
	Close(ctx context.Context) error
}
