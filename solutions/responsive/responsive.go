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
// The solution moves the work off the loop; solutions/responsive/alt_split
// splits it into steps.
//
// Change OnKey only. Check your work with `conclab check responsive`;
// stuck? `conclab hint responsive`.
package responsive

// OnKey is the key press's callback, on the loop: it works out the
// checksum of records 0 to records-1 and shows it.
func OnKey(l *Loop, records int) {
	// Answer, part 1: the callback only starts the work and returns: the
	// loop is free again at once, and runs the spinner's timers as they
	// fall due. The goroutine crunches beside it.
	go func() {
		sum := Crunch(l.Log(), "crunch", 0, records)
		// Answer, part 2: Show changes the loop's state, so it must run
		// on the loop: the goroutine posts a callback that calls it
		// (Post is safe from any goroutine, and wakes the loop). Calling
		// Show here would race with the loop, which would not stop until
		// its next timer.
		l.Post("key", func() { Show(l, sum) })
	}()
}
