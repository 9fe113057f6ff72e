package docker

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// TestCreateOptionsAreHardened checks the container we ask the daemon for,
// without a daemon. (TestContainerIsHardened checks what a daemon made of it.)
func TestCreateOptionsAreHardened(t *testing.T) {
	specs := []sandbox.Spec{
		{Name: "env-3"}, // every limit left to our defaults
		{Name: "web-7f9c-x2", MemoryMB: 96, CPUs: 0.5},
		{Name: "spoofer", CPUs: 2,
			Labels: map[string]string{sandbox.LabelSession: "other", sandbox.LabelManaged: "false", sandbox.LabelName: "x", "dev.coldstart.demo": "test"},
			Env:    map[string]string{workload.EnvAddr: "127.0.0.2", workload.EnvPort: "9", workload.EnvInitMemMB: "16"}},
	}
	p := placement{session: "s3ss10n", image: "coldstart-workload:abc", network: "coldstart-s3ss10n", labels: sessionLabels("s3ss10n")}

	checks := []struct {
		name  string
		check func(c *container.Config, h *container.HostConfig, s sandbox.Spec) string // what is wrong, or ""
	}{
		{"read-only rootfs", func(_ *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			return unless(h.ReadonlyRootfs, "the root filesystem is writable")
		}},
		{"all capabilities dropped", func(_ *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			return unless(slices.Equal(h.CapDrop, []string{"ALL"}) && len(h.CapAdd) == 0, fmt.Sprintf("drop %v, add %v", h.CapDrop, h.CapAdd))
		}},
		{"no-new-privileges", func(_ *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			return unless(slices.Contains(h.SecurityOpt, "no-new-privileges"), fmt.Sprintf("security options %v", h.SecurityOpt))
		}},
		{"not privileged", func(_ *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			return unless(!h.Privileged && len(h.Devices) == 0, "privileged, or host devices")
		}},
		{"non-root user", func(c *container.Config, _ *container.HostConfig, _ sandbox.Spec) string {
			uid, _, _ := strings.Cut(c.User, ":")
			n, err := strconv.Atoi(uid)
			return unless(err == nil && n > 0, fmt.Sprintf("user %q, want a numeric non-root uid", c.User))
		}},
		{"memory limited, no swap", func(_ *container.Config, h *container.HostConfig, s sandbox.Spec) string {
			want := int64(orDefault(s.MemoryMB, DefaultMemoryMB)) << 20
			return unless(h.Memory == want && h.MemorySwap == want, fmt.Sprintf("memory %d swap %d, want %d both", h.Memory, h.MemorySwap, want))
		}},
		{"CPU quota", func(_ *container.Config, h *container.HostConfig, s sandbox.Spec) string {
			// sandbox.Spec: CPUs 0 means the default quota, never none.
			cpus := s.CPUs
			if cpus == 0 {
				cpus = DefaultCPUs
			}
			want := int64(math.Round(cpus * 1e9))
			return unless(h.NanoCPUs == want && h.NanoCPUs > 0, fmt.Sprintf("NanoCPUs %d, want %d", h.NanoCPUs, want))
		}},
		{"pids limited", func(_ *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			if h.PidsLimit == nil {
				return "no pids limit"
			}
			return unless(*h.PidsLimit == DefaultPids, fmt.Sprintf("pids limit %d, want %d", *h.PidsLimit, DefaultPids))
		}},
		{"ports on 127.0.0.1 only", func(c *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			if h.PublishAllPorts || len(h.PortBindings) != 1 || len(c.ExposedPorts) != 1 {
				return fmt.Sprintf("publish all %v, bindings %v, exposed %v: want the workload port only", h.PublishAllPorts, h.PortBindings, c.ExposedPorts)
			}
			for p, bindings := range h.PortBindings {
				for _, b := range bindings {
					if b.HostIP.String() != "127.0.0.1" {
						return fmt.Sprintf("port %s bound on %q", p, b.HostIP)
					}
				}
				if len(bindings) == 0 {
					return fmt.Sprintf("port %s has no binding", p)
				}
			}
			return ""
		}},
		{"our labels, not the spec's", func(c *container.Config, _ *container.HostConfig, s sandbox.Spec) string {
			host, _ := os.Hostname()
			want := map[string]string{sandbox.LabelManaged: "true", sandbox.LabelSession: "s3ss10n",
				sandbox.LabelPID: strconv.Itoa(os.Getpid()), LabelHost: host, sandbox.LabelName: s.Name}
			for k, v := range s.Labels {
				if _, ours := want[k]; !ours {
					want[k] = v // the spec's own labels are kept
				}
			}
			for k, v := range want {
				if c.Labels[k] != v {
					return fmt.Sprintf("label %s = %q, want %q", k, c.Labels[k], v)
				}
			}
			return ""
		}},
		{"the session's network, nothing of the host's", func(_ *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			shared := h.NetworkMode.IsHost() || h.PidMode.IsHost() || h.IpcMode.IsHost() || h.UTSMode.IsHost() || h.UsernsMode.IsHost() || h.CgroupnsMode.IsHost()
			return unless(h.NetworkMode == "coldstart-s3ss10n" && !shared, fmt.Sprintf("network %q, pid %q, ipc %q, uts %q, userns %q, cgroupns %q",
				h.NetworkMode, h.PidMode, h.IpcMode, h.UTSMode, h.UsernsMode, h.CgroupnsMode))
		}},
		{"no host files", func(_ *container.Config, h *container.HostConfig, _ sandbox.Spec) string {
			return unless(len(h.Binds) == 0 && len(h.Mounts) == 0 && len(h.VolumesFrom) == 0, fmt.Sprintf("binds %v, mounts %v", h.Binds, h.Mounts))
		}},
		{"listens where we publish", func(c *container.Config, _ *container.HostConfig, _ sandbox.Spec) string {
			addr, port := workload.EnvAddr+"=0.0.0.0", workload.EnvPort+"="+containerPort
			return unless(slices.Contains(c.Env, addr) && slices.Contains(c.Env, port), fmt.Sprintf("env %v, want %s and %s", c.Env, addr, port))
		}},
	}
	for _, s := range specs {
		opts := createOptions(s, p)
		if opts.Config == nil || opts.HostConfig == nil {
			t.Fatalf("%s: no Config or HostConfig", s.Name)
		}
		for _, tc := range checks {
			t.Run(s.Name+"/"+tc.name, func(t *testing.T) {
				if problem := tc.check(opts.Config, opts.HostConfig, s); problem != "" {
					t.Error(problem)
				}
			})
		}
	}
}

// unless is problem unless ok.
func unless(ok bool, problem string) string {
	if ok {
		return ""
	}
	return problem
}

// orDefault is v, or def when v is not positive.
func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
