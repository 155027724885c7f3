//go:build exercises

package lockorder

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// pay is a payment by account names.
type pay struct {
	from, to string
	amount   int
}

func (p pay) String() string { return p.from + "→" + p.to }

// ordered plays the payments as the goal wants them made, every account
// starting with enough money: each transfer takes the lock of the account
// whose name comes first, holds it through its audit, then takes the other
// and moves the money at once, releasing both. A transfer waiting for a
// lock gets it the instant it is free (the lower transfer first, when two
// wait for one: the total is the same either way in the cases below). It
// returns when the last transfer is done, or -1 if one is never done.
func ordered(pays []pay, audit time.Duration) time.Duration {
	const (
		wantFirst = iota
		auditing
		wantSecond
		done
	)
	holder := map[string]int{} // account -> the transfer that holds it
	phase := make([]int, len(pays))
	until := make([]time.Duration, len(pays))
	var now, last time.Duration
	for {
		for changed := true; changed; {
			changed = false
			for i, p := range pays {
				first, second := min(p.from, p.to), max(p.from, p.to)
				_, firstHeld := holder[first]
				_, secondHeld := holder[second]
				switch {
				case phase[i] == wantFirst && !firstHeld:
					holder[first], phase[i], until[i], changed = i, auditing, now+audit, true
				case phase[i] == auditing && until[i] == now:
					phase[i], changed = wantSecond, true
				case phase[i] == wantSecond && !secondHeld:
					delete(holder, first)
					phase[i], last, changed = done, now, true
				}
			}
		}
		next := time.Duration(-1)
		for i := range pays {
			if phase[i] == auditing && (next < 0 || until[i] < next) {
				next = until[i]
			}
		}
		if next < 0 {
			break
		}
		now = next
	}
	for i := range pays {
		if phase[i] != done {
			return -1
		}
	}
	return last
}

// balances are the accounts' balances once every payment has gone through.
func balances(start map[string]int, pays []pay) map[string]int {
	b := maps.Clone(start)
	for _, p := range pays {
		b[p.from] -= p.amount
		b[p.to] += p.amount
	}
	return b
}

var (
	labPays  = []pay{{"A", "B", 30}, {"B", "A", 20}}
	ringPays = []pay{{"A", "B", 10}, {"B", "C", 20}, {"C", "A", 30}}
	sidePays = []pay{{"A", "B", 30}, {"B", "A", 20}, {"C", "D", 40}}
)

func TestOrderedModel(t *testing.T) {
	tests := []struct {
		pays []pay
		want time.Duration
	}{
		// The lab's: t1 locks A, t2 waits for A holding nothing; t1 is
		// done at 1 ms, t2 at 2 ms (LABS.md: "both transfers are done in 2 ms").
		{labPays, 2 * ms},
		// A ring: t1 takes A, t2 B, t3 waits for A. At 1 ms t2 takes C and
		// is done, t1 takes B and is done, t3 takes A; at 2 ms t3 takes C.
		{ringPays, 2 * ms},
		// C→D shares no account with the others: done at 1 ms beside them.
		{sidePays, 2 * ms},
		{[]pay{{"C", "D", 1}}, ms},
	}
	for _, tt := range tests {
		if got := ordered(tt.pays, ms); got != tt.want {
			t.Errorf("ordered(%v) = %v, want %v", tt.pays, got, tt.want) // guards the check itself
		}
		reversed := slices.Clone(tt.pays)
		slices.Reverse(reversed)
		if got := ordered(reversed, ms); got != tt.want {
			t.Errorf("ordered(%v reversed) = %v, want %v: the tie-break changes the total", tt.pays, got, tt.want)
		}
	}
	start := map[string]int{"A": 100, "B": 100}
	if got := balances(start, labPays); got["A"] != 90 || got["B"] != 110 || start["A"] != 100 {
		t.Errorf("balances(%v, %v) = %v, want A = 90, B = 110 (LABS.md)", start, labPays, got)
	}
}

