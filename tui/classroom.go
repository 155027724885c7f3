package tui

import (
	"math"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"conclab/labs"
	"conclab/tui/components/playback"
	"conclab/tui/home"
	"conclab/tui/lab"
	"conclab/tui/room"
	"conclab/tui/screen"
)

// A session in a classroom (WithSeat): the root reports where it is to its
// seat after every message that may move it; the teacher's session leads
// (its place is handed to the students' sessions) and opens the dashboard
// with D; a student's session follows the lead until ctrl+f steps away
// (and ctrl+f again comes back). While it follows, a key that would move
// its screen away from the teacher's is refused, and the line above the
// help bar says why.

// seated is the root's classroom state; the zero value is a session
// outside any classroom.
type seated struct {
	seat      room.Seat
	teacher   bool
	following bool
	lead      room.Lead // the last lead received (a student) or sent (the teacher)
	leadOK    bool
	place     room.Place // the last place reported
	reported  bool
	counts    [3]room.Count // exercises, puzzles, challenges (from the progress)
	refused   bool          // a key was refused while following
	now       func() time.Time
}

// WithSeat makes the session one of a classroom's, on seat: see above.
// A student's session starts following the teacher, unless the seat says
// it starts on its own (a Following method, as classroom.Seat's: the
// student had stepped away when their last session ended).
func WithSeat(s room.Seat) Option {
	return func(m *Model, _ *[]*labs.Lab) {
		following := !s.Teacher()
		if f, ok := s.(interface{ Following() bool }); ok && following {
			following = f.Following()
		}
		m.room = seated{seat: s, teacher: s.Teacher(), following: following, now: time.Now}
	}
}

// seatInit waits for the room's news and reports the first place.
func (m *Model) seatInit() tea.Cmd {
	if m.room.seat == nil {
		return nil
	}
	m.report()
	return room.WaitCmd(m.room.seat)
}

// seatedUpdate is update for a session in a classroom (update itself
// outside one).
func (m Model) seatedUpdate(msg tea.Msg) (Model, tea.Cmd) {
	r := &m.room
	if r.seat == nil {
		return m.update(msg)
	}
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case room.EndedMsg:
		return m, tea.Quit
	case room.LeadMsg:
		r.lead, r.leadOK = msg.Lead, msg.OK
		m, cmd = m.follow()
		m.report()
		return m, tea.Batch(cmd, room.WaitCmd(r.seat))
	case room.ChangedMsg:
		m, cmd = m.toAll(msg)
		return m, tea.Batch(cmd, room.WaitCmd(r.seat))
	case tea.KeyPressMsg:
		k := m.c.Keys.Classroom
		switch {
		case !r.teacher && key.Matches(msg, k.Follow):
			r.following, r.refused = !r.following, false
			if r.following {
				m, cmd = m.follow()
			}
			m.report()
			return m, tea.Batch(cmd, m.resize(false))
		case r.teacher && key.Matches(msg, k.Dashboard) && !m.top().s.Typing() && m.onLabOrHome():
			return m, m.push(m.dashboard())
		}
	}
	before, beforeTop := m.where()
	next, cmd := m.update(msg)
	if _, isKey := msg.(tea.KeyPressMsg); isKey && !r.teacher && r.following && r.leadOK {
		if after, top := next.where(); top != beforeTop || !after.Same(before) {
			m.room.refused = true // the old model: the key is refused
			return m, m.resize(false)
		}
		next.room.refused = false
	}
	m = next
	if _, run := msg.(lab.RunMsg); run && m.room.following && m.room.leadOK && !m.room.teacher {
		var more tea.Cmd
		m, more = m.follow()
		cmd = tea.Batch(cmd, more)
	}
	if p, ok := msg.(home.ProgressMsg); ok && p.Err == nil {
		pz := room.Count{}
		for _, x := range p.Puzzles {
			pz.Solved += x.Solved
			pz.Total += x.Total
		}
		m.room.counts = [3]room.Count{{Solved: p.Solved, Total: p.Total}, pz, {Solved: p.Challenges.Solved, Total: p.Challenges.Total}}
	}
	if _, tick := msg.(playback.TickMsg); !tick || m.room.teacher {
		m.report()
	}
	return m, cmd
}

// onLabOrHome reports whether the screen on top is a lab screen or home.
func (m Model) onLabOrHome() bool {
	s := m.top().s
	if _, ok := screen.As[lab.Model](s); ok {
		return true
	}
	_, ok := screen.As[home.Model](s)
	return ok
}

// where is the place the session leads from or follows to: the lab
// screen on top (or, under the screens over it, for the teacher's lead),
// or the home screen; top is the id of the screen on top.
func (m Model) where() (room.Lead, int) {
	top := m.top().id
	for i := len(m.stack) - 1; i >= 0; i-- {
		if lm, ok := screen.As[lab.Model](m.stack[i].s); ok {
			s := lm.State()
			c := lm.ClockAt()
			return room.Lead{Lab: lm.Lab().Name, Setup: labs.Setup{Variants: s.Variants, Set: s.Set, Step: s.Step},
				At: c.At, Sub: c.Sub, Playing: c.Playing, Speed: c.Speed}, top
		}
	}
	return room.Lead{At: playback.Before, Sub: playback.All}, top
}

