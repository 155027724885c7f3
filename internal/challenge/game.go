package challenge

import "fmt"

// Game is one play of a program: the states after each step so far, so that
// a step can be undone. The zero value is not usable; use NewGame. A Game is
// not safe for concurrent use.
type Game struct {
	prog   *Program
	cfg    Config
	states []*State
	steps  []Step
}

// NewGame starts a play of a compiled program.
func NewGame(p *Program, cfg Config) *Game {
	s, err := p.start()
	if err != nil {
		panic(err) // Compile ran start already
	}
	return &Game{prog: p, cfg: cfg, states: []*State{s}}
}

// Clone returns a copy of the game that plays on alone: a step, an undo
// or a restart of one leaves the other as it was (the states themselves
// never change once made, so they are shared).
func (g *Game) Clone() *Game {
	return &Game{prog: g.prog, cfg: g.cfg, states: g.states[:len(g.states):len(g.states)], steps: g.steps[:len(g.steps):len(g.steps)]}
}

func (g *Game) state() *State { return g.states[len(g.states)-1] }

// Program is the program being played.
func (g *Game) Program() *Program { return g.prog }

// Choices are the steps that can be taken now: one per goroutine (or timer)
// that can move, in number order, and one per ready case for a select with
// several. None when the run is over.
func (g *Game) Choices() []Choice { return g.prog.choices(g.state(), g.cfg) }

// Check says why c cannot be taken now (one line), or nil.
func (g *Game) Check(c Choice) error { return g.prog.check(g.state(), g.cfg, c) }

// Step takes choice c. A choice that cannot be taken (an unknown, blocked or
// finished goroutine, a select case that is not ready, a run that is over)
// is an error and changes nothing.
func (g *Game) Step(c Choice) (Step, error) {
	if err := g.Check(c); err != nil {
		return Step{}, err
	}
	s, st := g.prog.step(g.state(), g.cfg, c)
	g.states = append(g.states, s)
	g.steps = append(g.steps, st)
	return st, nil
}

// StepShared advances goroutine n until it has taken a step that accessed
// shared state, or it blocks or finishes, or the run ends. A select with
// several ready cases on the way is an error (choose its case with Step).
func (g *Game) StepShared(n int) ([]Step, error) {
	var out []Step
	for {
		st, err := g.Step(Choice{G: n})
		if err != nil {
			if len(out) > 0 {
				return out, nil
			}
			return nil, err
		}
		out = append(out, st)
		if st.Shared || g.Check(Choice{G: n}) != nil {
			return out, nil
		}
	}
}

// Undo takes back the last step; it reports false when there is none.
func (g *Game) Undo() bool {
	if len(g.steps) == 0 {
		return false
	}
	g.states = g.states[:len(g.states)-1]
	g.steps = g.steps[:len(g.steps)-1]
	return true
}

// Restart takes back every step.
func (g *Game) Restart() {
	g.states = g.states[:1]
	g.steps = nil
}

// Steps are the steps taken so far, in order.
func (g *Game) Steps() []Step { return append([]Step(nil), g.steps...) }

// Schedule is the choices taken so far.
func (g *Game) Schedule() []Choice {
	out := make([]Choice, len(g.steps))
	for i, s := range g.steps {
		out[i] = s.Choice
	}
	return out
}

// Failure is how the run failed, or nil.
func (g *Game) Failure() *Failure { return g.state().fail }

// Over reports whether the run has ended: it failed, main returned, or it
// can go no further.
func (g *Game) Over() bool { return g.state().over }

// Play runs a schedule from the start and returns the game after it. It
// stops at the first choice that cannot be taken, with an error that names
// the step ("step 4: G2 is blocked at line 9: ...").
func Play(p *Program, cfg Config, schedule []Choice) (*Game, error) {
	g := NewGame(p, cfg)
	for i, c := range schedule {
		if _, err := g.Step(c); err != nil {
			return g, fmt.Errorf("step %d (%s): %w", i+1, c, err)
		}
	}
	return g, nil
}
