//go:build exercises

package handoff

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// packed is when each cake is packed when the packer takes every cake as
// soon as it is baked and the packer is free. Here the baker never waits:
// cake k is baked at k × Bake (a channel with room for every cake).
func packed(s Shop, n int) []time.Duration {
	var at []time.Duration
	free := time.Duration(0) // when the packer is free again
	for k := 1; k <= n; k++ {
		free = max(time.Duration(k)*s.Bake, free) + s.Pack
		at = append(at, free)
	}
	return at
}

// handedOver is the same with an unbuffered channel, worked out another
// way: the baker hands cake k over only when the packer takes it, and only
// then starts the next cake.
func handedOver(s Shop, n int) []time.Duration {
	var at []time.Duration
	baked, packedAt := s.Bake, time.Duration(0)
	for range n {
		handOver := max(baked, packedAt) // both must be there
		packedAt = handOver + s.Pack
		baked = handOver + s.Bake
		at = append(at, packedAt)
	}
	return at
}

func TestPackedModel(t *testing.T) {
	tests := []struct {
		s    Shop
		n    int
		want []time.Duration
	}{
		{Goal, 6, []time.Duration{1500 * ms, 2500 * ms, 3500 * ms, 4500 * ms, 5500 * ms, 6500 * ms}},
		{Shop{500 * ms, time.Second}, 4, []time.Duration{1500 * ms, 2500 * ms, 3500 * ms, 4500 * ms}},
	}
	for _, tt := range tests {
		// With or without a buffer, the packer packs at the same times:
		// both solutions are right.
		if got, other := packed(tt.s, tt.n), handedOver(tt.s, tt.n); !slices.Equal(got, tt.want) || !slices.Equal(other, tt.want) {
			t.Errorf("packed(%v, %d) = %v, handedOver = %v, want %v", tt.s, tt.n, got, other, tt.want) // guards the check itself
		}
	}
}

func TestBakery(t *testing.T) {
	tests := []struct {
		name string
		s    Shop
		n    int
	}{
		{"6 cakes, baked in 1 s, packed in 0.5 s: 6.5 s", Goal, 6},
		{"4 cakes, baked in 0.5 s, packed in 1 s: 4.5 s", Shop{500 * ms, time.Second}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				Bakery(log, tt.s, tt.n)
				returned, before := log.Elapsed(), len(log.Lines("packer"))
				want := packed(tt.s, tt.n)
				if returned < want[len(want)-1] {
					<-log.After(want[len(want)-1] - returned) // let the packer finish
				}
				kittest.Leaks()
				checkBakery(t, log, tt.s, tt.n, returned, before)
			})
		})
	}
}

// checkBakery judges a run of Bakery that returned at `returned`, when the
// packer had printed `before` lines.
func checkBakery(t *testing.T, log *kit.Log, s Shop, n int, returned time.Duration, before int) {
	t.Helper()
	want := packed(s, n)
	last := want[n-1]
	oneThenOther := time.Duration(n) * (s.Bake + s.Pack)
	lines := log.Lines("packer")
	switch {
	case returned == oneThenOther:
		t.Fatalf("the packer packed nothing until every cake was baked: Bakery took %s, want %s — the buffer only "+
			"hid the deadlock (with one place fewer the baker blocks again, at the cake that finds it full). Start "+
			"the packer first, in a goroutine of its own, receiving each cake as it comes (for c := range cakes): "+
			"then the channel needs no buffer at all", kit.Seconds(returned), kit.Seconds(last))
	case len(lines) > before:
		t.Fatalf("Bakery returned at %s, before the packer was done (%s at %s): wait for the packer's goroutine — "+
			"give it a channel to close when its loop ends, and receive from it — before Bakery returns",
			kit.Seconds(returned), lines[before].Text, kit.Seconds(lines[before].At))
	}
	for k := range max(n, len(lines)) {
		wantLine := fmt.Sprintf("packed cake %d", k+1)
		switch {
		case k >= len(lines):
			t.Fatalf("%d cakes were packed, want %d: the next one is %q at %s — does the packer take every cake "+
				"until the channel is closed?", len(lines), n, wantLine, kit.Seconds(want[k]))
		case k >= n:
			t.Fatalf("%d cakes were packed, want %d: %q is one too many", len(lines), n, lines[k].Text)
		case lines[k].Text != wantLine || lines[k].At != want[k]:
			t.Fatalf("the packer printed %q at %s, want %q at %s: it should take each cake as soon as it is "+
				"baked and the packer is free, in the order they are baked", lines[k].Text, kit.Seconds(lines[k].At),
				wantLine, kit.Seconds(want[k]))
		}
	}
	if returned != last {
		t.Fatalf("Bakery returned at %s, want %s, when the last cake is packed", kit.Seconds(returned), kit.Seconds(last))
	}
}