// report tells the seat where the session is, when that changed, and for
// the teacher hands the lead on when it changed.
func (m *Model) report() {
	r := &m.room
	lead, _ := m.where()
	if r.teacher && (!r.leadOK || !lead.Same(r.lead)) {
		lead.Sent = r.now()
		r.lead, r.leadOK = lead, true
		r.seat.Lead(lead)
	}
	p := room.Place{Lab: lead.Lab, Variants: lead.Setup.Variants, Set: lead.Setup.Set, Step: lead.Setup.Step,
		Following: r.following, Exercises: r.counts[0], Puzzles: r.counts[1], Challenges: r.counts[2]}
	for i := len(m.stack) - 1; i >= 0; i-- {
		if lm, ok := screen.As[lab.Model](m.stack[i].s); ok {
			p.Guesses = lm.Guesses()
			break
		}
	}
	if !r.reported || !p.Equal(r.place) {
		r.place, r.reported = p, true
		r.seat.Report(p)
	}
}

// follow brings a following student's screen to the teacher's lead: the
// home screen, or the lead's lab screen (opened prepared when it is not on
// top) with its lanes, step and clock. The clock of a playing lead has
// moved on since it was sent, at its speed.
func (m Model) follow() (Model, tea.Cmd) {
	r := m.room
	if r.teacher || !r.following || !r.leadOK {
		return m, nil
	}
	lead := r.lead
	var cmds []tea.Cmd
	if lead.Lab == "" {
		for len(m.stack) > 1 {
			cmds = append(cmds, m.pop())
		}
		return m, tea.Batch(cmds...)
	}
	l, err := labs.Get(lead.Lab)
	if err != nil {
		return m, nil
	}
	lm, ok := screen.As[lab.Model](m.top().s)
	if !ok || lm.Lab().Name != lead.Lab {
		for len(m.stack) > 1 {
			cmds = append(cmds, m.pop())
		}
		cmds = append(cmds, m.push(m.openPrepared(l, lead.Setup)))
		lm, _ = screen.As[lab.Model](m.top().s)
	}
	at := lead.At
	if elapsed := r.now().Sub(lead.Sent); lead.Playing && !lead.Sent.IsZero() && elapsed > 0 && lead.Speed >= 0 && lead.Speed < len(playback.Speeds) {
		// Whole frames of the teacher's clock, as playback.Model.Update
		// steps it: the student's cursor lands where the teacher's does.
		frame := m.c.Frame
		if frame <= 0 {
			frame = screen.DefaultFrame
		}
		step := time.Duration(float64(playback.Speeds[lead.Speed].PerSecond) * frame.Seconds())
		at = max(at, 0) + time.Duration(math.Round(float64(elapsed)/float64(frame)))*step
	}
	lm, cmd := lm.Follow(lead.Setup, lab.ClockAt{At: at, Sub: lead.Sub, Playing: lead.Playing, Speed: lead.Speed})
	m.stack = slices.Clone(m.stack)
	m.stack[len(m.stack)-1].s = screen.Of(lm)
	return m, tea.Batch(append(cmds, cmd)...)
}

// dashboard is the teacher's dashboard, judging the room's guesses
// against the runs of the lanes of the teacher's lab screen.
func (m Model) dashboard() screen.Screen {
	lead, _ := m.where()
	var l *labs.Lab
	results := map[string]labs.Result{}
	for i := len(m.stack) - 1; i >= 0; i-- {
		if lm, ok := screen.As[lab.Model](m.stack[i].s); ok {
			l = lm.Lab()
			for _, p := range lm.Panes() {
				if res, err, ok := p.Result(); ok && err == nil {
					results[p.Name()] = res
				}
			}
			break
		}
	}
	return screen.Of(room.NewDashboard(m.sized(), m.room.seat, lead, l, results))
}

// roomLine is the line above the help bar of a session in a classroom:
// whether a student follows the teacher and the key that changes it, or
// the teacher's key to the dashboard. "" outside a classroom.
func (m Model) roomLine() string {
	r := m.room
	if r.seat == nil {
		return ""
	}
	st := m.c.Styles
	sep := st.Muted.Render(st.Glyphs.Separator)
	if r.teacher {
		line := st.Title.Render("teacher") + sep + st.Muted.Render("your screen leads the students'")
		if m.onLabOrHome() {
			line += sep + st.Hint.Render("D dashboard")
		}
		return line
	}
	switch {
	case r.following && r.refused:
		return st.Warning.Render("following the teacher: that key would leave their screen") + sep + st.Hint.Render("ctrl+f step away first")
	case r.following && r.leadOK:
		return st.Title.Render("following the teacher") + sep + st.Hint.Render("ctrl+f step away")
	case r.following:
		return st.Muted.Render("no teacher is leading yet: you will follow when one does") + sep + st.Hint.Render("ctrl+f stay on your own")
	}
	return st.Muted.Render("on your own") + sep + st.Hint.Render("ctrl+f follow the teacher")
}

// withLine is text under line, or text alone when line is "".
func withLine(line, text string) string {
	if line == "" {
		return text
	}
	return line + "\n" + text
}
