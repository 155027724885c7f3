// Package classroom is conclab's classroom: a room of TUI sessions, one
// per student and one for the teacher, that knows who is connected and
// where each one is, hands the teacher's lead on to the students, and keeps
// its state in DIR/room.json for `conclab classroom status`.
//
// The room is transport-independent: whoever runs the sessions (the SSH
// server, or a test with several TUI models in one process) takes a Seat
// per session with Join, gives it to the session's TUI (tui.WithSeat) and
// leaves it when the session ends.
package classroom

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"conclab/internal/classroom/roomfile"
	"conclab/tui/room"
)

// saveEvery is the least time between two writes of room.json while
// sessions move: a class of thirty pressing keys writes it a few times a
// second at most.
const saveEvery = 250 * time.Millisecond

// Room is a classroom's room. It is safe for concurrent use. The zero
// value is not usable; use OpenRoom.
type Room struct {
	dir     string
	now     func() time.Time
	started time.Time

	mu     sync.Mutex
	seats  []*Seat // in the order they joined
	leader *Seat   // the teacher's seat whose lead the students follow; nil: none
	lead   room.Lead
	closed bool
	// away holds the students whose last seat was left on their own (not
	// following the teacher): a session that ends abruptly and connects
	// again comes back as it was, not pulled to the teacher's screen.
	away map[string]bool

	dirty chan struct{} // a save is due (capacity 1)
	stop  chan struct{} // closed by Close: the saver ends
	saved chan struct{} // closed when the saver has ended
	errMu sync.Mutex
	// saveMu keeps Save's snapshot and write together: two saves at once
	// (the saver's and a caller's) write in the order they looked.
	saveMu sync.Mutex
	err    error // the last save's error
}

// OpenRoom opens the room whose state lives in dir (created when missing)
// and writes an empty room.json. Close it when the class ends.
func OpenRoom(dir string) (*Room, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open room: %w", err)
	}
	r := &Room{dir: dir, now: time.Now, dirty: make(chan struct{}, 1), stop: make(chan struct{}), saved: make(chan struct{})}
	r.started = r.now()
	if err := r.Save(); err != nil {
		return nil, fmt.Errorf("open room: %w", err)
	}
	go r.saver()
	return r, nil
}

// ErrClosed is Join's error once the room is closed.
var ErrClosed = errors.New("the class has ended")

// Join takes a seat for the learner called name (the teacher's when
// teacher is set). A student follows the teacher from the start, unless
// the name's seat before this one was on its own (stepped away with
// ctrl+f) when it was left or is still (a session connecting again under
// its name): then it starts on its own (Seat.Following). Several seats may
// have one name (a learner with two sessions).
func (r *Room) Join(name string, teacher bool) (*Seat, error) {
	if name == "" {
		return nil, errors.New("join: a seat needs a name")
	}
	s := &Seat{r: r, name: name, teacher: teacher, joined: r.now(), wake: make(chan struct{}, 1), done: make(chan struct{})}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, ErrClosed
	}
	if !teacher {
		away := r.away[name]
		for _, o := range r.seats { // the latest seat of the name still here
			if o.name == name && !o.teacher {
				away = !o.place.Following
			}
		}
		s.place.Following = !away
	}
	r.seats = append(r.seats, s)
	if !teacher && r.leader != nil {
		s.post(func(b *box) { b.lead, b.leadOK, b.leadNew = r.lead, true, true })
	}
	r.changed(s)
	r.mu.Unlock()
	return s, nil
}

// Close ends the class: every seat is told (its session gets room.EndedMsg)
// and room.json is saved a last time, saying the class ended. Later calls
// do nothing but return the first one's error.
func (r *Room) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		<-r.saved
		return r.lastErr()
	}
	r.closed = true
	for _, s := range r.seats {
		s.post(func(b *box) { b.ended = true })
	}
	r.mu.Unlock()
	close(r.stop)
	<-r.saved
	if err := r.Save(); err != nil {
		return err
	}
	return nil
}

// Members are the seats of the room: teachers first, then students by
// name, then by when they joined.
func (r *Room) Members() []room.Member {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.members()
}

func (r *Room) members() []room.Member {
	out := make([]room.Member, 0, len(r.seats))
	for _, s := range r.seats {
		out = append(out, room.Member{Name: s.name, Teacher: s.teacher, Place: s.place, Joined: s.joined})
	}
	slices.SortStableFunc(out, func(a, b room.Member) int {
		if a.Teacher != b.Teacher {
			if a.Teacher {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}

// Lead is the teacher's lead that the students follow, if a teacher leads.
func (r *Room) Lead() (room.Lead, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lead, r.leader != nil
}

// changed notes that seat s joined, left or moved: the teachers'
// dashboards are told and room.json is saved soon. r.mu is held.
func (r *Room) changed(s *Seat) {
	for _, o := range r.seats {
		if o.teacher && o != s {
			o.post(func(b *box) { b.changed = true })
		}
	}
	select {
	case r.dirty <- struct{}{}:
	default:
	}
}

// saver writes room.json when a change is due, at most every saveEvery,
// until Close.
func (r *Room) saver() {
	defer close(r.saved)
	for {
		select {
		case <-r.stop:
			return
		case <-r.dirty:
		}
		if err := r.Save(); err != nil {
			r.errMu.Lock()
			r.err = err
			r.errMu.Unlock()
		}
		select {
		case <-r.stop:
			return
		case <-time.After(saveEvery):
		}
	}
}

func (r *Room) lastErr() error {
	r.errMu.Lock()
	defer r.errMu.Unlock()
	return r.err
}

// Save writes the room's state to DIR/room.json now, atomically (a
// reader sees the old file or the new one, never half of one).
func (r *Room) Save() error {
	r.saveMu.Lock()
	defer r.saveMu.Unlock()
	r.mu.Lock()
	f := roomfile.File{Version: roomfile.Version, Started: r.started, Saved: r.now(), Ended: r.closed}
	if r.leader != nil {
		f.Teacher = r.leader.name
		f.Lead = &roomfile.Lead{Lab: r.lead.Lab, Step: r.lead.Setup.Step, Variants: r.lead.Setup.Variants, Set: r.lead.Setup.Set}
	}
	for _, m := range r.members() {
		f.Seats = append(f.Seats, seatRecord(m))
	}
	r.mu.Unlock()
	if err := roomfile.Write(r.dir, f); err != nil {
		r.errMu.Lock()
		r.err = err
		r.errMu.Unlock()
		return err
	}
	return nil
}

// seatRecord is m as room.json keeps it.
func seatRecord(m room.Member) roomfile.Seat {
	p := m.Place
	s := roomfile.Seat{Name: m.Name, Teacher: m.Teacher, Joined: m.Joined, Lab: p.Lab, Step: p.Step,
		Variants: p.Variants, Set: p.Set, Following: p.Following,
		Exercises: roomfile.Count(p.Exercises), Puzzles: roomfile.Count(p.Puzzles), Challenges: roomfile.Count(p.Challenges)}
	for _, g := range p.Guesses {
		s.Guesses = append(s.Guesses, roomfile.Guess{Variant: g.Variant, Fact: g.Fact, Value: g.Value})
	}
	return s
}
