//go:build exercises

package pipeline

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// pipelined is how long n flags take through the pipeline: `workers`
// downloads at a time, each taking s.Delay, in ceil(n / workers) rounds;
// one packer, s.Pack a flag. When the packer keeps up with a round
// (workers × Pack <= Delay) it is idle when each round ends, so only the
// last round's flags are packed after the downloads: rounds × Delay +
// last × Pack. (A downloader held up handing its flag to the busy packer
// starts its next download later, but its flag then reaches the packer just
// as the packer is free: the packer's times do not change.)
func pipelined(n, workers int, s Server) (time.Duration, error) {
	if time.Duration(workers)*s.Pack > s.Delay {
		return 0, fmt.Errorf("the packer cannot keep up: %d × %v > %v", workers, s.Pack, s.Delay)
	}
	rounds := (n + workers - 1) / workers
	last := n - (rounds-1)*workers
	return time.Duration(rounds)*s.Delay + time.Duration(last)*s.Pack, nil
}

// oneByOne is how long the flags take one after another; stageByStage, when
// every download is done before the first flag is packed.
func oneByOne(n int, s Server) time.Duration { return time.Duration(n) * (s.Delay + s.Pack) }

func stageByStage(n, workers int, s Server) time.Duration {
	return time.Duration((n+workers-1)/workers)*s.Delay + time.Duration(n)*s.Pack
}

var (
	flagsLab = Server{Delay: 500 * ms, Pack: 100 * ms}
	slowPack = Server{Delay: time.Second, Pack: 200 * ms}
)

func TestPipelineModel(t *testing.T) {
	tests := []struct {
		n, workers            int
		s                     Server
		want, seq, stageStage time.Duration
	}{
		{20, 5, flagsLab, 2500 * ms, 12 * time.Second, 4 * time.Second},
		{7, 3, slowPack, 3200 * ms, 8400 * ms, 4400 * ms},
		{6, 2, Server{time.Second, 500 * ms}, 4 * time.Second, 9 * time.Second, 6 * time.Second},
	}
	for _, tt := range tests {
		got, err := pipelined(tt.n, tt.workers, tt.s)
		if err != nil || got != tt.want || oneByOne(tt.n, tt.s) != tt.seq || stageByStage(tt.n, tt.workers, tt.s) != tt.stageStage {
			t.Errorf("pipelined(%d, %d, %v) = %v, %v (one by one %v, stage by stage %v), want %v (%v, %v)", tt.n, tt.workers, tt.s, got, err,
				oneByOne(tt.n, tt.s), stageByStage(tt.n, tt.workers, tt.s), tt.want, tt.seq, tt.stageStage) // guards the check itself
		}
	}
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name    string
		s       Server
		codes   []string
		workers int
	}{
		{"20 flags, 5 downloaders, packing 0.1 s: 2.5 s", flagsLab, Top20, 5},
		{"7 flags, 3 downloaders, packing 0.2 s: 3.2 s", slowPack, Top20[:7], 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				a := Build(log, tt.s, tt.codes, tt.workers)
				checkBuild(t, log, tt.s, tt.codes, tt.workers, a)
			})
		})
	}
}

// spans are the spans of the trace's tasks in state on `on` ("" for any),
// as [start, end) pairs.
func spans(tr *trace.Trace, task string, state trace.State, on trace.Wait) [][2]time.Duration {
	var out [][2]time.Duration
	for _, tk := range tr.Tasks {
		if task != "" && tk.Name != task {
			continue
		}
		for _, s := range tk.Spans {
			if s.State == state && (on == 0 || s.On == on) {
				out = append(out, [2]time.Duration{s.Start, s.End})
			}
		}
	}
	return out
}

