package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	recording "github.com/coldstart-dev/coldstart/sandbox/record"
	"github.com/coldstart-dev/coldstart/sandbox/scenario"
	"github.com/coldstart-dev/coldstart/tui/demos/demokit"
)

// schemaLines checks every --json line of demo against the headless schema
// and returns the event bodies, in order.
func schemaLines(t *testing.T, demo, stdout string) (events []string, types map[scenario.Type]int) {
	t.Helper()
	types = map[scenario.Type]int{}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		typ := checkLine(t, demo, sc.Bytes())
		types[typ]++
		if typ == scenario.TypeEvent {
			var env scenario.Envelope
			json.Unmarshal(sc.Bytes(), &env)
			events = append(events, string(env.Event))
		}
	}
	return events, types
}

func openFile(t *testing.T, path string) *recording.Recording {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec, err := recording.Open(f)
	if err != nil {
		t.Fatalf("record.Open(%s): %v", path, err)
	}
	return rec
}

// Every demo, run headless for real on processes with --record: the file
// opens, its header names the demo and the options given, it holds events
// and states; its replay prints the live run's events in the headless
// schema, and its charts are a real PNG and SVG.
func TestRecordHeadlessAndReplay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every demo on real processes")
	}
	for _, tc := range []struct {
		demo, file string
		args       []string
		option     string // a key:value the header's options must hold
	}{
		{"cold-start", "cs.jsonl", []string{"--burst", "2", "--idle-timeout", "1s"}, `"Burst":2`},
		{"self-healing", "sh.jsonl.gz", []string{"--replicas", "2", "--nodes", "2", "--time-scale", "100", "--script", "kill-pod"}, `"Replicas":2`},
		{"rolling-deploy", "rd.jsonl", []string{"--replicas", "2", "--time-scale", "100", "--script", "deploy"}, `"Replicas":2`},
		{"autoscaling", "as.jsonl", []string{"--max", "3", "--time-scale", "100", "--script", "up"}, `"Max":3`},
	} {
		t.Run(tc.demo, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			live, stderr, err := run(t, append([]string{"--backend", "process", "demo", tc.demo, "--headless", "--json", "--record", path}, tc.args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			rec := openFile(t, path)
			h := rec.Header
			if h.Demo != tc.demo || h.Backend != "process" || h.Runtime == "" || h.Format != recording.Format || !strings.Contains(string(h.Options), tc.option) {
				t.Errorf("header %+v: want demo %s on process, options with %s", h, tc.demo, tc.option)
			}
			if len(rec.RecordsOf("event")) == 0 || len(rec.StateTimes()) == 0 || len(rec.RecordsOf("summary")) != 1 {
				t.Errorf("%d events, %d states, %d summaries: want some, some, 1",
					len(rec.RecordsOf("event")), len(rec.StateTimes()), len(rec.RecordsOf("summary")))
			}

			// Every action's real command, recorded and printed as a script.
			wantCommand := map[string]string{
				"cold-start":     "for i in $(seq 2); do aws lambda invoke --function-name cold-start out-$i.json & done; wait",
				"self-healing":   " --grace-period=0 --force",
				"rolling-deploy": "kubectl set image deployment/web web=coldstart-workload:v2",
				"autoscaling":    "hey -z 30m -c ",
			}[tc.demo]
			script, stderr, err := run(t, "replay", path, "--commands")
			if err != nil || !strings.Contains(script, wantCommand) || len(rec.RecordsOf("command")) == 0 {
				t.Errorf("%d command records; replay --commands (%v) lacks %q:\n%s%s", len(rec.RecordsOf("command")), err, wantCommand, script, stderr)
			}

			replayed, stderr, err := run(t, "replay", path, "--headless", "--json")
			if err != nil {
				t.Fatalf("replay: %v\n%s", err, stderr)
			}
			want, _ := schemaLines(t, tc.demo, live)
			got, types := schemaLines(t, tc.demo, replayed)
			if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) == 0 {
				t.Errorf("replayed events differ from the live run's:\n got %d: %.2000s\nwant %d: %.2000s", len(got), got, len(want), want)
			}
			if types[scenario.TypeSummary] != 1 {
				t.Errorf("replay: %v records: want one summary", types)
			}

			for _, chart := range []struct{ name, magic string }{{"c.png", "\x89PNG\r\n\x1a\n"}, {"c.svg", "<?xml"}} {
				out := filepath.Join(dir, chart.name)
				if _, stderr, err := run(t, "replay", path, "--chart", out); err != nil {
					t.Fatalf("replay --chart %s: %v\n%s", chart.name, err, stderr)
				}
				b, err := os.ReadFile(out)
				if err != nil || !bytes.HasPrefix(b, []byte(chart.magic)) || (chart.name == "c.svg" && !bytes.Contains(b, []byte("<svg"))) {
					t.Errorf("%s: %d bytes starting %q (%v)", chart.name, len(b), b[:min(len(b), 16)], err)
				}
			}

			if tc.demo == "rolling-deploy" { // cut a real recording mid-line
				b, _ := os.ReadFile(path)
				cut := bytes.LastIndexByte(b[:len(b)-1], '\n') + 20
				os.WriteFile(path, b[:cut], 0o644)
				out, stderr, err := run(t, "replay", path, "--headless")
				if err != nil || !strings.Contains(stderr, "cut short") || out == "" {
					t.Errorf("replay of a cut file: err %v, stderr %q, %d bytes out: want lines and a note", err, stderr, len(out))
				}
			}
		})
	}
}

