package faas

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// provisionLocked brings the provisioned environments of the current version
// to Config.Provisioned: it starts the missing ones, in parallel and in the
// background, and turns extra ones into on-demand environments (reaped once
// idle). Called at start, on Configure and Reset, and when one is lost.
func (e *Engine) provisionLocked() {
	if e.closed {
		return
	}
	var have []*env
	for _, en := range e.envs {
		if en.Provisioned && en.Version == e.version {
			have = append(have, en)
		}
	}
	for _, en := range have[min(len(have), e.cfg.Provisioned):] {
		en.Provisioned = false
		if en.State == StateIdle {
			e.idleLocked(en)
			e.emitLocked(Event{Type: EnvIdle, Env: en.Name})
		}
	}
	for range e.cfg.Provisioned - len(have) {
		en := e.newEnvLocked(true)
		e.provisioning++
		e.wg.Add(1)
		e.emitLocked(Event{Type: EnvCreated, Env: en.Name})
		go e.provision(en, e.cfg)
	}
}

// provision initialises one provisioned environment: the cold start an
// on-demand environment makes, done before any request needs it.
func (e *Engine) provision(en *env, cfg Config) {
	defer e.wg.Done()
	var ph Phases
	err := e.coldStart(e.ctx, en, cfg, &ph)
	var initMS float64
	if err == nil {
		initMS, err = e.measuredInit(e.ctx, en)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	e.provisioning--
	close(e.provDone)
	e.provDone = make(chan struct{})
	switch {
	case e.closed:
		// Close removes it.
	case err != nil:
		e.provErr = fmt.Errorf("provision %s: %w", en.Name, err)
		en.Provisioned = false // not replaced: a start that fails would fail again at once
		e.retireLocked(en, StateKilled, err.Error())
	case en.Version != e.version:
		e.retireLocked(en, StateReaped, "replaced by version "+fmt.Sprint(e.version))
	default:
		en.InitMS = initMS
		e.emitLocked(Event{Type: EnvInit, Env: en.Name, Duration: time.Duration(initMS * float64(time.Millisecond))})
		e.idleLocked(en)
		if !en.Provisioned { // provisioned concurrency was lowered meanwhile
			e.emitLocked(Event{Type: EnvIdle, Env: en.Name})
			return
		}
		d := time.Duration((ph.StartMS + ph.ReadyMS) * float64(time.Millisecond))
		e.emitLocked(Event{Type: EnvProvisioned, Env: en.Name, Duration: d})
	}
}

// measuredInit asks a ready environment for the init duration it measured
// (/stats answers without counting a request).
func (e *Engine) measuredInit(ctx context.Context, en *env) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+en.addr+"/stats", nil)
	if err != nil {
		return 0, err
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("stats of %s: %w", en.Name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("stats of %s: %s", en.Name, resp.Status)
	}
	wr, err := decodeResponse(resp.Body)
	return wr.InitMS, err
}

// WaitProvisioned waits until no provisioned environment is being
// initialised and reports an error unless all of Config.Provisioned are
// ready. New and Configure start them without waiting, so a view can show
// the progress (EnvProvisioned events); meanwhile requests start on-demand
// environments. A script waits here before sending traffic, as one waits
// for an alias's provisioned concurrency to be Ready.
func (e *Engine) WaitProvisioned(ctx context.Context) error {
	for {
		e.mu.Lock()
		if e.provisioning == 0 || e.closed {
			defer e.mu.Unlock()
			if e.closed {
				return errClosed
			}
			ready, want := e.snapshotLocked().ProvisionedReady(), e.cfg.Provisioned
			switch {
			case ready >= want:
				return nil
			case e.provErr != nil:
				return fmt.Errorf("%d of %d provisioned environments ready: %w", ready, want, e.provErr)
			default:
				return fmt.Errorf("%d of %d provisioned environments ready", ready, want)
			}
		}
		done := e.provDone
		e.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
