//go:build exercises

package responsive

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// checksum is the answer, worked out another way: records n-1 down to 0,
// each squared after it is reduced mod 1 000 003.
func checksum(n int) int {
	sum := 0
	for i := n - 1; i >= 0; i-- {
		sum += (i % 1_000_003) * (i % 1_000_003) % 1_000_003
	}
	return sum
}

// answerAt is when the checksum is shown: the key press, then the CPU
// work, which takes as long on the loop, in steps, or on a goroutine of
// its own; the spinner's frames take no time.
func answerAt(job Job) time.Duration {
	return job.KeyAt + time.Duration(job.Records)*PerRecord
}

func TestResponsiveModel(t *testing.T) {
	tests := []struct {
		job    Job
		answer time.Duration
	}{
		{Today, 1450 * ms},
		{Job{KeyAt: 250 * ms, Records: 2_500_000}, 2750 * ms},
		{Job{KeyAt: 300 * ms, Records: 120_000}, 420 * ms},
	}
	for _, tt := range tests {
		if got := answerAt(tt.job); got != tt.answer {
			t.Errorf("answerAt(%+v) = %v, want %v", tt.job, got, tt.answer) // guards the check itself
		}
	}
	// Worked out by hand: 0 + 1 + 4 + 9 + 16.
	if got := checksum(5); got != 30 {
		t.Errorf("checksum(5) = %d, want 30", got)
	}
	// Crunch agrees, and takes its CPU time; consecutive ranges add up.
	synctest.Test(t, func(t *testing.T) {
		log := kit.New()
		if got, want := Crunch(log, "x", 0, 2000), checksum(2000); got != want || log.Elapsed() != 2*ms {
			t.Errorf("Crunch(0, 2000) = %d in %v, want %d in 2ms", got, log.Elapsed(), want)
		}
		if got, want := Crunch(log, "x", 999_000, 1_001_000), checksum(1_001_000)-checksum(999_000); got != want {
			t.Errorf("Crunch(999000, 1001000) = %d, want %d", got, want)
		}
	})
}

func TestResponsive(t *testing.T) {
	tests := []struct {
		name string
		job  Job
	}{
		{"a key at 0.45 s, 1 s of work: the checksum at 1.45 s, the spinner never frozen", Today},
		{"a key at 0.25 s, 2.5 s of work: the checksum at 2.75 s", Job{KeyAt: 250 * ms, Records: 2_500_000}},
		{"a key at 0.3 s, 0.12 s of work: the checksum at 0.42 s", Job{KeyAt: 300 * ms, Records: 120_000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				// A loop nobody stops would spin for ever: the check stops
				// it 2 s after the checksum is due (and the Log's limit
				// stops code that never returns to the loop).
				log.SetLimit(answerAt(tt.job) + 3*time.Second)
				l := New(log)
				giveUp := answerAt(tt.job) + 2*time.Second
				l.At(giveUp, "check", l.Stop)
				Start(l, tt.job)
				stopped := l.Run()
				if len(log.Lines("key")) == 0 && stopped == giveUp {
					t.Fatalf("no checksum was shown: at %s the loop was still running, want the checksum at %s and the "+
						"loop stopped then — does the goroutine that crunches post a callback that calls Show "+
						"(l.Post(\"key\", func() { Show(l, sum) }))?", kit.Seconds(giveUp), kit.Seconds(answerAt(tt.job)))
				}
				checkRun(t, log, tt.job, stopped)
			})
		})
	}
}

func checkRun(t *testing.T, log *kit.Log, job Job, stopped time.Duration) {
	t.Helper()
	want, sum := answerAt(job), checksum(job.Records)
	answers := log.Lines("key")
	if len(answers) != 1 {
		t.Fatalf("the checksum was shown %d times, want once: call Show once, with the sum of all the records", len(answers))
	}
	a := answers[0]
	if a.Text != "checksum: "+itoa(sum) {
		t.Fatalf("at %s the screen showed %q, want %q: the checksum of all %d records — do the steps add up to "+
			"records 0 to %d, each once?", kit.Seconds(a.At), a.Text, "checksum: "+itoa(sum), job.Records, job.Records-1)
	}
	frames := log.Lines("spinner")
	// The frames due at least a frame before the checksum must be there;
	// a later one may be or not; every frame drawn must be less than a
	// frame late.
	for k := 1; time.Duration(k)*Frame+Frame <= a.At || k <= len(frames); k++ {
		due := time.Duration(k) * Frame
		if k > len(frames) {
			last := "none"
			if len(frames) > 0 {
				last = "the last at " + kit.Seconds(frames[len(frames)-1].At)
			}
			t.Fatalf("the spinner froze: it drew %d frames (%s), and none due at %s, before the checksum at %s; want "+
				"a frame every %s — the loop runs one callback at a time, and OnKey kept it busy: crunch in a goroutine "+
				"that posts the sum back (l.Post), or in steps of 50 000 records, each posting the next",
				len(frames), last, kit.Seconds(due), kit.Seconds(a.At), kit.Seconds(Frame))
		}
		if late := frames[k-1].At - due; late >= Frame {
			t.Fatalf("the spinner's frame due at %s was drawn at %s, %s late, want less than %s late: a callback kept "+
				"the loop busy for %s or more — crunch in a goroutine that posts the sum back (l.Post), or in steps "+
				"of 50 000 records (50 ms)", kit.Seconds(due), kit.Seconds(frames[k-1].At), kit.Seconds(late),
				kit.Seconds(Frame), kit.Seconds(Frame))
		}
	}
	// Crunching in several goroutines at once is faster, and correct:
	// with k of them, no sooner than the work divided by k.
	if k := log.MostAtWork(); k > 1 {
		soonest := job.KeyAt + time.Duration(job.Records)*PerRecord/time.Duration(k)
		if a.At < soonest || a.At > want {
			t.Fatalf("the checksum was shown at %s, want between %s and %s: %s of CPU work from the key at %s, "+
				"shared by at most %d goroutines at once", kit.Seconds(a.At), kit.Seconds(soonest), kit.Seconds(want),
				kit.Seconds(want-job.KeyAt), kit.Seconds(job.KeyAt), k)
		}
	} else if a.At != want {
		t.Fatalf("the checksum was shown at %s, want %s: the key at %s, then %s of CPU work, on the loop or off it — "+
			"start the work as the key's callback runs, and show the sum the moment the last record is done",
			kit.Seconds(a.At), kit.Seconds(want), kit.Seconds(job.KeyAt), kit.Seconds(want-job.KeyAt))
	}
	if stopped != a.At {
		t.Fatalf("the loop stopped at %s, want %s, with the checksum: Show stops the loop, and only a callback on the "+
			"loop may call it — from a goroutine, post it: l.Post(\"key\", func() { Show(l, sum) })",
			kit.Seconds(stopped), kit.Seconds(a.At))
	}
}

func itoa(n int) string { return fmt.Sprint(n) }
