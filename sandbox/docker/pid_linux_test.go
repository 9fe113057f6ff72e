//go:build linux

package docker

import (
	"os"
	"testing"
	"time"
)

func TestPidStartedAfter(t *testing.T) {
	self := os.Getpid()
	if pidStartedAfter(self, time.Now()) {
		t.Error("this process started after now")
	}
	if !pidStartedAfter(self, bootTime().Add(-time.Hour)) {
		t.Error("this process did not start after an hour before boot")
	}
	if pidStartedAfter(999999999, time.Time{}) {
		t.Error("a missing pid counts as a later process")
	}
}

func TestOwnerNeedsAllOurLabels(t *testing.T) {
	for _, tc := range []struct {
		labels map[string]string
		ok     bool
	}{
		{nil, false},
		{map[string]string{"dev.coldstart.managed": "true"}, false}, // inherited from our image
		{map[string]string{"dev.coldstart.managed": "true", "dev.coldstart.session": "s"}, false},
		{map[string]string{"dev.coldstart.managed": "true", "dev.coldstart.session": "s", "dev.coldstart.pid": "x"}, false},
		{map[string]string{"dev.coldstart.managed": "false", "dev.coldstart.session": "s", "dev.coldstart.pid": "7"}, false},
		{map[string]string{"dev.coldstart.managed": "true", "dev.coldstart.session": "s", "dev.coldstart.pid": "7"}, true},
	} {
		if _, ok := ownerOf(tc.labels); ok != tc.ok {
			t.Errorf("ownerOf(%v) ok = %v, want %v", tc.labels, ok, tc.ok)
		}
	}
}
