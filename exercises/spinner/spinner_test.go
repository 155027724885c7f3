//go:build exercises

package spinner

import (
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// frames is how many frames the spinner draws while Slow waits: one at 0 s,
// then one every s.Frame before the answer (30 for Thinking). When s.Wait is
// a whole number of frames, a frame and the answer are due at the same
// instant, and goroutines woken together run in no fixed order: one more
// frame may come first, so tie allows it.
func frames(s Setup) (n int, tie bool) {
	return int((s.Wait + s.Frame - 1) / s.Frame), s.Wait%s.Frame == 0
}

func TestFramesModel(t *testing.T) {
	tests := []struct {
		s    Setup
		n    int
		tie  bool
		last time.Duration
	}{
		{Thinking, 30, true, 2900 * ms},
		{Setup{"loading", 300 * ms, time.Second}, 4, false, 900 * ms},
		{Setup{"x", time.Second, 500 * ms}, 1, false, 0},
	}
	for _, tt := range tests {
		n, tie := frames(tt.s)
		if n != tt.n || tie != tt.tie || time.Duration(n-1)*tt.s.Frame != tt.last {
			t.Errorf("frames(%v) = %d, %v, want %d, %v (the last frame at %v)", tt.s, n, tie, tt.n, tt.tie, tt.last) // guards the check itself
		}
	}
}

func TestSupervisor(t *testing.T) {
	tests := []struct {
		name string
		s    Setup
	}{
		{"thinking!, a frame every 0.1 s, the answer at 3 s", Thinking},
		{"a frame every 0.3 s, the answer at 1 s, between two frames", Setup{"loading", 300 * ms, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				// A spinner that nobody stops would spin forever on the virtual clock.
				log.SetLimit(tt.s.Wait + 5*time.Second)
				got := Supervisor(log, tt.s)
				checkSupervisor(t, log, tt.s, got)
			})
		})
	}
}

// screen is what the spinner and main printed, in order.
type screen struct {
	frames []trace.Line // the spinner's frames
	erase  int          // index in all of the line that erased the frame, or -1
	answer int          // index in all of the "Answer: 42" line, or -1
	all    []trace.Line
}

func read(log *kit.Log) screen {
	sc := screen{erase: -1, answer: -1, all: log.Lines("")}
	for i, l := range sc.all {
		switch {
		case l.Task == "spinner" && strings.TrimSpace(l.Text) == "":
			sc.erase = i
		case l.Task == "spinner":
			sc.frames = append(sc.frames, l)
		case strings.HasPrefix(l.Text, "Answer:"):
			sc.answer = i
		}
	}
	return sc
}

func checkSupervisor(t *testing.T, log *kit.Log, s Setup, got int) {
	t.Helper()
	elapsed := log.Elapsed()
	want, tie := frames(s)
	most := want
	if tie {
		most++
	}
	sc := read(log)
	wait, frame := kit.Seconds(s.Wait), kit.Seconds(s.Frame)
	if got != 42 {
		t.Fatalf("Supervisor returned %d, want 42: the answer Slow gives", got)
	}
	if len(sc.frames) == 0 {
		t.Fatalf("the spinner drew no frame while Slow waited %s, want %d, one every %s — does Spin run in a goroutine "+
			"of its own, started before Supervisor calls Slow?", wait, want, frame)
	}
	for k, l := range sc.frames[:min(len(sc.frames), want)] {
		at, text := time.Duration(k)*s.Frame, string(`|/-\`[k%4])+" "+s.Label
		if l.At != at || l.Text != text {
			t.Fatalf("frame %d was %q at %s, want %q at %s — start the spinner before you call Slow, which keeps "+
				"Supervisor waiting for %s", k+1, l.Text, kit.Seconds(l.At), text, kit.Seconds(at), wait)
		}
	}
	last := sc.frames[len(sc.frames)-1].At
	switch {
	case len(sc.frames) < want:
		t.Fatalf("the spinner drew %d frames and stopped at %s, want %d frames, until the answer came at %s: "+
			"cancel its context only once Slow has returned", len(sc.frames), kit.Seconds(last), want, wait)
	case sc.erase < 0 && len(sc.frames) > most:
		t.Fatalf("the spinner was still spinning at %s (%d frames), want it stopped when the answer came at %s: "+
			"cancel its context (context.WithCancel) as soon as Slow returns", kit.Seconds(last), len(sc.frames), wait)
	case sc.erase < 0:
		t.Fatalf("Supervisor returned at %s and the spinner's frame was never erased, want it erased within one frame "+
			"(%s) of the answer at %s: cancel the spinner's context once Slow returns, and wait for Spin to return",
			kit.Seconds(elapsed), frame, wait)
	}
	erased := sc.all[sc.erase].At
	switch {
	case len(sc.frames) > most || erased > s.Wait+s.Frame:
		t.Fatalf("the spinner drew %d frames and was erased at %s, want %d frames and erased within one frame (%s) "+
			"of the answer at %s: cancel its context as soon as Slow returns", len(sc.frames), kit.Seconds(erased),
			want, frame, wait)
	case sc.answer < 0:
		t.Fatalf(`nothing printed "Answer: 42", want it printed at %s, once the spinner is erased`, wait)
	case sc.answer < sc.erase:
		t.Fatalf(`"Answer: 42" was printed at %s while the spinner's frame was still on the screen (it was erased `+
			`after), want the answer after the erased frame: wait until Spin has returned — a channel it closes, `+
			`or a sync.WaitGroup — before printing`, kit.Seconds(sc.all[sc.answer].At))
	case elapsed > s.Wait+s.Frame:
		t.Fatalf("Supervisor returned at %s, want within one frame (%s) of the answer at %s", kit.Seconds(elapsed), frame, wait)
	}
}
