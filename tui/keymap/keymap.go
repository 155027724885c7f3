// Package keymap holds every key binding of conclab's TUI: the global keys
// and one key map per screen (and per mode of a screen: the parameter
// form, the variant picker, a puzzle being typed), made by DefaultKeyMap.
// A screen matches keys with key.Matches against its own key map only, and
// its help bar is generated from the same bindings (each key map's Help),
// so what the bar says is what the keys do, and no key means two things on
// one screen (TestNoKeyBoundTwice).
package keymap

import (
	"charm.land/bubbles/v2/key"

	"conclab/tui/components/playback"
)

// KeyMap is every key binding of the TUI, a key map per screen and mode.
type KeyMap struct {
	// Global are the keys the root handles on every screen; FullHelp the
	// root's keys while the full help is open.
	Global   Global
	FullHelp FullHelp
	// Home is the list of labs; Filter the list while its filter is typed.
	Home   Home
	Filter Filter
	// Lab is the lab screen; Form, Picker and Viewer its overlays (the
	// parameter form, the variant picker, a diff); Puzzle a predict-then-run
	// lab and PuzzleEdit the same while a prediction is typed.
	Lab        Lab
	Form       Form
	Picker     Picker
	Viewer     Viewer
	Puzzle     Puzzle
	PuzzleEdit PuzzleEdit
	// Guess is the lab screen while guesses are typed; Legend its legend.
	Guess  Guess
	Legend Legend
	// RowFilter is the lab screen while the rows' filter is typed.
	RowFilter RowFilter
	// Exercise is the exercise screen (its solution view is a Viewer).
	Exercise Exercise
	// Real is the real-run screen; Meta the meta demo.
	Real Real
	Meta Meta
	// Challenges is the list of challenge levels, Challenge a level being
	// played, ChallengeCase the same while a select's case is chosen.
	Challenges    Challenges
	Challenge     Challenge
	ChallengeCase ChallengeCase
	// Classroom are a classroom session's keys (following, the
	// dashboard); Dashboard the teacher's dashboard.
	Classroom Classroom
	Dashboard Dashboard
}

// Global are the keys the root handles whatever the screen, unless it
// takes every key (a text field): ForceQuit and Picture even then.
type Global struct {
	Quit, ForceQuit, Help key.Binding
	// Picture saves the screen as an SVG picture (tui/picture.go).
	Picture key.Binding
}

// FullHelp are the root's keys while the full help (?) is open over a
// screen: esc closes it before it reaches the screen.
type FullHelp struct {
	Close key.Binding
}

// Bindings is a help.KeyMap: the bindings a help bar shows, short and full.
type Bindings struct {
	Short []key.Binding
	Full  [][]key.Binding
	// Lanes says the screen draws timeline lanes: the full help ends with
	// the key of their glyphs.
	Lanes bool
}

// ShortHelp returns the bindings of the one-line help bar.
func (b Bindings) ShortHelp() []key.Binding { return b.Short }

// FullHelp returns the bindings of the full help, in columns.
func (b Bindings) FullHelp() [][]key.Binding { return b.Full }

