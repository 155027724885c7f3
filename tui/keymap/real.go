package keymap

import "charm.land/bubbles/v2/key"

// LabRealHelp is LabHelp for a lab with real variants: R, which runs them
// for real, comes second in the one-line bar so that it shows at 80 columns.
func (k KeyMap) LabRealHelp() Bindings {
	b := k.LabHelp()
	b.Short = append([]key.Binding{b.Short[0], k.Real}, b.Short[1:]...)
	b.Full[2] = append(b.Full[2], k.Real)
	return b
}

// RealHelp is the help of the real-run view.
func (k KeyMap) RealHelp() Bindings {
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop and back"))
	again := key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "run again"))
	next := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next variant"))
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll tasks"))
	return Bindings{
		Short: []key.Binding{back, again, next, scroll, k.Source, k.Help},
		Full:  [][]key.Binding{{again, back}, {next, k.PrevLane, scroll, k.Source}, {k.Help, k.Quit}},
	}
}

// MetaHelp is the help of the meta demo (conclab's own event loop).
func (k KeyMap) MetaHelp() Bindings {
	return Bindings{
		Short: []key.Binding{k.Freeze, k.Command, k.Back, k.Help},
		Full:  [][]key.Binding{{k.Freeze, k.Command}, {k.Back, k.Help, k.Quit}},
	}
}
