package keymap

import "charm.land/bubbles/v2/key"

// Classroom are the keys of a session in a classroom (conclab classroom),
// which the root handles on the lab and home screens: a student follows
// the teacher or steps away (Follow), the teacher opens the dashboard.
// The classroom line above the help bar names them.
type Classroom struct {
	Follow, Dashboard key.Binding
}

// Dashboard is the key map of the teacher's dashboard.
type Dashboard struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Close key.Binding
	Global
}

// Bindings are the dashboard's help.
func (k Dashboard) Bindings() Bindings {
	return Bindings{
		Short: []key.Binding{k.Up, k.Down, k.Close, k.Help},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Close, k.Help, k.Quit}},
	}
}
