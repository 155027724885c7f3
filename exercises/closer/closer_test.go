//go:build exercises

package closer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// line is a reading printed at a time.
type line struct {
	at   time.Duration
	text string
}

func (l line) String() string { return fmt.Sprintf("%q at %s", l.text, kit.Seconds(l.at)) }

// sent is every reading of sensors with the time it is sent (reading n of
// a sensor at n × its Every), sorted by time — and by text for readings
// sent at the same instant, which goroutines woken together send in no
// fixed order — and when the last sensor is done.
func sent(sensors []Sensor) (lines []line, last time.Duration) {
	for _, s := range sensors {
		for n := 1; n <= s.Count; n++ {
			lines = append(lines, line{time.Duration(n) * s.Every, fmt.Sprintf("%s #%d", s.Name, n)})
		}
		last = max(last, time.Duration(s.Count)*s.Every)
	}
	return sortLines(lines), last
}

func sortLines(lines []line) []line {
	slices.SortStableFunc(lines, func(a, b line) int { return cmp.Or(cmp.Compare(a.at, b.at), strings.Compare(a.text, b.text)) })
	return lines
}

// quiet has a sensor that sends nothing: Collect must end all the same.
var quiet = []Sensor{{"idle", 0, time.Second}, {"temp", 2, 500 * ms}, {"wind", 1, 800 * ms}}

func TestSentModel(t *testing.T) {
	tests := []struct {
		sensors []Sensor
		want    string
		last    time.Duration
	}{
		{Three, `["rain #1" at 0.7 s "temp #1" at 1 s "rain #2" at 1.4 s "wind #1" at 1.5 s "temp #2" at 2 s "rain #3" at 2.1 s "rain #4" at 2.8 s "temp #3" at 3 s "wind #2" at 3 s]`, 3 * time.Second},
		{quiet, `["temp #1" at 0.5 s "wind #1" at 0.8 s "temp #2" at 1 s]`, time.Second},
	}
	for _, tt := range tests {
		lines, last := sent(tt.sensors)
		if got := fmt.Sprint(lines); got != tt.want || last != tt.last {
			t.Errorf("sent(%v) = %s, %v; want %s, %v", tt.sensors, got, last, tt.want, tt.last) // guards the check itself
		}
	}
}

func TestCollect(t *testing.T) {
	tests := []struct {
		name    string
		sensors []Sensor
	}{
		{"temp, wind and rain: 9 readings, the last at 3 s", Three},
		{"a sensor that sends nothing: the last reading at 1 s", quiet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				got := Collect(log, tt.sensors)
				checkCollect(t, log, tt.sensors, got)
			})
		})
	}
}

func checkCollect(t *testing.T, log *kit.Log, sensors []Sensor, got []Reading) {
	t.Helper()
	returned := log.Elapsed()
	want, last := sent(sensors)
	var printed []line
	for _, l := range log.Lines("main") {
		printed = append(printed, line{l.At, l.Text})
	}
	if len(printed) == len(want) && len(want) > 1 && printed[0].at == last && want[0].at < last {
		t.Fatalf("every reading was printed at %s, when the last sensor was done: %v was sent at %s, want it printed "+
			"then — Collect waits for every sensor before it reads anything. Range over the channel in Collect, as "+
			"the readings come, while another goroutine waits for the sensors (wg.Wait) and then closes the "+
			"channel, once", kit.Seconds(last), want[0].text, kit.Seconds(want[0].at))
	}
	sortLines(printed)
	for i := range max(len(printed), len(want)) {
		switch {
		case i >= len(printed):
			t.Fatalf("Collect printed %d readings, want %d: the next one is %v — does it read until the channel is "+
				"closed, and is the channel closed only once every sensor is done?", len(printed), len(want), want[i])
		case i >= len(want):
			t.Fatalf("Collect printed %d readings, want %d: %v is one too many", len(printed), len(want), printed[i])
		case printed[i] != want[i]:
			t.Fatalf("Collect printed %v, want %v: print each reading the moment it comes — range over the channel "+
				"while the sensors send", printed[i], want[i])
		}
	}
	if returned != last {
		t.Fatalf("Collect returned at %s, want %s, when the last sensor is done: close the channel once every "+
			"sensor is done (a goroutine that waits for them, then closes it), and let the range loop end there",
			kit.Seconds(returned), kit.Seconds(last))
	}
	var gotTexts, printedTexts []string
	for _, r := range got {
		gotTexts = append(gotTexts, fmt.Sprintf("%s #%d", r.Sensor, r.N))
	}
	for _, l := range log.Lines("main") {
		printedTexts = append(printedTexts, l.Text)
	}
	if !slices.Equal(gotTexts, printedTexts) {
		t.Fatalf("Collect returned %q, want the readings it printed, in the order it printed them: %q", gotTexts, printedTexts)
	}
}
