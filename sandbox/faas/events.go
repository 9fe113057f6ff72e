package faas

import "time"

// EventType says what happened in the function service.
type EventType string

// Environment lifecycle events (Env set) and invocation events (Invocation set).
const (
	EnvCreated EventType = "env_created" // a cold start (or provisioning) began: Start is being called
	EnvStarted EventType = "env_started" // Start returned; the runtime boots and runs init code (Duration = Start)
	EnvReady   EventType = "env_ready"   // /readyz answered 200 (Duration = WaitReady: boot + init code)
	EnvInit    EventType = "env_init"    // the workload reported its measured init (Duration = init)
	EnvBusy    EventType = "env_busy"    // serving one request
	EnvIdle    EventType = "env_idle"    // warm and waiting; reaped after the idle timeout unless provisioned
	EnvReaped  EventType = "env_reaped"  // removed: idle timeout, new configuration or reset (Reason)
	EnvKilled  EventType = "env_killed"  // removed after a failure: timeout, crash, start error (Reason)

	// EnvProvisioned: a provisioned environment finished Init before traffic
	// and waits, never reaped (Duration = Start + WaitReady). Progress:
	// Snapshot.ProvisionedReady() of Snapshot.Config.Provisioned.
	EnvProvisioned EventType = "env_provisioned"

	InvokeStart EventType = "invoke_start" // an invocation got an environment (Kind cold or warm; Provisioned)
	InvokeEnd   EventType = "invoke_end"   // an invocation ended: ok, timeout, error or throttled (429)

	ConfigChanged EventType = "config" // a knob changed (Snapshot.Config)
	Reset         EventType = "reset"  // statistics, store and pool were reset
)

// Event is one thing that happened, with the state right after it.
type Event struct {
	Time       time.Time // wall clock: real operations run in real time
	Type       EventType
	Env        string        // environment name, for env_* and invocations
	Duration   time.Duration // the measured phase, for env_started/ready/init
	Reason     string        // for env_reaped, env_killed, config
	Invocation *Invocation   // for invoke_start and invoke_end
	Snapshot   Snapshot
}

// EnvState is where an execution environment is in its life.
type EnvState string

const (
	StateStarting EnvState = "starting" // Start call in progress (create + start)
	StateInit     EnvState = "init"     // runtime boot and init code, until /readyz answers
	StateBusy     EnvState = "busy"     // serving one request
	StateIdle     EnvState = "idle"     // warm, waiting for the next request
	StateReaped   EnvState = "reaped"   // gone: scaled to zero or retired
	StateKilled   EnvState = "killed"   // gone: stopped after a failure
)

// EnvInfo is a snapshot of one environment.
type EnvInfo struct {
	Name        string
	State       EnvState
	MemoryMB    int
	Profile     Profile
	Version     int     // configuration version it was started with
	Provisioned bool    // provisioned concurrency: initialised before traffic, never reaped
	Count       int64   // its in-memory counter, as the workload last reported it
	InitMS      float64 // measured init, once known
	Invocations int     // requests it served
	Reason      string  // why it is gone
}

// Snapshot is the state of the service at one moment.
type Snapshot struct {
	Config   Config
	Version  int    // configuration version: memory or profile changes make a new one
	Runtime  string // runtime name: docker, process (or fake)
	Enforces string // Runtime.Describe(): what limits the runtime really enforces
	Envs     []EnvInfo
	Gone     []EnvInfo // the most recently removed environments, oldest first
	InFlight int       // invocations holding a concurrency slot
	Stats    Stats
	Store    int64 // the shared store's counter
	// StoreConns are the connections open to the shared store now (each
	// environment that used it holds one); MaxStoreConns the most at once.
	StoreConns, MaxStoreConns int
	Elapsed                   time.Duration // wall time since start or reset
}

// maxGone is how many removed environments a snapshot remembers.
const maxGone = 6

// Alive counts the environments that exist (any state but reaped/killed).
func (s Snapshot) Alive() int { return len(s.Envs) }

// ProvisionedReady counts the provisioned environments of the current
// version that finished Init ("initialising provisioned environments 2/5").
func (s Snapshot) ProvisionedReady() int {
	n := 0
	for _, en := range s.Envs {
		if en.Provisioned && en.Version == s.Version && (en.State == StateIdle || en.State == StateBusy) {
			n++
		}
	}
	return n
}
