package tui

// The demo views register themselves with tui/demos when imported. Each demo
// view package adds its blank import here.
import (
	_ "github.com/coldstart-dev/coldstart/tui/demos/autoscalingview"
	_ "github.com/coldstart-dev/coldstart/tui/demos/coldstartview"
	_ "github.com/coldstart-dev/coldstart/tui/demos/rollingdeployview"
	_ "github.com/coldstart-dev/coldstart/tui/demos/selfhealingview"
)
