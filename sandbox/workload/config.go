// Package workload is the small HTTP program every live demo runs, as a
// "function" (serverless demos) or a "pod" (orchestration demos).
//
// It reads its configuration from COLDSTART_WL_* environment variables (see
// the Env* constants) and the app's own knobs a manifest sets (LOG_LEVEL,
// WARMUP_SECONDS: app.go), does a tunable amount of REAL start-up work (CPU
// hashing and touched memory, standing for a heavy runtime such as a JVM or a
// light one such as Go), and answers HTTP:
//
//	/invoke, /   do the per-request work, count the call, answer JSON (Response); 503 while warming up
//	/healthz     liveness: 200, 503 while warming up, or hangs for ever after /hang
//	/readyz      readiness: 200 once ready; 503 before (ready delay, warm-up), while draining, or always (EnvReadyFail)
//	/hang        make /healthz hang, so liveness probes fail
//	/crash       exit at once with ?code=N (default EnvCrashCode)
//	/stats       the same JSON as /invoke without counting or working
//
// Every duration it reports is measured, never configured. It exits 0 on
// SIGTERM after a graceful shutdown (optionally draining first, see
// EnvShutdownDelayMS).
//
// The binary is the coldstart executable itself ("coldstart workload", see
// HostCommand) or a static build of ./cmd/coldstart-workload (see LinuxStatic).
package workload

import (
	"fmt"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
)

// Environment variables the workload reads. Runtimes set EnvAddr, EnvPort and
// EnvName; demos set the rest (Config.Env builds them).
const (
	EnvAddr     = "COLDSTART_WL_ADDR"      // IP to listen on (default 0.0.0.0); "host:port" also accepted
	EnvPort     = "COLDSTART_WL_PORT"      // TCP port (default 8080)
	EnvListenFD = "COLDSTART_WL_LISTEN_FD" // an inherited listening socket to serve on instead (unix)
	EnvName     = "COLDSTART_WL_NAME"      // instance name shown in responses (default: hostname)
	EnvVersion  = "COLDSTART_WL_VERSION"   // version label shown in responses (default "v1")

	EnvInitWork    = "COLDSTART_WL_INIT_WORK"    // start-up CPU work in units (see WorkUnitBytes)
	EnvInitThreads = "COLDSTART_WL_INIT_THREADS" // goroutines sharing the init work (default 1)
	EnvInitMemMB   = "COLDSTART_WL_INIT_MEM_MB"  // MiB allocated and touched page by page at start, kept resident
	EnvRequestWork = "COLDSTART_WL_REQUEST_WORK" // CPU work units per /invoke (overridable with ?work=N)

	EnvReadyDelayMS = "COLDSTART_WL_READY_DELAY_MS" // /readyz answers 503 for this long after listening
	EnvReadyFail    = "COLDSTART_WL_READY_FAIL"     // "1": /readyz always answers 503

	EnvShutdownDelayMS = "COLDSTART_WL_SHUTDOWN_DELAY_MS" // on SIGTERM, keep serving this long (readyz 503) before shutting down

	EnvCrashOnStart = "COLDSTART_WL_CRASH_ON_START" // N>0: exit with code N after init, before listening
	EnvCrashAfter   = "COLDSTART_WL_CRASH_AFTER"    // N>0: exit after answering the N-th /invoke
	EnvCrashCode    = "COLDSTART_WL_CRASH_CODE"     // exit code for EnvCrashAfter and /crash (default 1)
)

// Subcommand is the argument the workload binary is run with: "coldstart
// workload" for the coldstart executable; the standalone build accepts and
// ignores it, so a runtime can always run "<binary> workload".
const Subcommand = "workload"

// WorkUnitBytes is one unit of CPU work: hashing this many bytes with
// SHA-256 (about 0.6 ms on a core with SHA extensions, ~3 ms without).
const WorkUnitBytes = 1 << 20

