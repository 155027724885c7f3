package lab

import (
	"fmt"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
	"conclab/tui/styles"
)

// The views a lab declares for its lanes (labs.Views; see HooksFor).

// liveRows is how many lines liveView draws.
const liveRows = 2

// liveView shows what the learner's terminal shows at the cursor when
// task draws frames over each other on one line (a spinner): the current
// frame (or the line another task printed over it, such as the answer),
// how many frames were drawn so far, and whether the task is spinning,
// frozen (no frame for longer than two frames) or stopped.
func liveView(task string) func(st styles.Styles, r labs.Result, at time.Duration, printed, width int) []string {
	return func(st styles.Styles, r labs.Result, at time.Duration, printed, width int) []string {
		return live(st, task, r, at, printed)
	}
}

// live draws task's screen line and its frame count at at, when the first
// printed output lines are out (the lane's output shows the same lines).
// Before its first frame the task is not spinning yet: it may never be
// (a blocking call holds the loop), and after two frame times without one
// it is frozen.
func live(st styles.Styles, task string, r labs.Result, at time.Duration, printed int) []string {
	tr := r.Trace
	screen, frames := "", 0
	var last, gap time.Duration = -1, 0
	stopped := false
	for i, l := range tr.Output {
		if l.Task == task {
			if i >= printed {
				if last >= 0 && gap == 0 && l.At > last {
					gap = l.At - last // the frame time, from the next frame when only one is out
				}
				continue
			}
			if strings.TrimSpace(l.Text) == "" {
				screen, stopped = "", true // the task erased its frame
				continue
			}
			if last >= 0 && l.At > last && (gap == 0 || l.At-last < gap) {
				gap = l.At - last
			}
			screen, frames, last = l.Text, frames+1, l.At
			continue
		}
		if i < printed {
			screen = l.Text
			stopped = true
		}
	}
	if gap == 0 {
		gap = 100 * time.Millisecond
	}
	label := st.Muted.Render("screen  ")
	line1 := label + st.Cursor.Render(" "+screen+" ")
	if screen == "" {
		line1 = label + st.Muted.Render("(blank)")
	}
	line2 := st.Muted.Render("frames  ") + st.Title.Render(fmt.Sprint(frames))
	since := at - max(last, 0)
	switch {
	case at < 0:
	case stopped:
		line2 += st.Muted.Render(" · stopped")
	case since >= 2*gap:
		line2 += st.Warning.Render(" · frozen: no frame for " + trace.Seconds(since) + " s")
	case frames == 0:
		line2 += st.Muted.Render(" · no frame yet")
	default:
		line2 += st.Success.Render(" · spinning")
	}
	return []string{line1, line2}
}
