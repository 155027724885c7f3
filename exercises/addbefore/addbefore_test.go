//go:build exercises

package addbefore

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
)

const ms = time.Millisecond

// expected is when each file is sent if every upload runs in a goroutine
// of its own (its turn, then its sending time), when the last one is, and
// how long the uploads take one after another.
func expected(files []File) (sent map[string]time.Duration, last, oneByOne time.Duration) {
	sent = map[string]time.Duration{}
	for _, f := range files {
		sent[f.Name] = f.Start + f.Took
		last = max(last, f.Start+f.Took)
		oneByOne += f.Start + f.Took
	}
	return sent, last, oneByOne
}

// quick are four uploads 0.1 s apart, of 0.3 s each: the last is sent at 0.7 s.
var quick = []File{
	{"w.log", 100 * ms, 300 * ms}, {"x.log", 200 * ms, 300 * ms},
	{"y.log", 300 * ms, 300 * ms}, {"z.log", 400 * ms, 300 * ms},
}

func TestUploadsModel(t *testing.T) {
	tests := []struct {
		files          []File
		first          string
		at, last, once time.Duration
	}{
		{Three, "c.zip", 2 * time.Second, 3 * time.Second, 6500 * ms},
		{quick, "w.log", 400 * ms, 700 * ms, 2200 * ms},
	}
	for _, tt := range tests {
		sent, last, oneByOne := expected(tt.files)
		if sent[tt.first] != tt.at || last != tt.last || oneByOne != tt.once {
			t.Errorf("expected(%v) = %v, %v, %v; want %s at %v, %v, %v", tt.files, sent, last, oneByOne, tt.first, tt.at, tt.last, tt.once) // guards the check itself
		}
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name  string
		files []File
	}{
		{"three staggered uploads: all sent at 3 s", Three},
		{"four uploads 0.1 s apart: all sent at 0.7 s", quick},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				Run(log, tt.files)
				returned, before := log.Elapsed(), len(log.Lines(""))
				finish(log, tt.files)
				checkRun(t, log, tt.files, returned, before)
			})
		})
	}
}

// finish lets the uploads that Run left behind end: the check waits until
// the last one is due, and for the goroutines to settle.
func finish(log *kit.Log, files []File) {
	_, last, _ := expected(files)
	if now := log.Elapsed(); now < last {
		<-log.After(last - now)
	}
	kittest.Leaks()
}

// checkRun judges a run of Run that returned at `returned`, when `before`
// lines had been printed.
func checkRun(t *testing.T, log *kit.Log, files []File, returned time.Duration, before int) {
	t.Helper()
	sent, last, oneByOne := expected(files)
	lines := log.Lines("")
	var late []string // the uploads sent after Run returned
	for _, l := range lines[before:] {
		if l.Task != "main" {
			late = append(late, fmt.Sprintf("%s at %s", l.Task, kit.Seconds(l.At)))
		}
	}
	switch {
	case returned == oneByOne:
		t.Fatalf("the uploads ran one after another: Run returned at %s, want %s — start each upload in a goroutine "+
			"of its own, and wait for them all", kit.Seconds(returned), kit.Seconds(last))
	case returned == 0 && len(late) == len(files):
		t.Fatalf("Run returned at 0 s, and every upload was sent after it (%s): wg.Wait() found the WaitGroup's counter at "+
			"0: each upload counts itself in (wg.Add) inside its own goroutine, and none had done so when Wait "+
			"looked — want Run to return at %s: call "+
			"wg.Add(1) in Run before each go statement (or start them with wg.Go), so that every upload is counted "+
			"before Wait looks", and(late), kit.Seconds(last))
	case len(late) > 0:
		t.Fatalf("Run returned at %s, and uploads were sent after it (%s): wg.Wait() returns as soon as the counter is 0, and some uploads "+
			"were not counted in yet — want Run to return at %s: call wg.Add(1) in Run before each go statement "+
			"(or use wg.Go)", kit.Seconds(returned), and(late), kit.Seconds(last))
	case returned != last:
		t.Fatalf("Run returned at %s, want %s, when the last upload is sent: wait for every upload, and for nothing else",
			kit.Seconds(returned), kit.Seconds(last))
	}
	for i, l := range lines {
		switch {
		case l.Task == "main" && (l.Text != "all sent" || i != len(lines)-1):
			t.Fatalf("main printed %q as line %d of %d, want \"all sent\" as the last line: print it once every "+
				"upload is sent", l.Text, i+1, len(lines))
		case l.Task != "main" && l.At != sent[l.Task]:
			t.Fatalf("%s was sent at %s, want %s (its turn, then its sending time): leave Upload's waits as they are",
				l.Task, kit.Seconds(l.At), kit.Seconds(sent[l.Task]))
		}
	}
	if len(lines) != len(files)+1 {
		t.Fatalf("%d lines were printed, want %d: a \"sent\" line per upload, then \"all sent\" — does every upload run?",
			len(lines), len(files)+1)
	}
}

// and joins items as a sentence does: "a", "a and b", "a, b and c".
func and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
