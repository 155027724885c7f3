package classroom

import (
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/tui/room"
)

// Seat is one session's seat in a room: it implements room.Seat for the
// session's TUI (tui.WithSeat). It is safe for concurrent use. Leave it
// when the session ends: its waiting command then returns.
type Seat struct {
	r       *Room
	name    string
	teacher bool
	joined  time.Time

	place room.Place // guarded by r.mu
	left  bool       // guarded by r.mu

	mu   sync.Mutex
	box  box
	wake chan struct{} // there is news in box (capacity 1)
	done chan struct{} // closed by Leave
}

// box is the news a seat has not handed to its session yet: the last lead
// (older ones are overtaken by it), whether the room changed, whether the
// class ended.
type box struct {
	lead    room.Lead
	leadOK  bool
	leadNew bool
	changed bool
	ended   bool
	told    bool // the end was handed on
}

// Name is the learner's name.
func (s *Seat) Name() string { return s.name }

// Teacher says the seat is the teacher's.
func (s *Seat) Teacher() bool { return s.teacher }

// post changes the seat's news and wakes its waiting command.
func (s *Seat) post(change func(*box)) {
	s.mu.Lock()
	change(&s.box)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Wait blocks until there is news for the seat and returns it (see
// room.Seat): the end of the class first, then a new lead, then a change
// in the room. It returns nil once the seat was left.
func (s *Seat) Wait() tea.Msg {
	for {
		select {
		case <-s.done:
			return nil
		default:
		}
		if msg := s.Poll(); msg != nil {
			return msg
		}
		select {
		case <-s.wake:
		case <-s.done:
			return nil
		}
	}
}

// Poll is Wait without the wait: the seat's next news, or nil when there
// is none (for a host that runs a session's commands itself, as tests do).
func (s *Seat) Poll() tea.Msg {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := &s.box
	switch {
	case b.ended && !b.told:
		b.told = true
		return room.EndedMsg{}
	case b.leadNew:
		b.leadNew = false
		return room.LeadMsg{Lead: b.lead, OK: b.leadOK}
	case b.changed:
		b.changed = false
		return room.ChangedMsg{}
	}
	return nil
}

// Report keeps where the session is; the room saves it soon.
func (s *Seat) Report(p room.Place) {
	p.Variants = slices.Clone(p.Variants)
	p.Guesses = slices.Clone(p.Guesses)
	if p.Set != nil {
		set := make(map[string]string, len(p.Set))
		for k, v := range p.Set {
			set[k] = v
		}
		p.Set = set
	}
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.left || s.place.Equal(p) {
		return
	}
	s.place = p
	r.changed(s)
}

// Lead hands the teacher's place on to every student of the room (it
// does nothing on a student's seat, or once the seat was left). The
// teacher who led last leads.
func (s *Seat) Lead(l room.Lead) {
	if !s.teacher {
		return
	}
	l.Setup.Variants = slices.Clone(l.Setup.Variants)
	if l.Setup.Set != nil {
		set := make(map[string]string, len(l.Setup.Set))
		for k, v := range l.Setup.Set {
			set[k] = v
		}
		l.Setup.Set = set
	}
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.left || r.closed {
		return
	}
	r.leader, r.lead = s, l
	for _, o := range r.seats {
		if !o.teacher {
			o.post(func(b *box) { b.lead, b.leadOK, b.leadNew = l, true, true })
		}
	}
	select {
	case r.dirty <- struct{}{}:
	default:
	}
}

// Following reports whether the seat's screen follows the teacher's (as
// its session last reported: room.Place.Following; before its first
// report, whether it starts following: see Room.Join).
func (s *Seat) Following() bool {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	return s.place.Following
}

// Members are the seats of the room (see Room.Members).
func (s *Seat) Members() []room.Member { return s.r.Members() }

// Leave gives the seat up: it leaves the room (the students stop
// following a teacher who leaves), and its waiting command returns. It
// may be called more than once.
func (s *Seat) Leave() {
	r := s.r
	r.mu.Lock()
	if s.left {
		r.mu.Unlock()
		return
	}
	s.left = true
	r.seats = slices.DeleteFunc(r.seats, func(o *Seat) bool { return o == s })
	if !s.teacher {
		if r.away == nil {
			r.away = make(map[string]bool)
		}
		if s.place.Following {
			delete(r.away, s.name)
		} else {
			r.away[s.name] = true
		}
	}
	if r.leader == s {
		r.leader, r.lead = nil, room.Lead{}
		if !r.closed {
			for _, o := range r.seats {
				if !o.teacher {
					o.post(func(b *box) { b.lead, b.leadOK, b.leadNew = room.Lead{}, false, true })
				}
			}
		}
	}
	r.changed(s)
	r.mu.Unlock()
	close(s.done)
}

var _ room.Seat = (*Seat)(nil)
