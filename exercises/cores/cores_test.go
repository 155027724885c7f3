//go:build exercises

package cores

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// balanced is how long n numbers take on m.Cores cores when each core gets
// ceil(n / cores) of them at most: the busiest core's share. Nothing faster
// is possible with at most m.Cores computing at once.
func balanced(n int, m Machine) time.Duration {
	return time.Duration((n+m.Cores-1)/m.Cores) * m.PerNumber
}

// sieve counts the primes below n with Eratosthenes' sieve: another way to
// the answer than Compute's trial division.
func sieve(n int) int {
	composite := make([]bool, max(n, 2))
	count := 0
	for x := 2; x < n; x++ {
		if composite[x] {
			continue
		}
		count++
		for y := x * x; y < n; y += x {
			composite[y] = true
		}
	}
	return count
}

var (
	lab      = Machine{Cores: 4, PerNumber: 10 * ms}
	fine     = Machine{Cores: 4, PerNumber: ms}
	manyCore = Machine{Cores: 8, PerNumber: 50 * ms}
)

func TestPrimesModel(t *testing.T) {
	tests := []struct {
		n      int
		m      Machine
		want   time.Duration
		primes int
	}{
		{400, lab, time.Second, 78},
		{1003, fine, 251 * ms, 168},
		{5, manyCore, 50 * ms, 2},
		{400, Machine{1, 10 * ms}, 4 * time.Second, 78},
	}
	for _, tt := range tests {
		if got := balanced(tt.n, tt.m); got != tt.want {
			t.Errorf("balanced(%d, %v) = %v, want %v", tt.n, tt.m, got, tt.want) // guards the check itself
		}
		if got := sieve(tt.n); got != tt.primes {
			t.Errorf("sieve(%d) = %d, want %d", tt.n, got, tt.primes)
		}
	}
}

func TestPrimes(t *testing.T) {
	tests := []struct {
		name string
		n    int
		m    Machine
	}{
		{"400 numbers of 10 ms on 4 cores: 1 s", 400, lab},
		{"1003 numbers of 1 ms on 4 cores: 251 ms, split evenly", 1003, fine},
		{"5 numbers of 50 ms on 8 cores: 50 ms", 5, manyCore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				tried.reset()
				got := Primes(log, tt.m, tt.n)
				checkPrimes(t, log, tt.n, tt.m, got)
			})
		})
	}
}

func checkPrimes(t *testing.T, log *kit.Log, n int, m Machine, got int) {
	t.Helper()
	elapsed, most, want := log.Elapsed(), log.MostAtWork(), balanced(n, m)
	all := time.Duration(n) * m.PerNumber // one goroutine, all the numbers
	share := (n + m.Cores - 1) / m.Cores
	switch {
	case most > m.Cores:
		t.Fatalf("%d goroutines were inside Compute at once, want at most %d: the machine has %d cores, and Go runs "+
			"Go code on at most GOMAXPROCS threads at once; log.Work uses no core, so here they would all finish "+
			"together — keep to %d: %d chunks with a goroutine each, or a pool of %d workers", most, m.Cores, m.Cores,
			m.Cores, m.Cores, m.Cores)
	case most == 1 && elapsed == all && m.Cores > 1:
		t.Fatalf("one goroutine at a time did all the work: %s of virtual time, want %s on %d cores — Go has no GIL: "+
			"split the numbers into %d chunks and Compute each in a goroutine of its own?", kit.Seconds(elapsed),
			kit.Seconds(want), m.Cores, min(m.Cores, n))
	}
	var never, twice []string
	for x := range n {
		switch tried.count(x) {
		case 0:
			never = append(never, strconv.Itoa(x))
		case 1:
		default:
			twice = append(twice, strconv.Itoa(x))
		}
	}
	if len(never)+len(twice) > 0 {
		t.Fatalf("%d numbers were never tried (%s) and %d more than once (%s), want each of 0 to %d tried once: the "+
			"chunks must cover them all without gaps or overlaps — lo of one chunk is hi of the one before",
			len(never), few(never), len(twice), few(twice), n-1)
	}
	if primes := sieve(n); got != primes {
		t.Fatalf("Primes returned %d at %s, want %d, the primes below %d: wait until every goroutine is done "+
			"(sync.WaitGroup), then add up their counts — each written to its own element of a slice, or added to an "+
			"atomic.Int64", got, kit.Seconds(elapsed), primes, n)
	}
	if elapsed != want {
		t.Fatalf("Primes took %s, want %s = ceil(%d / %d) = %d × %s on the busiest core: split the numbers "+
			"evenly — chunks whose sizes differ by one at most (%d numbers on %d cores: no chunk over %d), or "+
			"workers that take one number at a time", kit.Seconds(elapsed), kit.Seconds(want), n, m.Cores, share,
			kit.Seconds(m.PerNumber), n, m.Cores, share)
	}
}

// few lists numbers, the first five of them and how many more, or "none".
func few(xs []string) string {
	switch {
	case len(xs) == 0:
		return "none"
	case len(xs) <= 5:
		return strings.Join(xs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(xs[:5], ", "), len(xs)-5)
}
