package keymap

import (
	"charm.land/bubbles/v2/key"

	"conclab/tui/components/playback"
)

// Home is the key map of the home screen (the list of labs).
type Home struct {
	Up, Down, Start, End, PageUp, PageDown key.Binding
	// Open opens the lab under the cursor; Exercise its exercise.
	Open, Exercise key.Binding
	// Filter starts typing a filter; Clear clears the filter left on.
	Filter, Clear key.Binding
	Global
}

// Bindings are the home screen's help.
func (k Home) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.Open, k.Exercise, k.Filter, k.Help, k.Quit},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Start, k.End, k.Open, k.Exercise}, {k.Filter, k.Clear}, {k.Help, k.Quit, k.ForceQuit}},
	}
}

// Filter is the key map of the home screen while its filter is typed (the
// other keys type).
type Filter struct {
	// Apply opens the first match; Clear clears the filter and stops typing.
	Apply, Clear, Up, Down key.Binding
	Global
}

// Bindings are the help while the filter is typed.
func (k Filter) Bindings() Bindings {
	return Bindings{Short: []key.Binding{k.Apply, k.Clear, k.ForceQuit}, Full: [][]key.Binding{{k.Apply, k.Clear, k.ForceQuit}}}
}

// Walk are the keys of a lab's walkthrough; Apply sets up what the
// step's command runs.
type Walk struct {
	NextStep, PrevStep, Walkthrough, PageUp, PageDown, Apply key.Binding
}

// Lab is the key map of the lab screen: ←/h is the previous event.
type Lab struct {
	// Clock plays the lanes: play/pause, steps, output lines, speed, start/end.
	Clock playback.Keys
	Walk
	Rerun, Up, Down key.Binding
	// Axis zooms and folds the lanes' time axis.
	Axis
	// The lanes: select one, toggle its source or its whole output, diff two.
	NextLane, PrevLane, Lane, Source, Output, Diff key.Binding
	// Edit opens the parameter form, Variants the picker, Real the real
	// runs, Exercise the lab's exercise.
	Edit, Variants, Real, Exercise, Back key.Binding
	// Predict types guesses of the totals before playing; Legend opens
	// what each glyph and row means.
	Predict, Legend key.Binding
	// Present turns the presenter view on and off (one or two lanes full
	// width, thick glyphs, no help bar: see PresenterBindings).
	Present key.Binding
	// Rows filter, highlight and sort the task rows, and show a span's details.
	Rows Rows
	Global
}

// Bindings are the lab screen's help; withReal says the lab has real runs
// (R comes second in the one-line bar, so that it shows at 80 columns).
func (k Lab) Bindings(withReal bool) Bindings {
	c := k.Clock
	short := []key.Binding{c.PlayPause, c.StepForward, c.StepBack, k.Exercise, k.NextStep, k.Predict, k.Apply, k.Edit, k.Variants, k.Source, k.Legend, c.Faster, c.Slower, k.Help}
	lanes := []key.Binding{k.NextLane, k.Lane, k.Source, k.Output, k.Diff, k.Edit, k.Variants, k.Rerun}
	if withReal {
		short = append([]key.Binding{short[0], k.Real}, short[1:]...)
		lanes = append(lanes, k.Real)
	}
	return Bindings{
		Short: short,
		Full: [][]key.Binding{
			{c.PlayPause, c.StepForward, c.StepBack, c.NextOutput, c.PrevOutput, c.Faster, c.Slower, c.Start, c.End},
			{k.NextStep, k.PrevStep, k.Apply, k.Walkthrough, k.PageUp, k.PageDown, k.Up, k.Down, // one column with the axis's keys: the full help fits 80x24
				k.Mark, k.Zoom, k.ZoomOut, k.ZoomAll, k.Fold, k.Fit},
			lanes,
			{k.Rows.Filter, k.Rows.Highlight, k.Rows.Sort, k.Rows.Detail, k.Rows.Jump},
			{k.Predict, k.Legend, k.Present, k.Exercise, k.Back, k.Help, k.Quit},
		},
	}
}

// PresenterBindings are the lab screen's help in the presenter view: the
// one discreet line "c exit presenter · w walkthrough" (the view hides
// the usual bar), and every key of the lab in the full help (?).
func (k Lab) PresenterBindings(withReal bool) Bindings {
	exit, walk := k.Present, k.Walkthrough
	exit.SetHelp("c", "exit presenter")
	walk.SetHelp("w", "walkthrough")
	b := k.Bindings(withReal)
	b.Short = []key.Binding{exit, walk}
	return b
}

