// Package clustertest holds what the tests of cluster engines and of the
// demos on them share.
package clustertest

import (
	"sync"
	"testing"
	"time"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
)

// RolloutWatch reads an engine's stream until it ends, as a view does, and
// records what it sees from the rollout to newVersion on: the most pods not
// terminating and the fewest ready at once, and how many snapshots held
// pods of the old and the new version at once (Recreate must have none).
// While the cluster runs, the stream delivers its newest snapshot to
// however slow a reader, so the finished rollout is always seen.
type RolloutWatch struct {
	done      chan struct{}
	rolledOut chan struct{} // closed at the first snapshot of the finished rollout
	mu        sync.Mutex

	started, finished bool
	mostPods, fewest  int
	both              int
}

// WatchRollout starts reading updates, the engine's stream.
func WatchRollout(updates <-chan cluster.Update, newVersion string) *RolloutWatch {
	w := &RolloutWatch{done: make(chan struct{}), rolledOut: make(chan struct{})}
	go func() {
		defer close(w.done)
		for u := range updates {
			w.observe(u.Snapshot, newVersion)
		}
	}()
	return w
}

// Done is closed when the stream has ended.
func (w *RolloutWatch) Done() <-chan struct{} { return w.done }

func (w *RolloutWatch) observe(s *cluster.Snapshot, newVersion string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.started {
		if s.Rollout.Version != newVersion {
			return // the first rollout, from nothing, does not count
		}
		w.started, w.mostPods, w.fewest = true, s.Rollout.Total, s.ReadyPods
	}
	w.mostPods, w.fewest = max(w.mostPods, s.Rollout.Total), min(w.fewest, s.ReadyPods)
	vs := map[bool]bool{}
	for _, p := range s.Pods {
		vs[p.Version == newVersion] = true
	}
	if vs[true] && vs[false] {
		w.both++
	}
	if !w.finished && s.Rollout.Complete {
		w.finished = true
		close(w.rolledOut)
	}
}

// Seen waits until the stream has shown the finished rollout, then says
// what it saw: the bounds and the mixed snapshots. Call it before closing
// the cluster (Close drops what the reader has not read yet).
func (w *RolloutWatch) Seen(t testing.TB) (mostPods, fewestReady, mixed int) {
	t.Helper()
	select {
	case <-w.rolledOut:
	case <-time.After(30 * time.Second):
		t.Fatal("the stream never showed the finished rollout")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mostPods, w.fewest, w.both
}
