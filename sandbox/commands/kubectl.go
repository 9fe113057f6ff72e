// Package commands says, for every action a demo takes, the command a person
// would type against the real system (kubectl, docker, hey, aws lambda), so
// learners learn the commands rather than depend on the tool. The text
// builders are pure functions (kubectl.go, lambda.go); the decorators of
// cluster.Engine and faas.Function (engine.go) call them for each action
// that succeeded and hand the scenario.Command to a Sink, so views,
// scripted steps and headless runs all get the same commands.
package commands

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// Kube names what the orchestration demos run: one Deployment whose pods
// have one container of one image, behind a Service of the same name.
type Kube struct {
	Deployment string // "web"
	Container  string // "web"
	Image      string // "coldstart-workload"
}

// workloadPort is the port the workload listens on in its pod
// (workload.EnvPort's default).
const workloadPort = 8080

// DeletePod is a graceful delete: SIGTERM, then SIGKILL after the grace period.
func (k Kube) DeletePod(pod string) string { return "kubectl delete pod " + pod }

// KillPod is what the demo's kill is: the pod deleted at once, its
// container SIGKILLed without a grace period; the ReplicaSet replaces it.
func (k Kube) KillPod(pod string) string {
	return "kubectl delete pod " + pod + " --grace-period=0 --force"
}

// HangPod asks the workload's own /hang endpoint from inside the pod's
// network (an ephemeral debug container): /healthz stops answering.
func (k Kube) HangPod(pod string) string {
	return fmt.Sprintf("kubectl debug pod/%s --image=busybox -- wget -qO- http://localhost:%d/hang", pod, workloadPort)
}

// CrashLoopPod changes the pod's container image (one of the few mutable
// fields of a pod) to a build that exits on start: the kubelet restarts
// the changed container and then backs off.
func (k Kube) CrashLoopPod(pod string) string {
	return fmt.Sprintf("kubectl set image pod/%s %s=%s:crash-on-start", pod, k.Container, k.Image)
}

// KillNode is a node's machine dying at once. In a kind cluster each node
// is a Docker container, so this is the exact command there; on a cloud
// it is the VM's forced stop.
func (k Kube) KillNode(node string) string {
	return "docker kill " + node + "  # the node's machine dies (a kind node is a container; on a cloud VM: a forced stop)"
}

// Scale sets the Deployment's replicas.
func (k Kube) Scale(replicas int) string {
	return fmt.Sprintf("kubectl scale deployment/%s --replicas=%d", k.Deployment, replicas)
}

// Pause and Resume stop and restart a rollout.
func (k Kube) Pause() string  { return "kubectl rollout pause deployment/" + k.Deployment }
func (k Kube) Resume() string { return "kubectl rollout resume deployment/" + k.Deployment }

// Undo rolls back to the previous revision, or to toRevision when not 0.
func (k Kube) Undo(toRevision int) string {
	s := "kubectl rollout undo deployment/" + k.Deployment
	if toRevision > 0 {
		s += " --to-revision=" + strconv.Itoa(toRevision)
	}
	return s
}

// SetStrategy patches the Deployment's spec.strategy.
func (k Kube) SetStrategy(s cluster.Strategy) string {
	var strategy map[string]any
	if s.Recreate {
		strategy = map[string]any{"type": cluster.StrategyRecreate, "rollingUpdate": nil}
	} else {
		strategy = map[string]any{"type": cluster.StrategyRollingUpdate, "rollingUpdate": map[string]any{
			"maxSurge": intOrString(s.MaxSurge), "maxUnavailable": intOrString(s.MaxUnavailable)}}
	}
	patch, _ := json.Marshal(map[string]any{"spec": map[string]any{"strategy": strategy}})
	return fmt.Sprintf("kubectl patch deployment %s -p '%s'", k.Deployment, patch)
}