// bind makes a binding of keys, shown in help as k: desc.
func bind(keys []string, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// also is a help-only binding that sums up others (↑/↓ for up and down):
// the help shows k: desc for every key of bs.
func also(k, desc string, bs ...key.Binding) key.Binding {
	var keys []string
	for _, b := range bs {
		keys = append(keys, b.Keys()...)
	}
	return bind(keys, k, desc)
}

// DefaultKeyMap returns conclab's key bindings.
func DefaultKeyMap() KeyMap {
	g := Global{
		Quit:      bind([]string{"q"}, "q", "quit"),
		ForceQuit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:      bind([]string{"?"}, "?", "help"),
		Picture:   bind([]string{"ctrl+p"}, "ctrl+p", "screen as SVG"),
	}
	back := bind([]string{"esc"}, "esc", "back")
	cancel := bind([]string{"esc"}, "esc", "cancel")
	up := bind([]string{"up", "k"}, "↑/k", "up")
	down := bind([]string{"down", "j"}, "↓/j", "down")
	pageUp := bind([]string{"pgup"}, "pgup", "scroll text up")
	pageDown := bind([]string{"pgdown"}, "pgdn", "scroll text down")
	start := bind([]string{"home", "g"}, "home/g", "go to start")
	end := bind([]string{"end", "G"}, "end/G", "go to end")
	exercise := bind([]string{"x"}, "x", "exercise")
	clock := playback.Keys{
		PlayPause:   bind([]string{"space"}, "space", "play/pause"),
		StepForward: bind([]string{"right", "l"}, "→/l", "next event"),
		StepBack:    bind([]string{"left", "h"}, "←/h", "previous event"),
		NextOutput:  bind([]string{"shift+right", ">"}, "shift+→/>", "next output line"),
		PrevOutput:  bind([]string{"shift+left", "<"}, "shift+←/<", "previous output line"),
		Faster:      bind([]string{"+", "="}, "+", "faster"),
		Slower:      bind([]string{"-", "_"}, "-", "slower"),
		Start:       start,
		End:         end,
	}
	walk := Walk{
		NextStep:    bind([]string{"n"}, "n", "next step"),
		PrevStep:    bind([]string{"p"}, "p", "previous step"),
		Walkthrough: bind([]string{"w"}, "w", "show/hide walkthrough"),
		PageUp:      pageUp,
		PageDown:    pageDown,
		Apply:       bind([]string{"enter"}, "enter", "set up step"),
	}
	puzzleWalk := walk // enter writes a prediction there
	puzzleWalk.Apply = bind([]string{"a"}, "a", "show the step's puzzle")
	nextLane := bind([]string{"tab"}, "tab", "next lane")
	prevLane := bind([]string{"shift+tab"}, "shift+tab", "previous lane")
	source := bind([]string{"s"}, "s", "source/timeline")
	return KeyMap{
		Global:   g,
		FullHelp: FullHelp{Close: bind([]string{"esc"}, "esc", "close help")},
		Home: Home{Up: up, Down: down, Start: start, End: end, PageUp: pageUp, PageDown: pageDown,
			Open: bind([]string{"enter"}, "enter", "open"), Exercise: exercise,
			Filter: bind([]string{"/"}, "/", "filter"), Clear: back, Global: g},
		Filter: Filter{
			Apply: bind([]string{"enter"}, "enter", "open first match"),
			Clear: bind([]string{"esc"}, "esc", "clear filter"),
			Up:    bind([]string{"up"}, "↑", "up"), Down: bind([]string{"down"}, "↓", "down"),
			Global: g,
		},
		Lab: Lab{Clock: clock, Walk: walk,
			Rerun: bind([]string{"r"}, "r", "rerun"),
			Up:    up, Down: down,
			Axis: Axis{
				Mark:    bind([]string{"m"}, "m", "mark range, zoom"),
				Zoom:    bind([]string{"z"}, "z", "zoom in"),
				ZoomOut: bind([]string{"u"}, "u", "zoom out"),
				ZoomAll: bind([]string{"Z"}, "Z", "whole run"),
				Fold:    bind([]string{"f"}, "f", "fold idle"),
				Fit:     bind([]string{"F"}, "F", "fit each lane"),
			},
			NextLane: nextLane, PrevLane: prevLane,
			Lane:     bind([]string{"1", "2", "3", "4", "5", "6"}, "1-6", "select lane"),
			Source:   source,
			Output:   bind([]string{"o"}, "o", "whole output/timeline"),
			Diff:     bind([]string{"d"}, "d", "diff sources"),
			Edit:     bind([]string{"e"}, "e", "edit parameters"),
			Variants: bind([]string{"v"}, "v", "choose variants"),
			Real:     bind([]string{"R"}, "R", "run for real"),
			Exercise: exercise, Back: back, Global: g,
			Predict: bind([]string{"P"}, "P", "predict totals"),
			Legend:  bind([]string{"L"}, "L", "legend"),
			Present: bind([]string{"c"}, "c", "presenter view"),
			Rows:    defaultRows(),
		},
		RowFilter: defaultRowFilter(g),
		Guess: Guess{
			Next:        bind([]string{"tab"}, "tab", "next guess"),
			Prev:        bind([]string{"shift+tab"}, "shift+tab", "previous guess"),
			Done:        bind([]string{"enter"}, "enter", "done"),
			Stop:        bind([]string{"esc"}, "esc", "stop typing"),
			Erase:       bind([]string{"backspace"}, "backspace", "erase"),
			PlayPause:   bind([]string{"space"}, "space", "play"),
			StepForward: bind([]string{"right"}, "→", "next event"),
			StepBack:    bind([]string{"left"}, "←", "previous event"),
			Global:      g,
		},
		Legend: Legend{Up: up, Down: down, PageUp: pageUp, PageDown: pageDown,
			Close: bind([]string{"esc", "L"}, "esc/L", "close"), Global: g},
		Form: Form{
			NextField: bind([]string{"tab", "down"}, "tab/↓", "next"),
			PrevField: bind([]string{"shift+tab", "up"}, "shift+tab/↑", "previous"),
			Run:       bind([]string{"enter"}, "enter", "run"),
			Reset:     bind([]string{"ctrl+r"}, "ctrl+r", "defaults"),
			Cancel:    cancel, Global: g,
		},
		Picker: Picker{Up: up, Down: down,
			First: bind([]string{"home", "g"}, "home/g", "first"), Last: bind([]string{"end", "G"}, "end/G", "last"),
			Toggle: bind([]string{"space", "x"}, "space", "toggle"),
			Apply:  bind([]string{"enter"}, "enter", "apply"),
			Cancel: cancel, Global: g,
		},
		Viewer: Viewer{Up: up, Down: down, PageUp: pageUp, PageDown: pageDown,
			Top: bind([]string{"home", "g"}, "home/g", "top"), Bottom: bind([]string{"end", "G"}, "end/G", "bottom"),
			Back: back, Global: g},
		Puzzle: Puzzle{
			Write:      bind([]string{"enter"}, "enter", "write prediction"),
			Check:      bind([]string{"ctrl+s"}, "ctrl+s", "run it and check"),
			Reveal:     bind([]string{"r"}, "r", "reveal the answer"),
			NextPuzzle: bind([]string{"tab"}, "tab", "next puzzle"),
			PrevPuzzle: bind([]string{"shift+tab"}, "shift+tab", "previous puzzle"),
			Up:         up, Down: down, Walk: puzzleWalk, Exercise: exercise, Back: back, Global: g,
		},
		PuzzleEdit: PuzzleEdit{
			Check:   bind([]string{"ctrl+s"}, "ctrl+s", "run it and check"),
			Stop:    bind([]string{"esc"}, "esc", "stop typing"),
			Newline: bind([]string{"enter"}, "enter", "new line"),
			Global:  g,
		},
		Exercise: exerciseKeys(clock, up, down, pageUp, pageDown, back, nextLane, g),
		Real: Real{
			Back:  bind([]string{"esc"}, "esc", "stop and back"),
			Again: bind([]string{"r"}, "r", "run again"),
			Next:  bind([]string{"tab"}, "tab", "next variant"),
			Prev:  prevLane,
			Up:    up, Down: down, Source: source, Global: g,
		},
		Meta: Meta{
			Freeze:  bind([]string{"b"}, "b", "sleep inside Update"),
			Command: bind([]string{"c"}, "c", "same work as a tea.Cmd"),
			Back:    back, Global: g,
		},
		Challenges: Challenges{Up: up, Down: down, Start: start, End: end,
			Open: bind([]string{"enter"}, "enter", "play"), Back: back, Global: g},
		Challenge: Challenge{
			Step: bind([]string{"1", "2", "3", "4"}, "1-4", "step"),
			// Shift+1 is "!" on a US keyboard (and how most terminals send
			// it); alt+1 is there for keyboards where it is not.
			Shared: bind([]string{"!", "@", "#", "$", "shift+1", "shift+2", "shift+3", "shift+4", "alt+1", "alt+2", "alt+3", "alt+4"},
				"shift+1-4", "next shared access"),
			Undo:    bind([]string{"u", "backspace"}, "u", "undo"),
			Restart: bind([]string{"r"}, "r", "restart"),
			Safe:    bind([]string{"s"}, "s", "say it's safe"),
			Next:    bind([]string{"n"}, "n", "next level"),
			Prev:    bind([]string{"p"}, "p", "previous level"),
			Up:      up, Down: down, Back: bind([]string{"esc"}, "esc", "levels"), Global: g,
		},
		ChallengeCase: ChallengeCase{
			Case:   bind([]string{"1", "2", "3", "4"}, "1-4", "take case N"),
			Cancel: cancel, Global: g,
		},
		Classroom: Classroom{
			Follow:    bind([]string{"ctrl+f"}, "ctrl+f", "follow the teacher/step away"),
			Dashboard: bind([]string{"D"}, "D", "dashboard"),
		},
		Dashboard: Dashboard{Up: up, Down: down, PageUp: pageUp, PageDown: pageDown,
			Top: bind([]string{"home", "g"}, "home/g", "top"), Bottom: bind([]string{"end", "G"}, "end/G", "bottom"),
			Close: bind([]string{"esc", "D"}, "esc/D", "close"), Global: g},
	}
}
