package scenario

import "time"

// Command is what a person would type against the real system for one
// action of a demo (kubectl delete pod web-6d4f-x2k9p, aws lambda invoke
// …), so learners learn the commands rather than depend on the tool.
// Recordings keep them as "command" records (sandbox/record/FORMAT.md).
type Command struct {
	At     time.Time `json:"-"`      // when the action was taken (the record's t_ms in a recording)
	Action string    `json:"action"` // the demo's name for it: "delete-pod", "invoke", …
	Text   string    `json:"text"`   // the command line
}

// Note is what the full-screen view said an action did ("killed node-1:
// its pods died; …"): recordings keep it as a "note" record, so a replay
// narrates the actions as the live run did.
type Note struct {
	Text string `json:"text"`
}