func TestTransfers(t *testing.T) {
	// The ring's total depends on how long a transfer holds its locks
	// (taking both before the audit line is right too, and may take 3 ms),
	// so only its outcome is checked; in the other two, every right answer
	// takes ordered's time.
	tests := []struct {
		name  string
		pays  []pay
		timed bool
	}{
		{"the lab's: A pays B 30 while B pays A 20", labPays, true},
		{"three accounts in a ring: A→B, B→C, C→A", ringPays, false},
		{"A↔B, and C→D beside them", sidePays, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				start, accounts := map[string]int{}, map[string]*Account{}
				var payments []Payment
				for _, p := range tt.pays {
					for _, name := range []string{p.from, p.to} {
						if accounts[name] == nil {
							start[name], accounts[name] = 100, NewAccount(name, 100)
						}
					}
					payments = append(payments, Payment{accounts[p.from], accounts[p.to], p.amount})
				}
				ok := Transfers(log, payments)
				got := map[string]int{}
				for name, a := range accounts {
					got[name] = a.Balance
				}
				checkTransfers(t, log, tt.pays, tt.timed, ok, start, got)
			})
		})
	}
}

// stuck says, for each transfer that gave up, what it held and what it
// waited for, from the lines Acquire printed: "t1 held A and waited for B".
func stuck(log *kit.Log) (who []string, at time.Duration) {
	held := map[string][]string{}
	for _, l := range log.Lines("") {
		if name, ok := strings.CutPrefix(l.Text, "locked "); ok {
			held[l.Task] = append(held[l.Task], name)
		}
		if name, ok := strings.CutPrefix(l.Text, "gave up waiting for "); ok {
			h := "nothing"
			if len(held[l.Task]) > 0 {
				h = strings.Join(held[l.Task], " and ")
			}
			who = append(who, fmt.Sprintf("%s held %s and waited for %s", l.Task, h, name))
			at = l.At
		}
	}
	slices.Sort(who)
	return who, at
}

func checkTransfers(t *testing.T, log *kit.Log, pays []pay, timed bool, ok []bool, start, got map[string]int) {
	t.Helper()
	elapsed, want := log.Elapsed(), ordered(pays, Audit)
	wantBalances := balances(start, pays)
	if who, at := stuck(log); len(who) > 0 {
		t.Fatalf("%s gave up at %s, want every transfer done at %s: %s — each waited for a lock that another "+
			"held while it waited too, a deadlock (with a sync.Mutex the program would hang). Take the two locks in "+
			"one global order, whichever way the money goes (the account whose Name comes first, first): then a "+
			"transfer waits for the first lock holding nothing", and(tasks(who)), kit.Seconds(at),
			kit.Seconds(want), strings.Join(who, "; "))
	}
	for i, p := range pays {
		if i >= len(ok) || !ok[i] {
			t.Fatalf("t%d (%s, %d) did not go through, want every transfer to: Transfer returns true once it has "+
				"moved the money", i+1, p, p.amount)
		}
	}
	if !maps.Equal(got, wantBalances) {
		t.Fatalf("the balances are %v, want %v: move the money once, from From to To, while you hold both locks",
			got, wantBalances)
	}
	serial := time.Duration(len(pays)) * Audit
	switch {
	case !timed || elapsed == want:
	case elapsed == serial && disjoint(pays) != "":
		t.Fatalf("the transfers took %s, one after another, want %s: transfers that share no account (%s) "+
			"waited for each other — lock only the two accounts a transfer touches, not the whole bank",
			kit.Seconds(elapsed), kit.Seconds(want), disjoint(pays))
	case elapsed < want:
		t.Fatalf("the transfers took %s, want %s: a transfer let go of an account before its money moved, and "+
			"another went on meanwhile — hold the first lock until the second is taken and the money has moved",
			kit.Seconds(elapsed), kit.Seconds(want))
	default:
		t.Fatalf("the transfers took %s, want %s: a transfer that waits for a lock should get it the moment "+
			"it is free, and hold it only from its balance check to its move", kit.Seconds(elapsed), kit.Seconds(want))
	}
}

// tasks are the task names that start each of who's entries.
func tasks(who []string) []string {
	var out []string
	for _, w := range who {
		name, _, _ := strings.Cut(w, " ")
		out = append(out, name)
	}
	return out
}

// and joins names as a person would: "t1", "t1 and t2", "t1, t2 and t3".
func and(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// disjoint names two payments that share no account ("A→B and C→D"), or
// is "" if every two share one.
func disjoint(pays []pay) string {
	for j, b := range pays {
		for _, a := range pays[:j] {
			if a.from != b.from && a.from != b.to && a.to != b.from && a.to != b.to {
				return a.String() + " and " + b.String()
			}
		}
	}
	return ""
}
