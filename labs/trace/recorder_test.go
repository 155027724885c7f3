package trace_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"conclab/labs/trace"
)

// record plays the same run into r: a task that exists before the Grow
// (when grow is set) and then three more, each with a line of output.
func record(r *trace.Recorder, grow bool) *trace.Trace {
	r.Set("main", trace.Running, 0, "")
	if grow {
		r.Grow(3, 12, 3)
	}
	for i := range 3 {
		name := fmt.Sprintf("g%d", i)
		r.Set(name, trace.Running, trace.NoWorker, "")
		r.Set(name, trace.Waiting, trace.NoWorker, "io")
		r.Printf(name, "%s done", name)
		r.Done(name)
	}
	r.Done("main")
	return r.Trace()
}

func TestRecorderGrowKeepsWhatIsRecorded(t *testing.T) {
	var now time.Duration
	clock := func() time.Duration { now += time.Millisecond; return now }
	want := record(trace.NewRecorderClock(1, clock), false)
	now = 0
	got := record(trace.NewRecorderClock(1, clock), true)
	assert.Equal(t, want, got)
	assert.Len(t, got.Tasks, 4)
	assert.Equal(t, "main", got.Tasks[0].Name, "the task recorded before the Grow keeps its place")
}
