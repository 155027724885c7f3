package pane

import "conclab/tui/styles"

// SetStyles draws the lane with st from now on: its frame, its timeline
// (the presenter view swaps its thick glyphs in, and back) and its text.
// The source keeps the colours it was highlighted in.
func (m *Model) SetStyles(st styles.Styles) {
	if m.st.Set == st.Set {
		return
	}
	m.st = st
	m.muted = styles.PaintOf(st.Muted)
	m.timeline.SetStyles(st)
	m.layout()
}

// Styles are the styles the lane is drawn with.
func (m Model) Styles() styles.Styles { return m.st }
