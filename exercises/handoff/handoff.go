// Package handoff is an exercise of the coroutines lab: a send on an
// unbuffered channel waits until another goroutine receives the value — a
// hand-off — and a buffer does not fix a program that deadlocks because
// nobody is there to receive.
//
// Bakery bakes cakes and packs them, handing each cake from the baker to
// the packer over a channel. Baking takes 1 s a cake, packing 0.5 s. When
// the packer packs cake k while the baker bakes cake k+1, 6 cakes are
// packed at 1.5 s, 2.5 s... 6.5 s.
//
// The first version of Bakery had one goroutine and an unbuffered channel:
// it baked the first cake and stopped for good at `cakes <- c`, with
// "fatal error: all goroutines are asleep - deadlock!". A send on an
// unbuffered channel waits for a receiver, and the only one, the packing
// loop, came after the sends. Someone gave the channel a buffer with room
// for every cake, and the deadlock went away. But the buffer only hid it:
// with one place fewer, the baker blocks again at the cake that finds the
// buffer full; and the packer still starts only once every cake is baked,
// so 6 cakes take 6 × 1 s + 6 × 0.5 s = 9 s.
//
// Goal: the packer packs each cake as soon as it is baked and the packer
// is free: 6 cakes in 6.5 s, not 9 s; with a slower packer (baking 0.5 s,
// packing 1 s), 4 cakes in 4.5 s. A channel without a buffer does it.
//
// Change Bakery only. Check your work with `conclab check handoff`;
// stuck? `conclab hint handoff`.
package handoff

import (
	"time"

	"conclab/exercises/kit"
)

// Shop says how long baking a cake and packing one take.
type Shop struct {
	Bake, Pack time.Duration
}

// Goal is the goal's shop: 1 s to bake a cake, 0.5 s to pack one.
var Goal = Shop{Bake: time.Second, Pack: 500 * time.Millisecond}

// Cake is a cake, by its number (from 1).
type Cake int

// Bake bakes cake n and prints "baked cake 3"; the baker then waits to
// hand it over.
func Bake(log *kit.Log, s Shop, n int) Cake {
	log.Work("baker", s.Bake)
	log.Printf("baker", "baked cake %d", n)
	log.Wait("baker", "chan")
	return Cake(n)
}

// Pack packs cake c and prints "packed cake 3"; the packer then waits for
// the next one.
func Pack(log *kit.Log, s Shop, c Cake) {
	log.Work("packer", s.Pack)
	log.Printf("packer", "packed cake %d", c)
	log.Wait("packer", "chan")
}

// Bakery bakes n cakes and packs each of them; it returns once the last one
// is packed.
func Bakery(log *kit.Log, s Shop, n int) {
	// TODO: this buffer only hides the deadlock: the packer still starts
	// when every cake is baked. Start the packer first, in a goroutine of
	// its own, so that it takes each cake as it comes; then the channel
	// needs no buffer at all. Return only once it has packed the last one.
	cakes := make(chan Cake, n) // room for every cake: "fixes" the deadlock
	for i := 1; i <= n; i++ {
		cakes <- Bake(log, s, i)
	}
	close(cakes)
	log.Done("baker")
	for c := range cakes {
		Pack(log, s, c)
	}
	log.Done("packer")
}
