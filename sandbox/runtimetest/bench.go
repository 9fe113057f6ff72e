package runtimetest

import (
	"context"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// WarmLatencies starts an instance of spec on rt and, once it is ready,
// times one GET /invoke per iteration of b.Loop (with keep-alive). It
// returns the latencies sorted, for the benchmark to report.
func WarmLatencies(b *testing.B, rt sandbox.Runtime, spec sandbox.Spec) []time.Duration {
	b.Helper()
	ctx := context.Background()
	inst, err := rt.Start(ctx, spec)
	if err != nil {
		b.Fatal(err)
	}
	if err := rt.WaitReady(ctx, inst.ID); err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{}
	url := "http://" + inst.Addr + "/invoke"
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		resp, err := hc.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	return lat
}
