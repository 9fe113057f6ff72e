package docker

import (
	"math"
	"net"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// Defaults for specs that leave a limit at zero.
const (
	DefaultMemoryMB = 256
	DefaultPids     = 128
	// DefaultCPUs: a demo container never runs without a CPU quota, so a
	// runaway workload cannot take the learner's machine.
	DefaultCPUs = 1.0
)

// LabelHost is the hostname of the machine whose coldstart made an object:
// a pid only means something there, so the sweep leaves other hosts' alone.
const LabelHost = "dev.coldstart.host"

var port = network.MustParsePort(containerPort + "/tcp")

// placement is what every container of a session shares.
type placement struct {
	session string
	image   string            // the workload image's ref
	network string            // the session's network, or "bridge"
	labels  map[string]string // sessionLabels(session)
}

// sessionLabels are the labels of every object of a session.
func sessionLabels(session string) map[string]string {
	host, _ := os.Hostname() // empty: the sweep then treats the pid as local
	return map[string]string{
		sandbox.LabelManaged: "true",
		sandbox.LabelSession: session,
		sandbox.LabelPID:     strconv.Itoa(os.Getpid()),
		LabelHost:            host,
	}
}

// createOptions is the hardened container for spec: read-only, non-root,
// no capabilities, limited, and reachable on 127.0.0.1 only.
func createOptions(spec sandbox.Spec, p placement) client.ContainerCreateOptions {
	memMB := spec.MemoryMB
	if memMB <= 0 {
		memMB = DefaultMemoryMB
	}
	cpus := spec.CPUs
	if cpus <= 0 {
		cpus = DefaultCPUs
	}
	pids := int64(DefaultPids)
	uid := strconv.Itoa(userID)
	return client.ContainerCreateOptions{
		Name: containerName(p.session, spec.Name),
		Config: &container.Config{
			Image:        p.image,
			User:         uid + ":" + uid,
			Env:          containerEnv(spec),
			Labels:       containerLabels(spec, p.labels),
			ExposedPorts: network.PortSet{port: {}},
		},
		HostConfig: &container.HostConfig{
			NetworkMode: container.NetworkMode(p.network),
			PortBindings: network.PortMap{port: {{
				HostIP:   netip.MustParseAddr("127.0.0.1"),
				HostPort: "", // an ephemeral port, new at every start
			}}},
			ReadonlyRootfs: true,
			CapDrop:        []string{"ALL"},
			SecurityOpt:    []string{"no-new-privileges"},
			Resources: container.Resources{
				Memory:     int64(memMB) << 20,
				MemorySwap: int64(memMB) << 20, // no swap: the limit is the limit
				NanoCPUs:   int64(math.Round(cpus * 1e9)),
				PidsLimit:  &pids,
			},
		},
	}
}

// containerEnv is the spec's workload configuration, sorted, with where to
// listen set by us.
func containerEnv(spec sandbox.Spec) []string {
	env := map[string]string{workload.EnvName: spec.Name}
	for k, v := range spec.Env {
		env[k] = v
	}
	env[workload.EnvAddr] = "0.0.0.0"
	env[workload.EnvPort] = containerPort
	list := make([]string, 0, len(env))
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	slices.Sort(list)
	return list
}

// containerLabels are the spec's labels and ours; ours win, so a spec cannot
// pass a container off as another session's.
func containerLabels(spec sandbox.Spec, ours map[string]string) map[string]string {
	labels := map[string]string{}
	for k, v := range spec.Labels {
		labels[k] = v
	}
	for k, v := range ours {
		labels[k] = v
	}
	labels[sandbox.LabelName] = spec.Name
	return labels
}

// containerName is unique per session and readable in `docker ps`.
func containerName(session, name string) string {
	clean := strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			return c
		}
		return '-'
	}, name)
	return "coldstart-" + session + "-" + clean
}

// publishedAddr is where the workload port is published on the host; empty
// when the container is not running any more.
func publishedAddr(c container.InspectResponse) string {
	if c.NetworkSettings == nil {
		return ""
	}
	for _, b := range c.NetworkSettings.Ports[port] {
		if b.HostPort != "" {
			host := "127.0.0.1"
			if b.HostIP.IsValid() && !b.HostIP.IsUnspecified() {
				host = b.HostIP.String()
			}
			return net.JoinHostPort(host, b.HostPort)
		}
	}
	return ""
}
