package process

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/runtimetest"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// BenchmarkColdStart measures Start until the first 200 from /invoke, for
// the light and heavy start-up profiles. init-ms is the part the workload
// itself measured doing its start-up work.
func BenchmarkColdStart(b *testing.B) {
	for _, p := range []struct {
		name string
		cfg  workload.Config
	}{{"light", workload.Light}, {"heavy", workload.Heavy}} {
		b.Run(p.name, func(b *testing.B) {
			rt := newRuntime(b)
			defer rt.Close(context.Background())
			go drain(rt)
			ctx := context.Background()
			var initMS float64
			i := 0
			for b.Loop() {
				i++
				inst, err := rt.Start(ctx, sandbox.Spec{Name: fmt.Sprint("bench-", i), Env: p.cfg.Env()})
				if err != nil {
					b.Fatal(err)
				}
				r := firstInvoke(b, "http://"+inst.Addr+"/invoke")
				initMS += r.InitMS
				b.StopTimer()
				if err := rt.Remove(ctx, inst.ID); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(initMS/float64(i), "init-ms")
		})
	}
}

// BenchmarkWarmRequest measures one /invoke on a ready instance.
func BenchmarkWarmRequest(b *testing.B) {
	rt := newRuntime(b)
	defer rt.Close(context.Background())
	go drain(rt)
	lat := runtimetest.WarmLatencies(b, rt, sandbox.Spec{Name: "warm", Env: workload.Light.Env()})
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// firstInvoke polls url every millisecond until it answers 200.
func firstInvoke(b *testing.B, url string) workload.Response {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			var r workload.Response
			err := json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
			if resp.StatusCode == 200 && err == nil {
				return r
			}
		}
		time.Sleep(time.Millisecond)
	}
	b.Fatalf("%s never answered 200", url)
	return workload.Response{}
}

func drain(rt *Runtime) {
	for range rt.Events() {
	}
}
