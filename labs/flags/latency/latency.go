// Package latency is the latency scale on a human scale: how many CPU
// cycles it takes to reach the L1 and L2 caches, RAM, a disk and the
// network, and how long that would be if one cycle lasted one second. The
// table and the walkthrough page built from it are computed here, so the
// numbers the learner reads are the numbers the tests check.
package latency

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"conclab/labs"
	"conclab/labs/trace"
)

// Level is one place data can come from and its cost in CPU cycles.
type Level struct {
	Name   string
	Cycles int64
}

// Levels are the classic figures, from the closest to the farthest.
var Levels = []Level{
	{"L1 cache", 3},
	{"L2 cache", 14},
	{"RAM", 250},
	{"Disk", 41_000_000},
	{"Network", 240_000_000},
}

// ClockHz is the clock rate used to turn a wall-clock delay into cycles: 3 GHz.
const ClockHz = 3_000_000_000

// Year is a calendar year on average: 365.25 days.
const Year = 365*24*time.Hour + 6*time.Hour

// Human is how long cycles would take if one cycle lasted one second.
func Human(cycles int64) time.Duration { return time.Duration(cycles) * time.Second }

// Cycles is how many cycles a delay lasts at ClockHz (500ms -> 1 500 000 000).
func Cycles(d time.Duration) int64 { return d.Nanoseconds() * (ClockHz / 1_000_000_000) }

var units = []struct {
	name string
	size time.Duration
}{
	{"year", Year},
	{"day", 24 * time.Hour},
	{"hour", time.Hour},
	{"minute", time.Minute},
	{"second", time.Second},
}

// Describe says a duration in the largest unit it reaches, with one decimal
// below ten and none from ten up: "3 seconds", "4.2 minutes", "1.3 years",
// "48 years". Durations under a second are "under a second".
func Describe(d time.Duration) string {
	for _, u := range units {
		if d < u.size {
			continue
		}
		x := float64(d) / float64(u.size)
		text := strconv.FormatFloat(math.Round(x), 'f', 0, 64)
		if x < 10 {
			text = strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
		}
		if text == "1" {
			return "1 " + u.name
		}
		return text + " " + u.name + "s"
	}
	return "under a second"
}

// Group writes n with a space between groups of three digits: "41 000 000".
func Group(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' && s[i-1] != '-' {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Table is the scale as a markdown table: where, cycles, and the time on
// the human scale.
func Table() string {
	var b strings.Builder
	b.WriteString("| Where the data is | CPU cycles | If one cycle took a second |\n")
	b.WriteString("|---|---:|---|\n")
	for _, l := range Levels {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", l.Name, Group(l.Cycles), Describe(Human(l.Cycles)))
	}
	return b.String()
}

// Title is the title of the walkthrough page about the scale (Step).
const Title = "The latency scale"

// Step is the walkthrough page about the scale, with delay (a request's
// time on the wire in the lab that shows the page) put on the same scale.
func Step(delay time.Duration) labs.Step {
	net := Levels[len(Levels)-1]
	ram := Levels[2]
	c := Cycles(delay)
	var b strings.Builder
	b.WriteString("A CPU cycle is far too short to picture, so stretch time: pretend each\n")
	b.WriteString("cycle lasts one second, and see how long the processor waits for data\n")
	b.WriteString("from each place it can come from.\n\n")
	b.WriteString(Table())
	fmt.Fprintf(&b, "\nOn this scale, reading RAM is a short coffee break (%s); a network\n", Describe(Human(ram.Cycles)))
	fmt.Fprintf(&b, "round trip is %s. The server in this lab answers after %ss: at %d GHz that\n",
		Describe(Human(net.Cycles)), strconv.FormatFloat(delay.Seconds(), 'f', -1, 64), ClockHz/1_000_000_000)
	fmt.Fprintf(&b, "is %s cycles, **%s** of waiting for each request.\n\n", Group(c), Describe(Human(c)))
	b.WriteString("That is what a blocking call costs. While a thread waits for the\n")
	b.WriteString("answer it does nothing else; if that thread is the only one (an event\n")
	b.WriteString("loop), the whole program does nothing else. The processor could have\n")
	b.WriteString("started every other request in a tiny fraction of that time. Everything\n")
	b.WriteString("that follows in this lab is about not wasting those years: keep several\n")
	b.WriteString("requests in flight, and let the waiting overlap.\n")
	return labs.Step{Title: Title, Body: b.String()}
}

// Chart is the scale as a bar chart: per level its CPU cycles, the time
// they would take if a cycle lasted a second, and a bar on a log scale;
// the last bar is a request to a server that answers after delay (none
// when delay is 0). Memory is drawn as running, the disk and the network
// as waiting: what a task does while it reads each.
func Chart(delay time.Duration) labs.Chart {
	c := labs.Chart{Title: "If one CPU cycle took one second", Right: []bool{false, true}, Log: true}
	row := func(name string, cycles int64, state trace.State) {
		c.Rows = append(c.Rows, labs.ChartRow{Cells: []string{name, Group(cycles), Describe(Human(cycles))},
			Value: float64(cycles), State: state})
	}
	for i, l := range Levels {
		state := trace.Running
		if i >= 3 {
			state = trace.Waiting
		}
		row(l.Name, l.Cycles, state)
	}
	if cycles := Cycles(delay); cycles > 0 {
		row("this server ("+delay.String()+")", cycles, trace.Waiting)
	}
	return c
}

// Text is the page of Step without its table, for a front end that draws
// the Chart above it.
func Text(delay time.Duration) string {
	var text []string
	for _, l := range strings.Split(Step(delay).Body, "\n") {
		if !strings.HasPrefix(l, "|") {
			text = append(text, l)
		}
	}
	return strings.Join(text, "\n")
}
