// Package screen holds what every screen of conclab's TUI shares: the Common
// value (size, styles, keys) passed to constructors, and the messages that
// move between screens.
package screen

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/keymap"
	"conclab/tui/styles"
)

// DefaultFrame is how often playback redraws while it plays (20 frames a second).
const DefaultFrame = 50 * time.Millisecond

// Common is what the root model hands every screen and component: the size
// it may draw in, the styles and the keys. It is a small value, copied freely.
type Common struct {
	// Width and Height are the cells the receiver may draw in.
	Width, Height int
	Styles        styles.Styles
	Keys          keymap.KeyMap
	// Frame is the playback redraw interval; 0 means DefaultFrame.
	Frame time.Duration
}

// NewCommon returns a Common with the default styles and keys and no size yet.
func NewCommon() Common {
	return Common{Styles: styles.DefaultStyles(), Keys: keymap.DefaultKeyMap(), Frame: DefaultFrame}
}

// Sized returns c with another size.
func (c Common) Sized(width, height int) Common {
	c.Width, c.Height = width, height
	return c
}

// OpenLabMsg asks the root to open a lab's screen.
type OpenLabMsg struct{ Lab *labs.Lab }

// OpenLabCmd returns a command that opens lab l.
func OpenLabCmd(l *labs.Lab) tea.Cmd {
	return func() tea.Msg { return OpenLabMsg{Lab: l} }
}

// OpenExerciseMsg asks the root to open the exercise screen of the lab
// named Lab, above the screen that asked.
type OpenExerciseMsg struct{ Lab string }

// OpenExerciseCmd returns a command that opens the exercise of the lab named lab.
func OpenExerciseCmd(lab string) tea.Cmd {
	return func() tea.Msg { return OpenExerciseMsg{Lab: lab} }
}

// BackMsg asks the root to go back to the home screen.
type BackMsg struct{}

// BackCmd is a command that goes back to the home screen.
func BackCmd() tea.Msg { return BackMsg{} }
