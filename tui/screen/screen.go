// Package screen holds what every screen of conclab's TUI shares: the
// Screen interface, the Common value (size, styles, keys) passed to
// constructors, and the messages that move between screens.
//
// The root (package tui) keeps a stack of screens: home at the bottom, then
// what was opened over it (home → lab → real runs, exercise or meta demo).
// Only the screen on top gets the keys, the mouse and the window's size,
// draws, and names the keys of the help bar; esc on a screen (that does not
// use esc itself) sends BackMsg, which pops it and shows the one under it
// as it was.
//
// # Adding a screen
//
// A new screen (a challenge, a presenter view, a legend) is a package with
// a Model that follows conclab's convention for child models: New(c
// Common, ...) Model, Update(tea.Msg) (Model, tea.Cmd), View() string,
// Help() keymap.Bindings, Typing() bool, and pointer methods Init()
// tea.Cmd, SetSize(width, height int) and Close(). Its keys are a key map
// of its own: a struct of key.Binding in package keymap with a Bindings
// method that makes its help, a field of keymap.KeyMap that DefaultKeyMap
// fills (TestNoKeyBoundTwice then checks that no key means two things on
// it). Update matches keys against it with key.Matches and nothing else;
// Help returns its Bindings (with Lanes set when the screen draws timeline
// lanes: the full help then ends with the key of their glyphs). To show
// it, push it from the screen that opens it:
//
//	return m, screen.PushCmd(screen.Of(legend.New(m.c)))
//
// The root sizes it, calls Init, routes messages to it and pops it on
// BackMsg: nothing in the root changes. A message that answers one of its
// commands and may come back while another screen is over it implements
// Background. (A type may also implement Screen directly; Of adapts the
// convention above to it.)
package screen

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/keymap"
	"conclab/tui/styles"
)

// Screen is one screen on the root's stack.
//
// A Screen is a value as far as its users can tell: Update returns the
// screen after the message and leaves the one it was called on as it was,
// so a copy of the root kept before a message does not see it. Sizes
// arrive as a tea.WindowSizeMsg through Update (the cells the screen may
// draw in: the window less the help bar), so that only Update changes a
// screen. Init and Close are the exceptions: Init is called once, on the
// screen just made, when it is pushed; Close stops what it runs.
type Screen interface {
	// Init starts the screen when it is pushed (its first runs, its
	// spinner); the root runs the command it returns (nil: none).
	Init() tea.Cmd
	// Update handles a message: keys, the mouse and pastes when the screen
	// is on top, its size, the results of its commands, and any message
	// that implements Background.
	Update(tea.Msg) (Screen, tea.Cmd)
	// View draws the screen, exactly as wide and high as its size.
	View() string
	// Help is the help bar's bindings for what has the keys now,
	// generated from the screen's key map.
	Help() keymap.Bindings
	// Typing reports whether the screen takes every key (a text field, or
	// keys typed during a freeze): the root's q and ? then pass to it;
	// ctrl+c still quits.
	Typing() bool
	// Close stops what the screen runs (checks, real runs, a watcher).
	// The root calls it when the screen is popped and when conclab quits;
	// it may be called more than once.
	Close()
}

// Background is a message that every screen on the stack receives, not
// only the one on top: the answer to a command a screen started, which may
// come back once another screen is over it (a lab's runs while its real
// runs show, the home screen's progress marks while a lab shows).
type Background interface {
	tea.Msg
	// Background marks the message type; it does nothing.
	Background()
}

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
	// Present opens lab screens in the presenter view (conclab --present).
	Present bool
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

// PushMsg asks the root to push Screen over the others.
type PushMsg struct{ Screen Screen }

// PushCmd returns a command that pushes s.
func PushCmd(s Screen) tea.Cmd {
	return func() tea.Msg { return PushMsg{Screen: s} }
}

// BackMsg asks the root to pop the screen on top (it is closed) and show
// the one under it. The home screen, at the bottom, is never popped.
type BackMsg struct{}

// BackCmd is a command that pops the screen on top.
func BackCmd() tea.Msg { return BackMsg{} }

// OpenLabMsg asks the root to open a lab's screen.
type OpenLabMsg struct{ Lab *labs.Lab }

// OpenLabCmd returns a command that opens lab l.
func OpenLabCmd(l *labs.Lab) tea.Cmd {
	return func() tea.Msg { return OpenLabMsg{Lab: l} }
}

// OpenExerciseMsg asks the root to open the exercise screen of the lab
// named Lab, above the screen that asked (the root holds what the exercise
// screen needs: the repository, the checks, the progress store).
type OpenExerciseMsg struct{ Lab string }

// OpenExerciseCmd returns a command that opens the exercise of the lab named lab.
func OpenExerciseCmd(lab string) tea.Cmd {
	return func() tea.Msg { return OpenExerciseMsg{Lab: lab} }
}

// LabStateMsg says where a lab screen is now (its lab, lanes, parameters
// that differ from the defaults, and walkthrough step): the root keeps it
// as the learner's last lab. A lab screen sends it when it opens and when
// that changes.
type LabStateMsg struct {
	Lab   string
	Setup labs.Setup
}

// PuzzleCheckedMsg says that a prediction of a lab's puzzle was checked,
// right or wrong: the root keeps it in the learner's progress.
type PuzzleCheckedMsg struct {
	Lab, Puzzle string
	Right       bool
}
