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
	key := map[string]string{}  // the map key each goroutine writes
	printed := map[string]int{} // the output line of each goroutine's write
	for j, l := range tr.Output {
		if k, ok := tallyKey(l.Task, l.Text); ok {
			key[l.Task] = k
			printed[l.Task] = j
		}
	}
	// A count's history is a tree of versions: a write makes a new version
	// from the one its goroutine read, so whose updates a count holds is the
	// path from its version to the root. Sharing the paths keeps this linear
	// in the number of goroutines (a copy per read was quadratic: 100 000
	// sites would not fit in memory).
	holds := map[string]*version{} // per key: the version the count holds now
	read := map[string]*version{}  // per goroutine: the version it read (nil: none yet, or the empty count)
	hasRead := map[string]bool{}
	for i, ev := range tr.Events.All() {
		k, ok := key[ev.Task]
		if !ok {
			continue
		}
		switch {
		case ev.Kind == trace.EventCompute:
			read[ev.Task], hasRead[ev.Task] = holds[k], true
		case ev.Kind == trace.EventPrint && strings.HasPrefix(ev.Detail, ev.Task+": tally["):
			if !hasRead[ev.Task] { // no compute event: update 0s, read and written at once
				read[ev.Task], hasRead[ev.Task] = holds[k], true
			}
			dropped := holds[k].since(read[ev.Task])
			holds[k] = read[ev.Task].then(ev.Task)
			if len(dropped) > 0 {
				note := ev.Detail + ", over " + updatesOf(dropped)
				if j, ok := printed[ev.Task]; ok {
					if l := &tr.Output[j]; l.At == ev.At && l.Text == ev.Detail {
						l.Text = note
					}
				}
				tr.Events.SetDetail(i, note)
			}
		}
	}
	held := map[string]bool{}
	for _, v := range holds {
		for ; v != nil; v = v.parent {
			held[v.task] = true
		}
	}
	lost := []string{}
	for task := range key {
		if !held[task] {
			lost = append(lost, task)
		}
	}
	slices.Sort(lost)
	return lost
}

// maxNamed is the most updates a note names one by one.
const maxNamed = 5

// version is one value a count held: the update that wrote it, on top of
// the version that update read.
type version struct {
	parent *version
	task   string
	depth  int
}

// then is the version a write by task makes on top of v (v nil: the empty count).
func (v *version) then(task string) *version {
	d := 0
	if v != nil {
		d = v.depth + 1
	}
	return &version{parent: v, task: task, depth: d}
}

// since is the updates v holds that r does not, oldest first: the path from
// v up to where it meets r's path.
func (v *version) since(r *version) []string {
	var out []string
	for v != nil && (r == nil || v.depth > r.depth) {
		out, v = append(out, v.task), v.parent
	}
	for r != nil && v != nil && r.depth > v.depth {
		r = r.parent
	}
	for v != r {
		out, v, r = append(out, v.task), v.parent, r.parent
	}
	slices.Reverse(out)
	return out
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

// updatesOf names updates: "site-10's update", "the updates of site-10 and
// site-12"; past maxNamed it names the first few and counts the rest.
func updatesOf(sites []string) string {
	if len(sites) == 1 {
		return sites[0] + "'s update"
	}
	if len(sites) > maxNamed {
		return fmt.Sprintf("the updates of %s and %d others", strings.Join(sites[:maxNamed-1], ", "), len(sites)-maxNamed+1)
	}
	return fmt.Sprintf("the updates of %s and %s", strings.Join(sites[:len(sites)-1], ", "), sites[len(sites)-1])
}
