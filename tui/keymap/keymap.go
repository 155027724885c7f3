// Package keymap holds every key binding of conclab's TUI in one KeyMap, made
// by DefaultKeyMap. Screens match keys with key.Matches against it, and the
// help bar is generated from the same bindings, so what the bar says is what
// the keys do.
package keymap

import (
	"charm.land/bubbles/v2/key"

	"conclab/tui/components/playback"
)

// KeyMap is every key binding of the TUI, grouped by where it applies.
type KeyMap struct {
	// Everywhere.
	Quit, ForceQuit, Help, Back key.Binding

	// Lists (home, variant picker) and scrolling.
	Up, Down, PageUp, PageDown, Open, Filter key.Binding

	// Playback on the lab screen.
	PlayPause, StepForward, StepBack, NextOutput, PrevOutput, Faster, Slower, Start, End, Rerun key.Binding

	// Walkthrough on the lab screen.
	NextStep, PrevStep, Walkthrough key.Binding

	// Lanes on the lab screen.
	NextLane, PrevLane, Lane, Source, Output, Diff, Edit, Variants, Zoom key.Binding

	// Forms and pickers.
	Submit, Cancel, NextField, PrevField, Toggle, Reset key.Binding

	// Puzzles: check a prediction.
	Check key.Binding

	// Real runs (R on a lab screen with real variants) and the meta demo.
	Real, Freeze, Command key.Binding

	// The exercise screen (x on a lab, or on home, opens the lab's exercise).
	Exercise, RunChecks, EditFile, Watch, Hint, Solution, NextTest key.Binding
}

// DefaultKeyMap returns conclab's key bindings.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:      b([]string{"?"}, "?", "help"),
		Back:      b([]string{"esc"}, "esc", "back"),

		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup"}, "pgup", "scroll text up"),
		PageDown: b([]string{"pgdown"}, "pgdn", "scroll text down"),
		Open:     b([]string{"enter"}, "enter", "open"),
		Filter:   b([]string{"/"}, "/", "filter"),

		PlayPause:   b([]string{"space"}, "space", "play/pause"),
		StepForward: b([]string{"right", "l"}, "→/l", "next event"),
		StepBack:    b([]string{"left", "h"}, "←/h", "previous event"),
		NextOutput:  b([]string{"shift+right", ">"}, "shift+→/>", "next output line"),
		PrevOutput:  b([]string{"shift+left", "<"}, "shift+←/<", "previous output line"),
		Faster:      b([]string{"+", "="}, "+", "faster"),
		Slower:      b([]string{"-", "_"}, "-", "slower"),
		Start:       b([]string{"home", "g"}, "home/g", "go to start"),
		End:         b([]string{"end", "G"}, "end/G", "go to end"),
		Rerun:       b([]string{"r"}, "r", "rerun"),

		NextStep:    b([]string{"n"}, "n", "next step"),
		PrevStep:    b([]string{"p"}, "p", "previous step"),
		Walkthrough: b([]string{"w"}, "w", "show/hide walkthrough"),

		NextLane: b([]string{"tab"}, "tab", "next lane"),
		PrevLane: b([]string{"shift+tab"}, "shift+tab", "previous lane"),
		Lane:     b([]string{"1", "2", "3", "4", "5", "6"}, "1-6", "select lane"),
		Source:   b([]string{"s"}, "s", "source/timeline"),
		Output:   b([]string{"o"}, "o", "whole output/timeline"),
		Diff:     b([]string{"d"}, "d", "diff sources"),
		Edit:     b([]string{"e"}, "e", "edit parameters"),
		Variants: b([]string{"v"}, "v", "choose variants"),
		Zoom:     b([]string{"z"}, "z", "zoom time axis"),

		Submit:    b([]string{"enter"}, "enter", "apply"),
		Cancel:    b([]string{"esc"}, "esc", "cancel"),
		NextField: b([]string{"tab", "down"}, "tab/↓", "next"),
		PrevField: b([]string{"shift+tab", "up"}, "shift+tab/↑", "previous"),
		Toggle:    b([]string{"space", "x"}, "space", "toggle"),
		Reset:     b([]string{"ctrl+r"}, "ctrl+r", "defaults"),

		Check: b([]string{"ctrl+s"}, "ctrl+s", "run it and check"),

		Real:    b([]string{"R"}, "R", "run for real"),
		Freeze:  b([]string{"b"}, "b", "sleep inside Update"),
		Command: b([]string{"c"}, "c", "same work as a tea.Cmd"),

		Exercise:  b([]string{"x"}, "x", "exercise"),
		RunChecks: b([]string{"c", "enter"}, "c/enter", "run the checks"),
		EditFile:  b([]string{"e"}, "e", "edit in $EDITOR"),
		Watch:     b([]string{"w"}, "w", "watch: check on save"),
		Hint:      b([]string{"h"}, "h", "next hint"),
		Solution:  b([]string{"s"}, "s", "solution (once solved)"),
		NextTest:  b([]string{"t"}, "t", "next test's lanes"),
	}
}