// Config is the workload's configuration, the typed form of its environment.
type Config struct {
	Addr     string // listen address, host:port
	ListenFD int    // inherited listening socket, when > 0 (then Addr is not used)
	Name     string
	Version  string

	InitWork    int
	InitThreads int
	InitMemMB   int
	RequestWork int

	ReadyDelayMS int
	ReadyFail    bool

	ShutdownDelayMS int

	CrashOnStart int
	CrashAfter   int
	CrashCode    int

	Function Function // the learner's function behaviours (function.go)
	App      App      // the app's own knobs, from the learner's env (app.go)
}

// Light and Heavy are start-up profiles: a small runtime that boots in a few
// milliseconds, and one that burns about a second of CPU and holds 64 MiB,
// like a JVM loading classes. Under a CPU quota Heavy gets slower in
// proportion, which is what the cold-start demo shows.
var (
	Light = Config{InitWork: 10, InitMemMB: 4}
	Heavy = Config{InitWork: 1500, InitMemMB: 64}
)

// FromEnv reads the configuration; getenv is usually os.Getenv.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{Name: getenv(EnvName), Version: getenv(EnvVersion)}
	if c.Name == "" {
		c.Name, _ = os.Hostname()
	}
	if c.Version == "" {
		c.Version = "v1"
	}
	var errs []string
	num := func(name string, def int) int {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Sprintf("%s=%q: want a whole number >= 0", name, v))
			return def
		}
		return n
	}
	port := num(EnvPort, 8080)
	if port > math.MaxUint16 {
		errs = append(errs, fmt.Sprintf("%s=%d: not a TCP port", EnvPort, port))
	}
	host := getenv(EnvAddr)
	switch {
	case host == "":
		c.Addr = net.JoinHostPort("0.0.0.0", strconv.Itoa(port))
	case strings.Contains(host, ":") && net.ParseIP(host) == nil: // already host:port
		c.Addr = host
	default:
		c.Addr = net.JoinHostPort(host, strconv.Itoa(port))
	}
	c.ListenFD = num(EnvListenFD, 0)
	c.InitWork = num(EnvInitWork, 0)
	c.InitThreads = max(1, num(EnvInitThreads, 1))
	c.InitMemMB = num(EnvInitMemMB, 0)
	c.RequestWork = num(EnvRequestWork, 0)
	c.ReadyDelayMS = num(EnvReadyDelayMS, 0)
	c.ReadyFail = truthy(getenv(EnvReadyFail))
	c.ShutdownDelayMS = num(EnvShutdownDelayMS, 0)
	c.CrashOnStart = num(EnvCrashOnStart, 0)
	c.CrashAfter = num(EnvCrashAfter, 0)
	c.CrashCode = num(EnvCrashCode, 1)
	var ferrs []string
	c.Function, ferrs = functionFromEnv(getenv)
	errs = append(errs, ferrs...)
	var appErrs []string
	c.App, appErrs = readApp(getenv)
	errs = append(errs, appErrs...)
	if len(errs) > 0 {
		return c, fmt.Errorf("workload configuration: %s", strings.Join(errs, "; "))
	}
	return c, nil
}

// Env is the environment that configures c, for sandbox.Spec.Env. Addr is
// left out: the runtime decides where the instance listens. Zero fields are
// left out too, so the workload's defaults apply.
func (c Config) Env() map[string]string {
	env := map[string]string{}
	set := func(name string, v int) {
		if v != 0 {
			env[name] = strconv.Itoa(v)
		}
	}
	if c.Name != "" {
		env[EnvName] = c.Name
	}
	if c.Version != "" {
		env[EnvVersion] = c.Version
	}
	set(EnvInitWork, c.InitWork)
	set(EnvInitThreads, c.InitThreads)
	set(EnvInitMemMB, c.InitMemMB)
	set(EnvRequestWork, c.RequestWork)
	set(EnvReadyDelayMS, c.ReadyDelayMS)
	if c.ReadyFail {
		env[EnvReadyFail] = "1"
	}
	set(EnvShutdownDelayMS, c.ShutdownDelayMS)
	set(EnvCrashOnStart, c.CrashOnStart)
	set(EnvCrashAfter, c.CrashAfter)
	set(EnvCrashCode, c.CrashCode)
	c.Function.env(env)
	return env
}

func truthy(v string) bool {
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	return err == nil && b
}
