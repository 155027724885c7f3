package walkthrough

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"conclab/labs/chess"
	"conclab/tui/styles"
)

func TestSteps(t *testing.T) {
	m := New(styles.DefaultStyles(), chess.Lab().Steps)
	m.SetSize(60, 10)
	tests := []struct {
		move  func()
		step  int
		title string
	}{
		{func() {}, 0, "Step 1 of 6 · The question"},
		{m.Prev, 0, "Step 1 of 6 · The question"},
		{m.Next, 1, "Step 2 of 6 · One board after another"},
		{func() { m.Next(); m.Next(); m.Next(); m.Next(); m.Next() }, 5, "Step 6 of 6 · What it means for code"},
		{m.Prev, 4, "Step 5 of 6 · A second master"},
	}
	for _, tt := range tests {
		tt.move()
		if i, n := m.Step(); i != tt.step || n != 6 {
			t.Errorf("Step() = %d of %d, want %d of 6", i, n, tt.step)
		}
		if got := m.Title(); got != tt.title {
			t.Errorf("Title() = %q, want %q", got, tt.title)
		}
	}
	if got := New(styles.DefaultStyles(), nil).Title(); got != "No walkthrough" {
		t.Errorf("Title() without steps = %q, want No walkthrough", got)
	}
}

func TestScroll(t *testing.T) {
	m := New(styles.DefaultStyles(), chess.Lab().Steps)
	m.SetSize(40, 6)
	m.Next()
	total := m.ContentHeight() - 1
	if total <= 5 {
		t.Fatalf("step 2 at 40 columns has %d lines; the test needs more than 5", total)
	}
	m.ScrollBy(1000)
	if m.offset != total-5 {
		t.Errorf("scrolled past the end: offset %d, want %d", m.offset, total-5)
	}
	if !strings.Contains(ansi.Strip(m.View()), "↑") {
		t.Error("scrolled down, the title does not say there is more above")
	}
	m.ScrollBy(-1000)
	if m.offset != 0 {
		t.Errorf("scrolled past the top: offset %d, want 0", m.offset)
	}
	m.ScrollBy(2)
	m.Next()
	if m.offset != 0 {
		t.Errorf("a new step starts at offset %d, want 0", m.offset)
	}
}

func TestRenderWidth(t *testing.T) {
	steps := chess.Lab().Steps
	for _, w := range []int{20, 40, 100} {
		for _, s := range steps {
			for _, l := range Render(styles.DefaultStyles(), s.Body, w) {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("Render(%q, %d): line %q is %d cells wide", s.Title, w, ansi.Strip(l), lw)
				}
			}
		}
	}
	if got := Render(styles.DefaultStyles(), "", 40); len(got) != 0 {
		t.Errorf("Render(\"\") = %q, want no lines", got)
	}
}

func TestViewGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		step int
	}{{"step2_80x8", 80, 8, 1}, {"step3_60x14", 60, 14, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(styles.DefaultStyles(), chess.Lab().Steps)
			for range tt.step {
				m.Next()
			}
			m.SetSize(tt.w, tt.h)
			view := m.View()
			if n := len(strings.Split(view, "\n")); n != tt.h {
				t.Errorf("View() has %d lines, want %d", n, tt.h)
			}
			golden.RequireEqual(t, ansi.Strip(view))
		})
	}
}