// Bindings is a help.KeyMap: the bindings a help bar shows, short and full.
type Bindings struct {
	Short []key.Binding
	Full  [][]key.Binding
}

// ShortHelp returns the bindings of the one-line help bar.
func (b Bindings) ShortHelp() []key.Binding { return b.Short }

// FullHelp returns the bindings of the full help, in columns.
func (b Bindings) FullHelp() [][]key.Binding { return b.Full }

// HomeHelp is the help of the home screen (the list of labs).
func (k KeyMap) HomeHelp() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.Open, k.Exercise, k.Filter, k.Help, k.Quit},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Start, k.End, k.Open, k.Exercise}, {k.Filter, k.Back}, {k.Help, k.Quit, k.ForceQuit}},
	}
}

// FilterHelp is the help of the home screen while the filter is typed.
func (k KeyMap) FilterHelp() Bindings {
	apply := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open first match"))
	clearFilter := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter"))
	return Bindings{Short: []key.Binding{apply, clearFilter, k.ForceQuit}, Full: [][]key.Binding{{apply, clearFilter, k.ForceQuit}}}
}

// LabHelp is the help of the lab screen.
func (k KeyMap) LabHelp() Bindings {
	return Bindings{
		Short: []key.Binding{k.PlayPause, k.StepForward, k.StepBack, k.NextStep, k.Exercise, k.Edit, k.Variants, k.Source, k.Faster, k.Slower, k.Help},
		Full: [][]key.Binding{
			{k.PlayPause, k.StepForward, k.StepBack, k.NextOutput, k.PrevOutput, k.Faster, k.Slower, k.Start, k.End},
			{k.NextStep, k.PrevStep, k.Walkthrough, k.PageUp, k.PageDown, k.Up, k.Down, k.Zoom},
			{k.NextLane, k.Lane, k.Source, k.Output, k.Diff, k.Edit, k.Variants, k.Rerun},
			{k.Exercise, k.Back, k.Help, k.Quit},
		},
	}
}

// ExerciseHelp is the help of the exercise screen, where h is the next
// hint: ← alone steps back.
func (k KeyMap) ExerciseHelp() Bindings {
	back := k.StepBack
	back.SetKeys("left")
	back.SetHelp("←", "previous event")
	other := k.NextLane
	other.SetHelp("tab", "solution/naive lane (under 100 columns)")
	return Bindings{
		Short: []key.Binding{k.RunChecks, k.EditFile, k.Watch, k.Hint, k.Solution, k.PlayPause, k.Back, k.Help},
		Full: [][]key.Binding{
			{k.RunChecks, k.EditFile, k.Watch, k.Hint, k.Solution, k.NextTest, other},
			{k.PlayPause, k.StepForward, back, k.NextOutput, k.PrevOutput, k.Faster, k.Slower, k.Start, k.End},
			{k.Up, k.Down, k.PageUp, k.PageDown},
			{k.Back, k.Help, k.Quit},
		},
	}
}

// FormHelp is the help of the parameter form.
func (k KeyMap) FormHelp() Bindings {
	run := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run"))
	return Bindings{
		Short: []key.Binding{k.NextField, k.PrevField, run, k.Reset, k.Cancel},
		Full:  [][]key.Binding{{k.NextField, k.PrevField}, {run, k.Reset, k.Cancel, k.ForceQuit}},
	}
}

// PickerHelp is the help of the variant picker.
func (k KeyMap) PickerHelp() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.Toggle, k.Submit, k.Cancel},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Toggle}, {k.Submit, k.Cancel, k.ForceQuit}},
	}
}

// ViewerHelp is the help of a scrolling text view (a diff).
func (k KeyMap) ViewerHelp() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Back, k.Help, k.Quit}},
	}
}

// PuzzleHelp is the help of a predict-then-run lab (the coroutine puzzles).
func (k KeyMap) PuzzleHelp() Bindings {
	write := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write prediction"))
	next := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next puzzle"))
	prev := key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous puzzle"))
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll source"))
	return Bindings{
		Short: []key.Binding{write, k.Check, next, k.NextStep, k.Exercise, k.Help},
		Full: [][]key.Binding{
			{write, k.Check, next, prev},
			{k.NextStep, k.PrevStep, k.Walkthrough, scroll, k.PageUp, k.PageDown},
			{k.Exercise, k.Back, k.Help, k.Quit},
		},
	}
}

// PuzzleEditHelp is the help while a prediction is typed.
func (k KeyMap) PuzzleEditHelp() Bindings {
	stop := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop typing"))
	newline := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line"))
	return Bindings{
		Short: []key.Binding{k.Check, newline, stop, k.ForceQuit},
		Full:  [][]key.Binding{{k.Check, newline, stop}, {k.ForceQuit}},
	}
}

// Clock is the subset of k that moves a playback clock.
func (k KeyMap) Clock() playback.Keys {
	return playback.Keys{PlayPause: k.PlayPause, StepForward: k.StepForward, StepBack: k.StepBack,
		NextOutput: k.NextOutput, PrevOutput: k.PrevOutput, Faster: k.Faster, Slower: k.Slower, Start: k.Start, End: k.End}
}
