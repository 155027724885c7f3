package trace

import (
	"fmt"
	"strings"
	"time"
)

// TaskSummary adds up where one task's time went.
type TaskSummary struct {
	Name string
	// Running is time spent using a worker; Blocked is time holding one while waiting.
	Running, Blocked time.Duration
	// Waiting is time without a worker, waiting; Ready is time waiting for a free worker.
	Waiting, Ready time.Duration
	// End is when the task returned.
	End time.Duration
}

// Busy is the time the task held a worker: Running + Blocked.
func (s TaskSummary) Busy() time.Duration { return s.Running + s.Blocked }

// Summary is the short account of a trace.
type Summary struct {
	Total   time.Duration
	Workers int
	Tasks   []TaskSummary
	// Utilization is the share of worker time spent Running (0..1).
	Utilization float64
}

// Summarize adds up the spans of every task.
func Summarize(tr *Trace) Summary {
	s := Summary{Total: tr.Total, Workers: tr.Workers, Tasks: make([]TaskSummary, len(tr.Tasks))}
	var running time.Duration
	for i, t := range tr.Tasks {
		ts := TaskSummary{Name: t.Name}
		for _, sp := range t.Spans {
			switch sp.State {
			case Running:
				ts.Running += sp.Duration()
			case Blocked:
				ts.Blocked += sp.Duration()
			case Waiting:
				ts.Waiting += sp.Duration()
			case Ready:
				ts.Ready += sp.Duration()
			}
			if sp.End > ts.End {
				ts.End = sp.End
			}
		}
		running += ts.Running
		s.Tasks[i] = ts
	}
	if tr.Total > 0 && tr.Workers > 0 {
		s.Utilization = float64(running) / float64(tr.Total*time.Duration(tr.Workers))
	}
	return s
}

// String is a small text table: one line per task, then the total.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s %10s %10s %10s %10s\n", "task", "running", "blocked", "waiting", "ready")
	for _, t := range s.Tasks {
		fmt.Fprintf(&b, "%-12s %10s %10s %10s %10s\n", t.Name, Clock(t.Running), Clock(t.Blocked), Clock(t.Waiting), Clock(t.Ready))
	}
	fmt.Fprintf(&b, "total %s on %d worker(s), %.0f%% busy\n", Clock(s.Total), s.Workers, 100*s.Utilization)
	return b.String()
}