// Axis are the keys of the lanes' time axis: mark a range and zoom to it
// (a mouse drag over the lanes does the same), zoom around the cursor,
// zoom out a step or to the whole run, fold idle time, fit each lane to
// its own total.
type Axis struct {
	Mark, Zoom, ZoomOut, ZoomAll, Fold, Fit key.Binding
}

// Guess is the key map while guesses are typed (the other keys type):
// the clock's space and arrows still play and step.
type Guess struct {
	Next, Prev, Done, Stop, Erase    key.Binding
	PlayPause, StepForward, StepBack key.Binding
	Global
}

// Bindings are the help while guesses are typed.
func (k Guess) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Next, k.Done, k.PlayPause, k.StepForward, k.Stop},
		Full:  [][]key.Binding{{k.Next, k.Prev, k.Erase, k.Done, k.Stop}, {k.PlayPause, k.StepForward, k.StepBack}, {k.ForceQuit}},
		Lanes: true,
	}
}

// Legend is the key map of the legend and glossary.
type Legend struct {
	Up, Down, PageUp, PageDown, Close key.Binding
	Global
}

// Bindings are the legend's help.
func (k Legend) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.Close, k.Help},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Close, k.Help, k.Quit}},
	}
}

// Form is the key map of the parameter form (the other keys type).
type Form struct {
	NextField, PrevField, Run, Reset, Cancel key.Binding
	Global
}

// Bindings are the parameter form's help.
func (k Form) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.NextField, k.PrevField, k.Run, k.Reset, k.Cancel},
		Full:  [][]key.Binding{{k.NextField, k.PrevField}, {k.Run, k.Reset, k.Cancel, k.ForceQuit}},
	}
}

// Picker is the key map of the variant picker.
type Picker struct {
	Up, Down, First, Last, Toggle, Apply, Cancel key.Binding
	Global
}

// Bindings are the variant picker's help.
func (k Picker) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.Toggle, k.Apply, k.Cancel},
		Full:  [][]key.Binding{{k.Up, k.Down, k.First, k.Last, k.Toggle}, {k.Apply, k.Cancel, k.ForceQuit}},
	}
}

// Viewer is the key map of a scrolling text (a diff, a solution).
type Viewer struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Back key.Binding
	Global
}

// Bindings are a scrolling text's help.
func (k Viewer) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Back, k.Help, k.Quit}},
	}
}

// Puzzle is the key map of a predict-then-run lab (the coroutine puzzles).
type Puzzle struct {
	// Reveal shows the answer before two wrong tries.
	Write, Check, Reveal, NextPuzzle, PrevPuzzle key.Binding
	// Up and Down scroll the source.
	Up, Down key.Binding
	Walk
	Exercise, Back key.Binding
	Global
}

// Bindings are a puzzle lab's help.
func (k Puzzle) Bindings() Bindings {
	scroll := also("↑/↓", "scroll source", k.Up, k.Down)
	return Bindings{
		Short: []key.Binding{k.Write, k.Check, k.NextPuzzle, k.NextStep, k.Exercise, k.Help},
		Full: [][]key.Binding{
			{k.Write, k.Check, k.Reveal, k.NextPuzzle, k.PrevPuzzle},
			{k.NextStep, k.PrevStep, k.Apply, k.Walkthrough, scroll, k.PageUp, k.PageDown},
			{k.Exercise, k.Back, k.Help, k.Quit},
		},
	}
}

// PuzzleEdit is the key map while a prediction is typed (the other keys
// type; Newline is the text area's own enter, listed for the help).
type PuzzleEdit struct {
	Check, Stop, Newline key.Binding
	Global
}

// Bindings are the help while a prediction is typed.
func (k PuzzleEdit) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Check, k.Newline, k.Stop, k.ForceQuit},
		Full:  [][]key.Binding{{k.Check, k.Newline, k.Stop}, {k.ForceQuit}},
	}
}

// Exercise is the key map of the exercise screen: h is the next hint, so
// ← alone is the previous event.
type Exercise struct {
	RunChecks, EditFile, Watch, Hint, Solution, NextTest key.Binding
	// OtherLane swaps the lane beside yours (solution or naive) when only
	// two fit; NextExercise opens the lab's next exercise, when it has more.
	OtherLane, NextExercise          key.Binding
	Clock                            playback.Keys
	Up, Down, PageUp, PageDown, Back key.Binding
	Global
}

