package faas

import (
	"context"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

func TestValidate(t *testing.T) {
	with := func(f func(*Config)) Config { c := Defaults; f(&c); return c }
	tests := []struct {
		name string
		cfg  Config
		want string // in the error; "" for valid
	}{
		{"defaults", Defaults, ""},
		{"provisioned up to the reserved concurrency", with(func(c *Config) { c.Provisioned = c.Concurrency }), ""},
		{"provisioned over the reserved concurrency", with(func(c *Config) { c.Provisioned = c.Concurrency + 1 }), "provisioned concurrency"},
		{"negative provisioned", with(func(c *Config) { c.Provisioned = -1 }), "provisioned concurrency"},
		{"function environment", with(func(c *Config) { c.Env = map[string]string{"TABLE_NAME": "orders", "LOG_LEVEL": "debug"} }), ""},
		{"reserved workload setting", with(func(c *Config) { c.Env = map[string]string{workload.EnvInitWork: "1"} }), "COLDSTART_WL_INIT_WORK"},
		{"name with =", with(func(c *Config) { c.Env = map[string]string{"A=B": "1"} }), "letters, digits"},
		{"name starting with a digit", with(func(c *Config) { c.Env = map[string]string{"1A": "1"} }), "letters, digits"},
		{"over 4 KB", with(func(c *Config) { c.Env = map[string]string{"BIG": strings.Repeat("x", 4094)} }), "4 KB"},
		{"exactly 4 KB", with(func(c *Config) { c.Env = map[string]string{"BIG": strings.Repeat("x", 4093)} }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v, want ok", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate: %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestEnvReachesTheWorkload(t *testing.T) {
	cfg := Defaults
	cfg.Env = map[string]string{"TABLE_NAME": "orders"}
	h := newHarness(t, harnessOpts{cfg: cfg})
	ctx := context.Background()
	cfg.Env["TABLE_NAME"] = "changed by the caller" // the engine keeps its own copy
	if inv := h.e.Invoke(ctx); inv.Status != StatusOK {
		t.Fatalf("invocation %s: %s", inv.Status, inv.Err)
	}

	next := h.e.Config()
	next.Env = map[string]string{"TABLE_NAME": "orders-v2"}
	if err := h.e.Configure(next); err != nil {
		t.Fatal(err)
	}
	if inv := h.e.Invoke(ctx); inv.Kind != KindCold {
		t.Fatalf("after an environment change: %s, want cold (a new version)", inv.Kind)
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.specs) != 2 {
		t.Fatalf("%d environments started, want 2", len(h.specs))
	}
	for i, want := range []string{"orders", "orders-v2"} {
		env := h.specs[i].Env
		if env["TABLE_NAME"] != want {
			t.Errorf("environment %d: TABLE_NAME=%q, want %q", i+1, env["TABLE_NAME"], want)
		}
		if env[workload.EnvName] == "" || env[workload.EnvInitWork] == "" {
			t.Errorf("environment %d lost the engine's workload settings: %v", i+1, env)
		}
	}
}

func TestConfigureRejectsAReservedEnvName(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	cfg := h.e.Config()
	cfg.Env = map[string]string{workload.EnvName: "mine"}
	if err := h.e.Configure(cfg); err == nil || !strings.Contains(err.Error(), workload.EnvName) {
		t.Fatalf("Configure with %s: %v, want an error naming it", workload.EnvName, err)
	}
	if h.e.Config().Env != nil {
		t.Errorf("a rejected configuration was applied: %v", h.e.Config().Env)
	}
}
