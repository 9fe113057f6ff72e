package workload

// The app's own knobs: the environment a learner's manifest sets, in the
// words of a real app's README. The COLDSTART_WL_* variables are the
// engine's; these are what an exercise asks the learner to get right.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Variables the app reads from its container's env.
const (
	// EnvLogLevel is LOG_LEVEL: debug, info, warn or error (default info).
	// Anything else is a configuration error: the app prints why and exits
	// 1 at start, so a Deployment with a typo crash-loops, as a real one
	// does.
	EnvLogLevel = "LOG_LEVEL"
	// EnvWarmupSeconds is WARMUP_SECONDS: the app loads caches for this
	// long after it starts listening. Until then /readyz and /healthz
	// answer 503, and so do / and /invoke: it cannot serve yet.
	EnvWarmupSeconds = "WARMUP_SECONDS"
	// EnvTimeScale is COLDSTART_WL_TIME_SCALE, set by the engine: the app's
	// seconds (WARMUP_SECONDS) pass this many times faster than real ones,
	// because the control plane's clock runs that much faster (default 1).
	// So a manifest's probe timings and the app's warm-up keep the ratio
	// the learner reads in the files.
	EnvTimeScale = "COLDSTART_WL_TIME_SCALE"
	// EnvBroken is COLDSTART_WL_BROKEN, set by the engine for a bad
	// version: "1" answers /, /invoke and /readyz with 503 for ever (the
	// process is alive: /healthz still answers), so any readiness probe
	// but one on /healthz fails, and any traffic that reaches it fails.
	EnvBroken = "COLDSTART_WL_BROKEN"
	// EnvArgs is COLDSTART_WL_ARGS, set by the engine: the container's
	// args as a JSON array. The app reads --log-level and
	// --warmup-seconds (as "--flag=value" or "--flag value"); a flag beats
	// the env variable, as in most apps. Any other argument is a usage
	// error: the app exits 1 at start, saying which.
	EnvArgs = "COLDSTART_WL_ARGS"
)

// logLevels are the levels LOG_LEVEL accepts.
var logLevels = []string{"debug", "info", "warn", "error"}

// App is the typed form of the app's knobs.
type App struct {
	LogLevel string        // as set; "" is info
	Warmup   time.Duration // real time: WARMUP_SECONDS over the time scale
	Broken   bool          // EnvBroken
	// BadStart is the message the app exits 1 with at start (a bad
	// LOG_LEVEL, an unknown argument); "" when it starts.
	BadStart string
}

// readApp reads the app's knobs; malformed numbers are errors of the
// workload's configuration (exit 2), a bad LOG_LEVEL is the app's own
// start-up failure (exit 1, see Main).
func readApp(getenv func(string) string) (App, []string) {
	var a App
	var errs []string
	flags, bad := parseArgs(getenv(EnvArgs))
	a.BadStart = bad
	a.LogLevel = strings.TrimSpace(getenv(EnvLogLevel))
	if v, ok := flags["log-level"]; ok {
		a.LogLevel = v
	}
	if a.LogLevel != "" && !slices.Contains(logLevels, a.LogLevel) && a.BadStart == "" {
		a.BadStart = fmt.Sprintf("%s=%s: want debug, info, warn or error", EnvLogLevel, a.LogLevel)
	}
	a.Broken = truthy(getenv(EnvBroken))
	scale := 1.0
	if v := strings.TrimSpace(getenv(EnvTimeScale)); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			errs = append(errs, fmt.Sprintf("%s=%q: want a number > 0", EnvTimeScale, v))
		} else {
			scale = f
		}
	}
	warmup := strings.TrimSpace(getenv(EnvWarmupSeconds))
	if v, ok := flags["warmup-seconds"]; ok {
		warmup = v
	}
	if v := warmup; v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			errs = append(errs, fmt.Sprintf("%s=%q: want a number of seconds >= 0", EnvWarmupSeconds, v))
		} else {
			a.Warmup = time.Duration(f / scale * float64(time.Second))
		}
	}
	return a, errs
}

// warming reports whether the app cannot serve yet (or, broken, ever): not
// listening yet, or listening for less than its warm-up.
func (s *Server) warming() bool {
	if s.cfg.App.Broken {
		return true
	}
	if s.cfg.App.Warmup <= 0 {
		return false
	}
	at := s.listenAt.Load()
	return at == nil || time.Since(*at) < s.cfg.App.Warmup
}

// parseArgs reads the container's args (a JSON array); bad names the first
// argument the app does not understand.
func parseArgs(v string) (flags map[string]string, bad string) {
	flags = map[string]string{}
	if strings.TrimSpace(v) == "" {
		return flags, ""
	}
	var args []string
	if err := json.Unmarshal([]byte(v), &args); err != nil {
		return flags, fmt.Sprintf("%s=%q: not a JSON array of strings", EnvArgs, v)
	}
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimPrefix(args[i], "--"), "=")
		if !strings.HasPrefix(args[i], "--") || (name != "log-level" && name != "warmup-seconds") {
			return flags, fmt.Sprintf("unknown argument %q: want --log-level or --warmup-seconds", args[i])
		}
		if !hasValue {
			if i+1 == len(args) {
				return flags, fmt.Sprintf("argument %q needs a value", args[i])
			}
			i++
			value = args[i]
		}
		flags[name] = value
	}
	return flags, ""
}
