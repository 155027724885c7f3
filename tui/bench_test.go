package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/labs/chess"
	"conclab/tui/internal/press"
	"conclab/tui/lab"
)

// BenchmarkFrame is one frame of the whole program while it plays: the
// clock's tick through the root's Update, then the root's View (the lab
// screen of four lanes of 24 tasks, the status lines and the help bar, each
// line checked against the width), as Bubble Tea asks for it.
func BenchmarkFrame(b *testing.B) {
	l := chess.Lab()
	fourth := l.Variants[1]
	fourth.Name = "concurrent-2"
	l.Variants = append(l.Variants, fourth)
	l.Default = []string{"sequential", "concurrent", "two-masters", "concurrent-2"}
	for _, size := range []struct {
		name string
		w, h int
	}{{"160x48", 160, 48}, {"200x60", 200, 60}} {
		b.Run(size.name, func(b *testing.B) {
			m := New(WithLabs([]*labs.Lab{l}), WithFrame(time.Millisecond))
			m = drive(b, m, tea.WindowSizeMsg{Width: size.w, Height: size.h}, press.Key("enter"), press.Key("end"))
			if n := len(topModel[lab.Model](b, m).Panes()); n != 4 {
				b.Fatalf("%d lanes, want 4", n)
			}
			restart := func() {
				m = drive(b, m, press.Key("home"))
				for range 2000 { // a third of the way
					m = drive(b, m, press.Key("right"))
				}
				m = drive(b, m, press.Key("space"))
			}
			restart()
			b.ReportAllocs()
			for b.Loop() {
				next, _ := m.Update(topModel[lab.Model](b, m).Clock().Frame())
				m = next.(Model)
				if !topModel[lab.Model](b, m).Clock().Playing() {
					restart()
				}
				_ = m.View()
			}
		})
	}
}
