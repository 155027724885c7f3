package lab

import (
	"testing"

	"conclab/labs"
	"conclab/labs/chess"
)

// fourLanes is the chess lab with a fourth variant, so that four lanes of
// 24 tasks (boards) each stand side by side.
func fourLanes() *labs.Lab {
	l := chess.Lab()
	fourth := l.Variants[1]
	fourth.Name = "concurrent-2"
	l.Variants = append(l.Variants, fourth)
	l.Default = []string{"sequential", "concurrent", "two-masters", "concurrent-2"}
	return l
}

// BenchmarkView draws the lab screen with four lanes of 24 tasks (boards),
// a third of the way through the run, while it plays: every frame moves the
// cursor, so nothing drawn is reused from the frame before. The goal at
// 160x48 is under 2 ms a frame; the same at 200x60 with idle time folded (f),
// and folded with one state highlighted (f, H: running) as issue 17 asks.
func BenchmarkView(b *testing.B) {
	for _, size := range []struct {
		name string
		w, h int
		keys []string
	}{{"160x48", 160, 48, nil}, {"200x60", 200, 60, nil}, {"200x60_fold", 200, 60, []string{"f"}}, {"200x60_fold_highlight", 200, 60, []string{"f", "H"}}} {
		b.Run(size.name, func(b *testing.B) {
			m := keys(b, open(b, fourLanes(), size.w, size.h), size.keys...)
			if len(m.panes) != 4 || m.lay.perRow != 4 {
				b.Fatalf("%d lanes, %d side by side, want 4 and 4", len(m.panes), m.lay.perRow)
			}
			playFrames(b, keys(b, m, "end"))
		})
	}
}

// playFrames plays m from a third of its run and draws a frame per
// iteration: every frame moves the cursor, so nothing drawn is reused; the
// run starts again from that third when it ends.
func playFrames(b *testing.B, m Model) {
	b.Helper()
	end := m.clock.End()
	m.clock.Seek(end / 3)
	m = keys(b, m, "space")
	b.ReportAllocs()
	for b.Loop() {
		m, _ = m.Update(m.clock.Frame())
		if !m.clock.Playing() {
			m.clock.Seek(end / 3)
			m = keys(b, m, "space")
		}
		_ = m.View()
	}
}
