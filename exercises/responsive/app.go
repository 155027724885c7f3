package responsive

import (
	"time"

	"conclab/exercises/kit"
)

// Frame is how often the spinner is redrawn.
const Frame = 100 * time.Millisecond

// PerRecord is the CPU time Crunch spends on one record.
const PerRecord = time.Microsecond

// Job is what the app is asked to do: at KeyAt, a key press asks for the
// checksum of records 0 to Records-1.
type Job struct {
	KeyAt   time.Duration
	Records int
}

// Today is the lab's job: a key press at 0.45 s asks for the checksum of
// 1 000 000 records, 1 s of CPU work.
var Today = Job{KeyAt: 450 * time.Millisecond, Records: 1_000_000}

// Start sets the app's callbacks on the loop: the spinner, redrawn at each
// multiple of Frame until the loop stops, and the key press, at job.KeyAt,
// which calls OnKey.
func Start(l *Loop, job Job) {
	var spin func(n int)
	spin = func(n int) {
		l.Log().Printf("spinner", "%c", `|/-\`[n%4])
		l.At(time.Duration(n+1)*Frame, "spinner", func() { spin(n + 1) })
	}
	l.At(Frame, "spinner", func() { spin(1) })
	l.At(job.KeyAt, "key", func() { OnKey(l, job.Records) })
}

// Crunch returns the checksum of records lo to hi-1: the sum of each
// record's i*i mod 1 000 003. It is CPU work: PerRecord per record, on
// whichever goroutine calls it, for task. Checksums of consecutive ranges
// add up: Crunch(0, n) = Crunch(0, k) + Crunch(k, n).
func Crunch(log *kit.Log, task string, lo, hi int) int {
	sum := 0
	for i := lo; i < hi; i++ {
		sum += i * i % 1_000_003
	}
	log.Work(task, time.Duration(hi-lo)*PerRecord)
	return sum
}

// Show puts the answer on the screen and stops the app. It changes the
// loop's state: call it from a callback on the loop only.
func Show(l *Loop, sum int) {
	l.Log().Printf("key", "checksum: %d", sum)
	l.Stop()
}
