package workload

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestFunctionFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Function
		wantErr bool
	}{
		{"unset: no dependency, the store", nil, Function{}, false},
		{"a dependency", map[string]string{EnvDependencyMS: "250"}, Function{DependencyMS: 250}, false},
		{"memory", map[string]string{EnvCounter: "memory"}, Function{Counter: CounterMemory}, false},
		{"store", map[string]string{EnvCounter: " store "}, Function{Counter: CounterStore}, false},
		{"negative", map[string]string{EnvDependencyMS: "-1"}, Function{}, true},
		{"beyond Lambda's longest timeout", map[string]string{EnvDependencyMS: "900001"}, Function{}, true},
		{"not a number", map[string]string{EnvDependencyMS: "1s"}, Function{}, true},
		{"unknown counter", map[string]string{EnvCounter: "redis"}, Function{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{EnvName: "a"}
			for k, v := range tt.env {
				env[k] = v
			}
			c, err := FromEnv(func(k string) string { return env[k] })
			if (err != nil) != tt.wantErr {
				t.Fatalf("FromEnv(%v) error = %v, want error %v", tt.env, err, tt.wantErr)
			}
			if err == nil && c.Function != tt.want {
				t.Errorf("Function = %+v, want %+v", c.Function, tt.want)
			}
			if err == nil {
				back := c.Env()
				c2, _ := FromEnv(func(k string) string { return back[k] })
				if c2.Function != c.Function {
					t.Errorf("round trip through Env: %+v, want %+v", c2.Function, c.Function)
				}
			}
		})
	}
}

func TestInvokeWaitsOnTheDependency(t *testing.T) {
	const wait = 150 * time.Millisecond
	_, url, _ := serve(t, t.Context(), Config{CrashCode: 1, Function: Function{DependencyMS: int(wait / time.Millisecond), Counter: CounterMemory}})
	start := time.Now()
	resp, r := get(t, url+"/invoke")
	if resp.StatusCode != 200 {
		t.Fatal(resp.Status)
	}
	// A lower bound only: the handler really waited.
	if took := time.Since(start); took < wait || r.HandlerMS < float64(wait/time.Millisecond) {
		t.Errorf("took %v, handler %v ms: want at least the %v dependency", took, r.HandlerMS, wait)
	}
	if r.Counter != CounterMemory {
		t.Errorf("counter %q, want %q", r.Counter, CounterMemory)
	}
	if _, r := get(t, url+"/stats"); r.Counter != CounterMemory {
		t.Errorf("/stats counter %q, want %q", r.Counter, CounterMemory)
	}
}

// content/README.md tells exercise authors what the function reads: every
// variable has its row there.
func TestREADMEDocumentsTheFunctionVariables(t *testing.T) {
	raw, err := os.ReadFile("../../content/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{EnvDependencyMS, EnvCounter} {
		if !strings.Contains(string(raw), "\n| `"+name+"` |") {
			t.Errorf("content/README.md has no row for %s under \"What the function reads\"", name)
		}
	}
}
