package lab

import "conclab/tui/components/pane"

// hooks are the lab-specific views of the lanes, by lab name. Labs never
// import the TUI, so the TUI keeps them here; a lab without an entry gets the
// generic lanes (timeline, facts, queues, output).
var hooks = map[string]pane.Hooks{}

// HooksFor returns the lane hooks of the lab called name (empty for most labs).
func HooksFor(name string) pane.Hooks { return hooks[name] }