// intOrString is a limit as the API takes it: a number, or a percentage
// string; "" is the default 25%.
func intOrString(v string) any {
	if v == "" {
		return "25%"
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return v
}

// SetTemplate is the change from the pod template old to t, one command a
// line: the image for a new version, the environment, the resources; any
// other change as an apply of the edited manifest.
func (k Kube) SetTemplate(old, t cluster.Template) []string {
	var out []string
	if t.Version != old.Version {
		out = append(out, fmt.Sprintf("kubectl set image deployment/%s %s=%s:%s", k.Deployment, k.Container, k.Image, t.Version))
	}
	if env := envChange(old.Env, t.Env); env != "" {
		out = append(out, fmt.Sprintf("kubectl set env deployment/%s %s", k.Deployment, env))
	}
	if t.MemoryMB != old.MemoryMB || t.CPUs != old.CPUs || t.CPURequest != old.CPURequest {
		out = append(out, fmt.Sprintf("kubectl set resources deployment/%s -c %s %s", k.Deployment, k.Container, resources(t)))
	}
	rest := old
	rest.Version, rest.Env, rest.MemoryMB, rest.CPUs, rest.CPURequest = t.Version, t.Env, t.MemoryMB, t.CPUs, t.CPURequest
	if len(out) == 0 || !sameTemplate(rest, t) {
		out = append(out, fmt.Sprintf("kubectl apply -f %s.yaml  # the Deployment with its pod template edited", k.Deployment))
	}
	return out
}

// envChange is `kubectl set env`'s arguments from old to env: NAME=value
// for a new or changed variable, NAME- for a removed one, sorted.
func envChange(old, env map[string]string) string {
	var args []string
	for _, name := range slices.Sorted(maps.Keys(env)) {
		if v, ok := old[name]; !ok || v != env[name] {
			args = append(args, name+"="+shellQuote(env[name]))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(old)) {
		if _, ok := env[name]; !ok {
			args = append(args, name+"-")
		}
	}
	return strings.Join(args, " ")
}

// resources is `kubectl set resources`' limits and requests.
func resources(t cluster.Template) string {
	var limits []string
	if t.CPUs > 0 {
		limits = append(limits, "cpu="+millicores(t.CPUs))
	}
	if t.MemoryMB > 0 {
		limits = append(limits, fmt.Sprintf("memory=%dMi", t.MemoryMB))
	}
	s := "--limits=" + strings.Join(limits, ",")
	if t.CPURequest > 0 {
		s += " --requests=cpu=" + millicores(t.CPURequest)
	}
	return s
}

func millicores(cpus float64) string { return fmt.Sprintf("%dm", int(cpus*1000+0.5)) }

// sameTemplate compares the fields SetTemplate has no command of its own for.
func sameTemplate(a, b cluster.Template) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// SetLoad is the Service's steady load as a load generator line: hey with
// rate workers of one request per second each (hey's -q is per worker),
// each request asking for work units of CPU work (0: the workload's
// default). It replaces the load before it; a rate of 0 only stops that.
func (k Kube) SetLoad(rate, work int) string {
	const stop = "kill $HEY 2>/dev/null"
	if rate <= 0 {
		return stop + "  # stop the load generator"
	}
	url := "http://" + k.Deployment + "/invoke"
	if work > 0 {
		url += "?work=" + strconv.Itoa(work)
	}
	return fmt.Sprintf("%s; hey -z 30m -c %d -q 1 '%s' & HEY=$!  # %d requests/s through the Service", stop, rate, url, rate)
}

// Autoscale creates (or replaces) the Deployment's HorizontalPodAutoscaler:
// `kubectl autoscale` for CPU; a requests-per-second target needs an
// autoscaling/v2 manifest with a Pods metric (and a custom metrics adapter).
func (k Kube) Autoscale(spec cluster.HPASpec, metric string) string {
	if metric == "cpu" {
		return fmt.Sprintf("kubectl autoscale deployment %s --cpu-percent=%s --min=%d --max=%d",
			k.Deployment, strconv.FormatFloat(spec.Target, 'f', -1, 64), spec.MinReplicas, spec.MaxReplicas)
	}
	return fmt.Sprintf("kubectl apply -f hpa.yaml  # autoscaling/v2 HPA on deployment/%s: Pods metric requests_per_second, averageValue %s, min %d, max %d",
		k.Deployment, strconv.FormatFloat(spec.Target, 'f', -1, 64), spec.MinReplicas, spec.MaxReplicas)
}

// shellQuote quotes s for sh when it holds anything but plain characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,:/=@%+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