func exerciseKeys(clock playback.Keys, up, down, pageUp, pageDown, back, nextLane key.Binding, g Global) Exercise {
	clock.StepBack = bind([]string{"left"}, "←", "previous event")
	other := nextLane
	other.SetHelp("tab", "solution/naive lane (under 100 columns)")
	return Exercise{
		RunChecks:    bind([]string{"c", "enter"}, "c/enter", "run the checks"),
		EditFile:     bind([]string{"e"}, "e", "edit in $EDITOR"),
		Watch:        bind([]string{"w"}, "w", "watch: check on save"),
		Hint:         bind([]string{"h"}, "h", "next hint"),
		Solution:     bind([]string{"s"}, "s", "solution (once solved)"),
		NextTest:     bind([]string{"t"}, "t", "next test's lanes"),
		OtherLane:    other,
		NextExercise: bind([]string{"n"}, "n", "next exercise"),
		Clock:        clock,
		Up:           up, Down: down, PageUp: pageUp, PageDown: pageDown, Back: back,
		Global: g,
	}
}

// Bindings are the exercise screen's help; more says the lab has more
// than one exercise (n opens the next).
func (k Exercise) Bindings(more bool) Bindings {
	c := k.Clock
	checks := []key.Binding{k.RunChecks, k.EditFile, k.Watch, k.Hint, k.Solution, k.NextTest, k.OtherLane}
	if more {
		checks = append(checks, k.NextExercise)
	}
	return Bindings{
		Short: []key.Binding{k.RunChecks, k.EditFile, k.Watch, k.Hint, k.Solution, c.PlayPause, k.Back, k.Help},
		Full: [][]key.Binding{
			checks,
			{c.PlayPause, c.StepForward, c.StepBack, c.NextOutput, c.PrevOutput, c.Faster, c.Slower, c.Start, c.End},
			{k.Up, k.Down, k.PageUp, k.PageDown},
			{k.Back, k.Help, k.Quit},
		},
	}
}

// Real is the key map of the real-run screen.
type Real struct {
	// Back stops the runs and goes back; Again runs them again.
	Back, Again, Next, Prev key.Binding
	// Up and Down scroll the selected variant's tasks.
	Up, Down, Source key.Binding
	Global
}

// Bindings are the real-run screen's help.
func (k Real) Bindings() Bindings {
	scroll := also("↑/↓", "scroll tasks", k.Up, k.Down)
	return Bindings{
		Short: []key.Binding{k.Back, k.Again, k.Next, scroll, k.Source, k.Help},
		Full:  [][]key.Binding{{k.Again, k.Back}, {k.Next, k.Prev, scroll, k.Source}, {k.Help, k.Quit}},
	}
}

// Meta is the key map of the meta demo (conclab's own event loop).
type Meta struct {
	Freeze, Command, Back key.Binding
	Global
}

// Bindings are the meta demo's help.
func (k Meta) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Freeze, k.Command, k.Back, k.Help},
		Full:  [][]key.Binding{{k.Freeze, k.Command}, {k.Back, k.Help, k.Quit}},
	}
}

// Challenges is the key map of the list of challenge levels.
type Challenges struct {
	Up, Down, Start, End, Open, Back key.Binding
	Global
}

// Bindings are the level list's help.
func (k Challenges) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.Open, k.Back, k.Help, k.Quit},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Start, k.End, k.Open}, {k.Back, k.Help, k.Quit, k.ForceQuit}},
	}
}

// Challenge is the key map of a challenge level being played: you are the
// scheduler.
type Challenge struct {
	// Step runs one step of goroutine N (1-4); Shared runs it until it has
	// touched shared state (a shared variable, a channel, a lock...).
	Step, Shared  key.Binding
	Undo, Restart key.Binding
	// Safe says that no schedule breaks the program (the explorer checks).
	Safe key.Binding
	// Next and Prev open the next and the previous level.
	Next, Prev key.Binding
	// Up and Down scroll the source.
	Up, Down, Back key.Binding
	Global
}

// Bindings are a level's help.
func (k Challenge) Bindings() Bindings {
	scroll := also("↑/↓", "scroll source", k.Up, k.Down)
	return Bindings{
		Short: []key.Binding{k.Step, k.Shared, k.Safe, k.Undo, k.Restart, k.Back, k.Help},
		Full: [][]key.Binding{
			{k.Step, k.Shared, k.Undo, k.Restart},
			{k.Safe, k.Next, k.Prev, scroll},
			{k.Back, k.Help, k.Quit},
		},
	}
}

// ChallengeCase is the key map while the case of a select with several
// ready cases is chosen.
type ChallengeCase struct {
	Case, Cancel key.Binding
	Global
}

// Bindings are the help while a case is chosen.
func (k ChallengeCase) Bindings() Bindings {
	return Bindings{Short: []key.Binding{k.Case, k.Cancel, k.Help}, Full: [][]key.Binding{{k.Case, k.Cancel}, {k.Help, k.Quit}}}
}
