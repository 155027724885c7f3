package screen

import (
	tea "charm.land/bubbletea/v2"

	"conclab/tui/keymap"
)

// Model is a screen model M as conclab writes them (see the package doc):
// Update returns M itself.
type Model[M any] interface {
	Update(tea.Msg) (M, tea.Cmd)
	View() string
	Help() keymap.Bindings
	Typing() bool
}

// Ptr is *M with the model's pointer methods.
type Ptr[M any] interface {
	*M
	Init() tea.Cmd
	SetSize(width, height int)
	Close()
}

// Of returns model m as a Screen: Update runs m's Update on a copy (so
// the screen it is called on does not change), a tea.WindowSizeMsg is
// given to SetSize, and the rest goes to m's methods. The type arguments
// are inferred: screen.Of(lab.New(c, l)).
func Of[M Model[M], P Ptr[M]](m M) Screen { return &adapted[M, P]{m: m} }

// As returns the model inside s when s was made by Of from an M (for
// tests and for the root's own look at a screen).
func As[M any](s Screen) (M, bool) {
	if u, ok := s.(interface{ unwrap() any }); ok {
		m, ok := u.unwrap().(M)
		return m, ok
	}
	m, ok := s.(M)
	return m, ok
}

type adapted[M Model[M], P Ptr[M]] struct{ m M }

func (a *adapted[M, P]) unwrap() any { return a.m }

// Init calls m's Init, in place: the screen is new and nobody holds a copy.
func (a *adapted[M, P]) Init() tea.Cmd { return P(&a.m).Init() }

func (a *adapted[M, P]) Update(msg tea.Msg) (Screen, tea.Cmd) {
	next := &adapted[M, P]{m: a.m}
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		P(&next.m).SetSize(size.Width, size.Height)
		return next, nil
	}
	var cmd tea.Cmd
	next.m, cmd = next.m.Update(msg)
	return next, cmd
}

func (a *adapted[M, P]) View() string          { return a.m.View() }
func (a *adapted[M, P]) Help() keymap.Bindings { return a.m.Help() }
func (a *adapted[M, P]) Typing() bool          { return a.m.Typing() }
func (a *adapted[M, P]) Close()                { P(&a.m).Close() }
