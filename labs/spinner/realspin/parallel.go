package realspin

import (
	"crypto/sha256"
	"fmt"
	"sync"

	"conclab/labs"
	"conclab/labs/trace"
)

// Hash is CPU-bound work and nothing else: rounds of SHA-256 over a 16 KiB
// block, each round writing the previous sum into the block.
func Hash(rounds int) [32]byte {
	var block [16 << 10]byte
	var sum [32]byte
	for range rounds {
		copy(block[:], sum[:])
		sum = sha256.Sum256(block[:])
	}
	return sum
}

// Parallel hashes chunks chunks of rounds rounds with workers goroutines
// that take the next chunk from a channel. The program is the same on one
// core and on all of them; only GOMAXPROCS changes: with one thread the
// goroutines take turns (concurrency), with more they hash at the same time
// (parallelism).
func Parallel(rec labs.Recorder, phase string, chunks, rounds, workers int) {
	jobs := make(chan int, chunks)
	for c := range chunks {
		jobs <- c + 1
	}
	close(jobs)
	var wg sync.WaitGroup
	for w := range workers {
		name := fmt.Sprintf("%s worker %d", phase, w+1)
		wg.Go(func() {
			rec.Set(name, trace.Running, trace.NoWorker, "")
			defer rec.Done(name)
			for c := range jobs {
				Hash(rounds)
				rec.Printf(name, "chunk %d hashed", c)
			}
		})
	}
	wg.Wait()
}
