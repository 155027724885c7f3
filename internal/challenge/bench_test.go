package challenge

import (
	"math/big"
	"testing"
)

// BenchmarkExplore is the time to exhaust each level: every state reached,
// the shortest failing schedule found, every interleaving counted. It
// reports the distinct states and the interleavings covered per second.
//
//	go test -run '^$' -bench Explore -cpu 2 ./internal/challenge
func BenchmarkExplore(b *testing.B) {
	for _, l := range Levels() {
		b.Run(l.Name, func(b *testing.B) {
			p := program(b, l)
			var r Result
			for b.Loop() {
				r = Explore(p, l.Config, Options{})
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			inter, _ := new(big.Float).SetInt(r.Interleavings).Float64()
			b.ReportMetric(float64(r.States), "states")
			b.ReportMetric(float64(r.States)/sec, "states/s")
			b.ReportMetric(inter/sec, "interleavings/s")
		})
	}
}

// BenchmarkBruteForce runs every schedule one by one, without merging
// states, on the levels with at most a million of them: the schedules per
// second that the explorer's state hashing saves. Each run also checks that
// brute force agrees with Explore on the counts and the shortest failure.
//
//	go test -run '^$' -bench BruteForce -cpu 2 ./internal/challenge
func BenchmarkBruteForce(b *testing.B) {
	for _, l := range Levels() {
		p := program(b, l)
		r := Explore(p, l.Config, Options{})
		if r.Interleavings.Cmp(big.NewInt(1_000_000)) > 0 {
			continue
		}
		b.Run(l.Name, func(b *testing.B) {
			for b.Loop() {
				checkBrute(b, l, r)
			}
			n, _ := new(big.Float).SetInt(r.Interleavings).Float64()
			b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "schedules/s")
		})
	}
}
