package timeline

import (
	"strings"

	"conclab/tui/styles"
)

// SetStyles draws the timeline with st from now on (the presenter view
// swaps its thick glyphs in, and back). With a presenter set
// (styles.Set.Present) the task names are bold, with a blank cell before
// them and two after (labelRoom), so that they stand apart from the bars.
func (m *Model) SetStyles(st styles.Styles) {
	if m.st.Set == st.Set {
		return
	}
	m.setStyles(st)
	for k := range m.strip {
		m.strip[k] = strings.Repeat(m.glyph[k], max(m.width, 0))
	}
}

// Styles are the styles the timeline is drawn with.
func (m Model) Styles() styles.Styles { return m.st }

// labelRoom is the blank cells around a label besides the one after it:
// two in the presenter view (one before, one more after), else none.
func (m Model) labelRoom() int {
	if m.st.Set != nil && m.st.Present {
		return 2
	}
	return 0
}

// writeLabel writes a row's label (already fitted to the label column),
// marked or not, and the blank after it; in the presenter view bold,
// with room around it (labelRoom).
func (m Model) writeLabel(b *strings.Builder, label string, marked bool) {
	room := m.labelRoom() > 0
	if room {
		b.WriteByte(' ')
	}
	switch {
	case marked:
		m.mark.WriteTo(b, label)
	case room:
		m.title.WriteTo(b, label)
	default:
		b.WriteString(label)
	}
	b.WriteByte(' ')
	if room {
		b.WriteByte(' ')
	}
}
