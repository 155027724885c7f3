package exercise

import (
	"testing"

	"conclab/tui/internal/press"
)

// BenchmarkView draws the screen at 160x48 after a check: the verdict and
// three lanes of 24 boards each.
func BenchmarkView(b *testing.B) {
	f := &fake{verdict: failed}
	m := keys(b, open(b, f.env(b), 160, 48), "c")
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkKey is one key press that changes the text above the lanes (the
// next test's lanes), its Update and its View.
func BenchmarkKey(b *testing.B) {
	f := &fake{verdict: failed}
	m := keys(b, open(b, f.env(b), 160, 48), "c")
	t := press.Key("t")
	b.ReportAllocs()
	for b.Loop() {
		m, _ = m.Update(t)
		_ = m.View()
	}
}
