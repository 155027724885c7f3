//go:build exercises

package priority

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// arrival is a message and when it is sent.
type arrival struct {
	at time.Duration
	m  Message
}

// setup is a check's messages: those waiting in the channels at 0 s, and
// the alerts sent later, in order.
type setup struct {
	alerts, events int       // alerts and events waiting at 0 s
	late           []arrival // alerts sent later
}

func (s setup) arrivals() []arrival {
	var all []arrival
	for n := 1; n <= s.alerts; n++ {
		all = append(all, arrival{0, Message{"alert", n}})
	}
	for n := 1; n <= s.events; n++ {
		all = append(all, arrival{0, Message{"event", n}})
	}
	return append(all, s.late...)
}

// handled is a message handled, at the time its line is printed.
type handled struct {
	at   time.Duration
	text string
}

func (h handled) String() string { return fmt.Sprintf("%q at %s", h.text, kit.Seconds(h.at)) }

// prioritised is what a monitor that never handles an event while an alert
// is waiting does: whenever it is free, the first alert that has come, else
// the first event, else it waits for the next message. contested counts the
// choices where both an alert and an event were waiting: a select that picks
// at random gets all of them right with a chance of 1 in 2^contested.
// (No message comes at the instant the monitor becomes free: the checks
// send theirs half-way through a HandleTime.)
func prioritised(s setup) (out []handled, contested int) {
	pending := s.arrivals()
	var now time.Duration
	for len(pending) > 0 {
		pick, alertWaits, eventWaits := -1, false, false
		for i, a := range pending {
			if a.at > now {
				continue
			}
			isAlert := a.m.Kind == "alert"
			if isAlert && !alertWaits || !isAlert && !alertWaits && pick < 0 {
				pick = i
			}
			alertWaits, eventWaits = alertWaits || isAlert, eventWaits || !isAlert
		}
		if pick < 0 { // idle until the next message
			next := pending[0].at
			for _, a := range pending {
				next = min(next, a.at)
			}
			now = next
			continue
		}
		if alertWaits && eventWaits {
			contested++
		}
		now += HandleTime
		out = append(out, handled{now, fmt.Sprintf("%s %d", pending[pick].m.Kind, pending[pick].m.N)})
		pending = append(pending[:pick:pick], pending[pick+1:]...)
	}
	return out, contested
}

// flood has 40 alerts and 40 events waiting at 0 s, and one more alert at
// 5.05 s, while event 11 is being handled.
var flood = setup{alerts: 40, events: 40, late: []arrival{{5050 * ms, Message{"alert", 41}}}}

// trickle has 40 events waiting, an alert every 0.2 s from 0.05 s — each
// comes while an event is being handled — and one more at 9.05 s, when
// the monitor has long been idle.
var trickle = func() setup {
	s := setup{events: 40}
	for k := range 40 {
		s.late = append(s.late, arrival{50*ms + time.Duration(k)*200*ms, Message{"alert", k + 1}})
	}
	s.late = append(s.late, arrival{9050 * ms, Message{"alert", 41}})
	return s
}()

func TestPrioritisedModel(t *testing.T) {
	tests := []struct {
		s         setup
		lines     map[int]handled // some lines, by index
		contested int
	}{
		{flood, map[int]handled{0: {100 * ms, "alert 1"}, 39: {4 * time.Second, "alert 40"}, 40: {4100 * ms, "event 1"},
			50: {5100 * ms, "event 11"}, 51: {5200 * ms, "alert 41"}, 52: {5300 * ms, "event 12"}, 80: {8100 * ms, "event 40"}}, 41},
		{trickle, map[int]handled{0: {100 * ms, "event 1"}, 1: {200 * ms, "alert 1"}, 2: {300 * ms, "event 2"},
			78: {7900 * ms, "event 40"}, 79: {8 * time.Second, "alert 40"}, 80: {9150 * ms, "alert 41"}}, 39},
	}
	for i, tt := range tests {
		out, contested := prioritised(tt.s)
		if len(out) != 81 || contested != tt.contested {
			t.Errorf("case %d: prioritised gave %d lines, %d contested choices; want 81, %d", i, len(out), contested, tt.contested) // guards the check itself
			continue
		}
		for k, want := range tt.lines {
			if out[k] != want {
				t.Errorf("case %d: prioritised line %d = %v, want %v", i, k, out[k], want) // guards the check itself
			}
		}
	}
}

func TestMonitor(t *testing.T) {
	tests := []struct {
		name string
		s    setup
	}{
		{"40 alerts and 40 events waiting, one more alert at 5.05 s", flood},
		{"40 events waiting, an alert every 0.2 s, one more when idle", trickle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				alerts, events := make(chan Message, 64), make(chan Message, 64)
				for n := 1; n <= tt.s.alerts; n++ {
					alerts <- Message{"alert", n}
				}
				for n := 1; n <= tt.s.events; n++ {
					events <- Message{"event", n}
				}
				close(events)
				go func() { // the later alerts, at their times
					for _, a := range tt.s.late {
						<-log.After(a.at - log.Elapsed())
						alerts <- a.m
					}
					close(alerts)
				}()
				Monitor(log, alerts, events)
				checkMonitor(t, log, tt.s)
			})
		})
	}
}

func checkMonitor(t *testing.T, log *kit.Log, s setup) {
	t.Helper()
	want, _ := prioritised(s)
	var got []handled
	for _, l := range log.Lines("monitor") {
		got = append(got, handled{l.At, l.Text})
	}
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Fatalf("Monitor handled %d messages, want %d: the next one is %v — does it go on until both "+
				"channels are closed and empty?", len(got), len(want), want[i])
		case i >= len(want):
			t.Fatalf("Monitor handled %d messages, want %d: %v is one too many", len(got), len(want), got[i])
		case got[i] == want[i]:
		case strings.HasPrefix(got[i].text, "event") && strings.HasPrefix(want[i].text, "alert"):
			t.Fatalf("Monitor handled %v while %s was waiting: select picks at random among its ready cases, "+
				"whatever their order, want %v — look for an alert first, on its own (a select on alerts with a "+
				"default), and wait on both channels only when no alert is waiting", got[i], want[i].text, want[i])
		default:
			t.Fatalf("Monitor handled %v, want %v: handle every waiting alert before any event, and whatever "+
				"comes the moment it comes when Monitor is idle", got[i], want[i])
		}
	}
	if last := want[len(want)-1].at; log.Elapsed() != last {
		t.Fatalf("Monitor returned at %s, want %s, once both channels were closed and empty and the last message "+
			"handled", kit.Seconds(log.Elapsed()), kit.Seconds(last))
	}
}
