package checker

import (
	"fmt"
	"slices"
	"strings"

	"conclab/labs/trace"
)

// markLost reads racy-tally's schedule from its trace — each goroutine reads
// the count at its "compute" event (at its write when update is 0s) and
// writes it at its "tally[...] = n" line — and follows whose updates each count holds: a write keeps what its
// read saw, plus its own update, and drops the others written since. It adds
// to each write line that dropped updates whose they were ("site-26:
// tally[200] = 3, over site-10's update"), in the output and in the print
// event, and returns the sites whose update the final tally does not hold,
// in site order.
func markLost(tr *trace.Trace) []string {
	key := map[string]string{} // the map key each goroutine writes
	for _, l := range tr.Output {
		if k, ok := tallyKey(l.Task, l.Text); ok {
			key[l.Task] = k
		}
	}
	holds := map[string][]string{} // per key: whose updates the count holds now
	read := map[string][]string{}  // per goroutine: whose updates the count it read held
	for i, ev := range tr.Events.All() {
		k, ok := key[ev.Task]
		if !ok {
			continue
		}
		switch {
		case ev.Kind == trace.EventCompute:
			read[ev.Task] = slices.Clone(holds[k])
		case ev.Kind == trace.EventPrint && strings.HasPrefix(ev.Detail, ev.Task+": tally["):
			if _, ok := read[ev.Task]; !ok { // no compute event: update 0s, read and written at once
				read[ev.Task] = slices.Clone(holds[k])
			}
			var dropped []string
			for _, who := range holds[k] {
				if !slices.Contains(read[ev.Task], who) {
					dropped = append(dropped, who)
				}
			}
			holds[k] = append(read[ev.Task], ev.Task)
			if len(dropped) > 0 {
				note := ev.Detail + ", over " + updatesOf(dropped)
				for j := range tr.Output {
					if l := &tr.Output[j]; l.At == ev.At && l.Task == ev.Task && l.Text == ev.Detail {
						l.Text = note
						break
					}
				}
				tr.Events.SetDetail(i, note)
			}
		}
	}
	lost := []string{}
	for task, k := range key {
		if !slices.Contains(holds[k], task) {
			lost = append(lost, task)
		}
	}
	slices.Sort(lost)
	return lost
}

// tallyKey is the key of a "site-07: tally[200] = 12" line of task.
func tallyKey(task, text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, task+": tally[")
	if !ok {
		return "", false
	}
	k, _, ok := strings.Cut(rest, "]")
	return k, ok
}

// updatesOf names updates: "site-10's update", "the updates of site-10 and site-12".
func updatesOf(sites []string) string {
	if len(sites) == 1 {
		return sites[0] + "'s update"
	}
	return fmt.Sprintf("the updates of %s and %s", strings.Join(sites[:len(sites)-1], ", "), sites[len(sites)-1])
}