func checkBuild(t *testing.T, log *kit.Log, s Server, codes []string, workers int, a *Archive) {
	t.Helper()
	want, err := pipelined(len(codes), workers, s)
	if err != nil {
		t.Fatal(err)
	}
	elapsed, downloads, atOnce := log.Elapsed(), log.MostWaiting("io"), min(workers, len(codes))
	switch {
	case downloads > workers:
		t.Fatalf("%d downloads were in flight at once, want %d: start exactly %d downloaders, each ranging over the "+
			"channel of codes (the pipeline took %s, want %s)", downloads, workers, workers, kit.Seconds(elapsed), kit.Seconds(want))
	case log.MostAtWork() > 1:
		t.Fatalf("%d flags were packed at once, want one at a time: an Archive is not safe for concurrent use — let one "+
			"goroutine, the packer, range over the flags' channel and add each", log.MostAtWork())
	case elapsed == oneByOne(len(codes), s) && downloads == 1:
		t.Fatalf("the flags were downloaded and packed one after another: %s of virtual time, want %s — a stage per "+
			"job, connected by channels: %d downloaders ranging over a channel of codes, and a packer ranging over "+
			"their flags?", kit.Seconds(elapsed), kit.Seconds(want), workers)
	}
	if a == nil {
		t.Fatalf("Build returned a nil archive at %s, want the archive with the %d flags: return the one you added "+
			"them to", kit.Seconds(elapsed), len(codes))
	}
	count := map[string]int{}
	var bad []string
	for _, f := range a.Files {
		count[f.Code]++
		if !bytes.Equal(f.Image, Image(f.Code)) {
			bad = append(bad, f.Code)
		}
	}
	var missing, twice []string
	for _, c := range codes {
		switch {
		case count[c] == 0:
			missing = append(missing, c)
		case count[c] > 1:
			twice = append(twice, c)
		}
	}
	if len(missing)+len(twice)+len(bad) > 0 || len(a.Files) != len(codes) {
		t.Fatalf("Build returned at %s with %d files in the archive (missing: %s; more than once: %s; wrong image: %s), "+
			"want each of the %d flags once: the packer must range over the flags' channel until it is closed, and it "+
			"is closed only after the last downloader is done (sync.WaitGroup)", kit.Seconds(elapsed), len(a.Files),
			none(missing), none(twice), none(bad), len(codes))
	}
	if downloads < atOnce {
		t.Fatalf("at most %d downloads were in flight at once, want %d: start %d downloaders, each ranging over the "+
			"channel of codes (the pipeline took %s, want %s)", downloads, atOnce, workers, kit.Seconds(elapsed), kit.Seconds(want))
	}
	tr := log.Trace()
	packs := spans(tr, "packer", trace.Running, 0)
	var lastDownload time.Duration
	for _, d := range spans(tr, "", trace.Waiting, trace.OnIO) {
		lastDownload = max(lastDownload, d[1])
	}
	if len(packs) > 0 && packs[0][0] >= lastDownload && elapsed == stageByStage(len(codes), workers, s) {
		t.Fatalf("the first flag was packed at %s, once every download was done: %s in all, want %s — the packer "+
			"should take each flag as it comes, while the downloads go on: range over the flags' channel while the "+
			"downloaders send on it, not after they are done", kit.Seconds(packs[0][0]), kit.Seconds(elapsed), kit.Seconds(want))
	}
	rounds := (len(codes) + workers - 1) / workers
	last := fmt.Sprintf("%d flags", len(codes)-(rounds-1)*workers)
	if last == "1 flags" {
		last = "1 flag"
	}
	if elapsed != want {
		t.Fatalf("Build took %s, want %s = %d rounds of %s downloads + the last round's %s × %s of packing: the "+
			"downloaders should never wait long for the packer, nor the packer for a flag that has come — a channel "+
			"between the stages, %d downloaders and one packer", kit.Seconds(elapsed), kit.Seconds(want), rounds,
			kit.Seconds(s.Delay), last, kit.Seconds(s.Pack), workers)
	}
	if n := len(packs); n > 0 && packs[n-1][1] != elapsed {
		t.Fatalf("Build returned at %s, want %s, when the last flag was packed", kit.Seconds(elapsed), kit.Seconds(packs[n-1][1]))
	}
}

// none joins names, or says "none".
func none(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