// writeRecording is a small recording with the given format version.
func writeRecording(t *testing.T, format int) string {
	t.Helper()
	var b bytes.Buffer
	w, _ := recording.NewWriter(&b, recording.Header{Demo: "self-healing", Options: json.RawMessage(`{}`), Started: time.Now()})
	w.Write(0, "event", map[string]string{"Reason": "Killing"})
	w.Close()
	lines := strings.SplitN(b.String(), "\n", 2)
	var h map[string]any
	json.Unmarshal([]byte(lines[0]), &h)
	h["coldstart_recording"] = format
	head, _ := json.Marshal(h)
	path := filepath.Join(t.TempDir(), "r.jsonl")
	os.WriteFile(path, append(append(head, '\n'), lines[1]...), 0o644)
	return path
}

func TestReplayErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args func(t *testing.T) []string
		want string
	}{
		{"newer schema", func(t *testing.T) []string { return []string{writeRecording(t, recording.Format+1), "--headless"} }, "newer coldstart"},
		{"older schema", func(t *testing.T) []string {
			return []string{writeRecording(t, recording.OldestFormat-1), "--headless"}
		}, "format 0"},
		{"newer schema, full screen", func(t *testing.T) []string { return []string{writeRecording(t, recording.Format+1)} }, "newer coldstart"},
		{"full screen without a terminal", func(t *testing.T) []string { return []string{writeRecording(t, recording.Format)} }, "the full-screen replay needs a terminal: use --headless"},
		{"no file", func(t *testing.T) []string { return nil }, "give a recording FILE"},
		{"no kept run", func(t *testing.T) []string { return []string{"--last", "--headless"} }, "no kept runs yet"},
		{"bad chart name", func(t *testing.T) []string { return []string{writeRecording(t, recording.Format), "--chart", "x.jpg"} }, "want a .svg or .png"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := run(t, append([]string{"replay"}, tc.args(t)...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v: want one saying %q", err, tc.want)
			}
		})
	}
}

// The kept runs are pruned to the newest keepRuns; --list shows them and
// --last picks the newest.
func TestReplayKeptRunsArePrunedTo10(t *testing.T) {
	for _, n := range []int{0, 3, keepRuns, keepRuns + 1, 25} {
		t.Run(fmt.Sprintf("%d runs", n), func(t *testing.T) {
			t.Setenv("XDG_STATE_HOME", t.TempDir())
			start := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
			for i := range n {
				path, err := keptPath("self-healing", start.Add(time.Duration(i)*time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(path, nil, 0o644)
			}
			if err := pruneKept(keepRuns); err != nil {
				t.Fatal(err)
			}
			runs, err := keptRuns()
			if err != nil || len(runs) != min(n, keepRuns) {
				t.Fatalf("%d kept (%v): want %d", len(runs), err, min(n, keepRuns))
			}
			if n > 0 && !runs[0].when.Equal(start.Add(time.Duration(n-1)*time.Minute)) {
				t.Errorf("newest kept %v: want the last one made", runs[0].when)
			}
			var out bytes.Buffer
			listKept(&out)
			if got := strings.Count(out.String(), "\nself-healing  "); got != len(runs) {
				t.Errorf("--list shows %d runs, want %d:\n%s", got, len(runs), out.String())
			}
		})
	}
}

// replay --commands of two recorded headless runs (made with
// `coldstart --backend process demo NAME --headless --record`): a script of
// their actions' real commands, with the waits and what happened between.
func TestReplayCommandsGolden(t *testing.T) {
	for _, name := range []string{"self-healing", "cold-start"} {
		t.Run(name, func(t *testing.T) {
			out, stderr, err := run(t, "replay", filepath.Join("testdata", "commands", name+".jsonl.gz"), "--commands")
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			if !strings.HasPrefix(out, "#!/bin/sh\n") || !strings.Contains(out, " later: ") {
				t.Errorf("not a script with its waits:\n%s", out)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// A full-screen run's commands (the command log's sink) are "command"
// records at their time, with scenario.Command's body.
func TestScreenRecordingKeepsCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.jsonl")
	r := &screenRecording[cluster.Update]{demo: "self-healing", opts: struct{}{}, path: path, record: (*recorder).clusterUpdate}
	r.command(scenario.Command{At: time.Now(), Action: "scale", Text: "before the runtime opened"}) // dropped: nothing is recording yet
	r.Opened(demokit.Choice{Backend: "process"}, "test runtime")
	at := r.rec.start.Add(1500 * time.Millisecond)
	r.command(scenario.Command{At: at, Action: "kill-pod", Text: "kubectl delete pod web-x --grace-period=0 --force"})
	var stderr bytes.Buffer
	r.close(&stderr)
	got := openFile(t, path).RecordsOf("command")
	if len(got) != 1 || got[0].T != 1500*time.Millisecond ||
		string(got[0].Body) != `{"action":"kill-pod","text":"kubectl delete pod web-x --grace-period=0 --force"}` {
		t.Errorf("command records %+v (%s)", got, stderr.String())
	}
}
