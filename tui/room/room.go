// Package room is a classroom as one TUI session sees it: the seat it
// holds (Seat, implemented by internal/classroom), where a session is
// (Place) and what the teacher's session leads (Lead), the messages that
// bring the room's news into a session's tea.Program (WaitCmd), the line
// that says whether a student follows the teacher, and the teacher's
// dashboard screen (dashboard.go).
//
// The package knows nothing of SSH nor of files: the root model (package
// tui, WithSeat) reports its place to the seat and follows the lead; the
// room (internal/classroom) keeps the places and hands the lead on.
package room

import (
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/labs"
)

// Lead is where the teacher's session is, for the students' sessions to
// follow: the lab (empty: the home screen), its lanes, parameters and
// walkthrough step, and its clock.
type Lead struct {
	// Lab is the lab on the teacher's screen; "" for the home screen.
	Lab string
	// Setup is the lanes (or, in a puzzle lab, the puzzle), the parameters
	// that differ from the defaults, and the walkthrough step (from 1).
	Setup labs.Setup
	// At is the clock's cursor (playback.Before before the start) and Sub
	// how many of the events at that time are shown (playback.All, or 1..
	// while stepping); Playing says it plays, at Speed (an index of
	// playback.Speeds).
	At      time.Duration
	Sub     int
	Playing bool
	Speed   int
	// Sent is when the teacher's session sent it (a playing clock has
	// moved on since, by Speed per second).
	Sent time.Time
}

// Same reports whether l and o show the same thing: the same lab, lanes,
// parameters, step and clock (Sent aside; a playing clock's cursor aside,
// since it moves on its own).
func (l Lead) Same(o Lead) bool {
	if l.Lab != o.Lab || l.Setup.Step != o.Setup.Step || !slices.Equal(l.Setup.Variants, o.Setup.Variants) ||
		!sameSet(l.Setup.Set, o.Setup.Set) || l.Playing != o.Playing || l.Speed != o.Speed {
		return false
	}
	return l.Playing || l.At == o.At && l.Sub == o.Sub
}

func sameSet(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Place is where a session is and what its learner has done: what the
// room keeps per seat, the dashboard shows and room.json holds.
type Place struct {
	// Lab is the lab on screen ("" on the home screen), with its lanes (or
	// puzzle), parameters that differ from the defaults, and walkthrough
	// step (from 1).
	Lab      string
	Variants []string
	Set      map[string]string
	Step     int
	// Following says a student's screen follows the teacher's.
	Following bool
	// Guesses are the learner's guesses for the prediction prompt of the
	// lanes on screen (the lab, lanes and parameters above), as typed.
	Guesses []labs.Guess
	// Exercises, Puzzles and Challenges count what the learner solved, of
	// how many (from their progress).
	Exercises, Puzzles, Challenges Count
}

// Count is how many of a kind the learner solved, of how many.
type Count struct{ Solved, Total int }

// Equal reports whether p and o are the same place.
func (p Place) Equal(o Place) bool {
	return p.Lab == o.Lab && slices.Equal(p.Variants, o.Variants) && sameSet(p.Set, o.Set) && p.Step == o.Step &&
		p.Following == o.Following && slices.Equal(p.Guesses, o.Guesses) &&
		p.Exercises == o.Exercises && p.Puzzles == o.Puzzles && p.Challenges == o.Challenges
}

// Prompt reports whether p shows the prediction prompt of lead: the same
// lab, lanes and parameters.
func (p Place) Prompt(lead Lead) bool {
	return p.Lab != "" && p.Lab == lead.Lab && slices.Equal(p.Variants, lead.Setup.Variants) && sameSet(p.Set, lead.Setup.Set)
}

// Member is one seat of the room: who, and where they are.
type Member struct {
	Name    string
	Teacher bool
	Place   Place
	// Joined is when the seat was taken.
	Joined time.Time
}

// Seat is a session's seat in a room. Its methods are safe for concurrent
// use: the session's tea.Program calls them from its commands and its
// Update.
type Seat interface {
	// Name is the learner's name; Teacher says the seat is the teacher's.
	Name() string
	Teacher() bool
	// Report tells the room where the session is now. It does not block
	// on anything slow (the room saves later).
	Report(Place)
	// Lead hands the teacher's place on to the students (a student's Lead
	// is ignored).
	Lead(Lead)
	// Wait blocks until there is news for this seat and returns it as a
	// message: LeadMsg (a new lead, or none), ChangedMsg (a member moved:
	// the teacher's dashboard reads Members again) or EndedMsg (the class
	// ended). It returns nil once the seat was left.
	Wait() tea.Msg
	// Members are the seats of the room, the teacher's first, then by name.
	Members() []Member
}

// LeadMsg brings the teacher's lead to a session; OK is false when no
// teacher leads (none is connected).
type LeadMsg struct {
	Lead Lead
	OK   bool
}

// ChangedMsg says a member of the room joined, left or moved.
type ChangedMsg struct{}

// EndedMsg says the class ended: the session closes.
type EndedMsg struct{}

// WaitCmd waits for the seat's next news (Seat.Wait) in a command; the
// root runs it again after each answer, so one is always waiting.
func WaitCmd(s Seat) tea.Cmd {
	return func() tea.Msg { return s.Wait() }
}
