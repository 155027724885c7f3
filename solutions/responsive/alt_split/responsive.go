//go:build exercises

// Package responsive is an exercise of the event-loop lab: one slow
// callback freezes the whole loop.
//
// The app (app.go) runs on an event loop (loop.go): a spinner redrawn
// every 100 ms, and a key press at 0.45 s that asks for a checksum of
// 1 000 000 records — 1 s of CPU work (Crunch). OnKey, as it is, crunches
// inside the key's callback: for that second the loop runs nothing else,
// so the spinner stops at its 4th frame (0.4 s) and the screen is frozen
// until the checksum is shown at 1.45 s. A blocking call freezes a loop
// the same way; CPU work does it even though it never waits. (asyncio's
// debug mode warns about any callback that takes 0.1 s or more: its
// loop.slow_callback_duration.)
//
// Two ways out, and either will do. Move the work off the loop: a
// goroutine crunches, beside the loop (on another core if there is one)
// and hands the checksum back with l.Post, whose callback calls Show on the
// loop (as a Bubble Tea command returns a message to Update). Or split it:
// crunch 50 000 records (50 ms) per callback, each posting the next one,
// so that the loop runs the spinner's timers between the steps.
//
// Goal: the checksum shown at 1.45 s, the loop stopping then, and every
// frame of the spinner drawn less than 100 ms after its time — none
// missing from 0.1 s until 100 ms before the checksum.
//
// This is the exercise solved by splitting the work into steps, where
// solutions/responsive/responsive.go moves it to a goroutine.
//
// Change OnKey only. Check your work with `conclab check responsive`;
// stuck? `conclab hint responsive`.
package responsive

// Step is how many records one callback crunches: 50 ms of CPU work, well
// under the spinner's 100 ms.
const Step = 50_000

// OnKey is the key press's callback, on the loop: it works out the
// checksum of records 0 to records-1 and shows it.
func OnKey(l *Loop, records int) {
	// Answer, part 1: a step crunches Step records, adds them to the sum,
	// and posts the next step: between two steps the loop runs the timers
	// that fell due meanwhile (each round runs the due timers before the
	// posted callbacks), so no frame waits more than a step. It all runs
	// on the loop's goroutine: sum needs no lock.
	sum := 0
	var step func(lo int)
	step = func(lo int) {
		hi := min(lo+Step, records)
		sum += Crunch(l.Log(), "key", lo, hi)
		if hi == records {
			// Answer, part 2: the last step shows the sum, on the loop.
			Show(l, sum)
			return
		}
		l.Post("key", func() { step(hi) })
	}
	step(0)
}
