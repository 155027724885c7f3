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
// Change OnKey only. Check your work with `conclab check responsive`;
// stuck? `conclab hint responsive`.
package responsive

// OnKey is the key press's callback, on the loop: it works out the
// checksum of records 0 to records-1 and shows it.
func OnKey(l *Loop, records int) {
	// TODO: do not crunch on the loop for a whole second. Either start a
	// goroutine that crunches and then posts (l.Post) a callback that
	// shows the checksum, or crunch a step of 50 000 records and post
	// the next step, until the last one shows the sum.
	sum := Crunch(l.Log(), "key", 0, records)
	Show(l, sum)
}
