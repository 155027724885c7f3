package keymap

import "charm.land/bubbles/v2/key"

// Rows are the lab screen's keys for the timeline's task rows: filter them
// by name, highlight one state, sort them, show the details of a span, jump
// from a wait to the task that ended it and back.
type Rows struct {
	Filter, Highlight, Sort, Detail, Jump key.Binding
}

// RowFilter is the key map of the lab screen while the rows' filter is
// typed (the other keys type).
type RowFilter struct {
	// Apply keeps the filter and stops typing; Clear clears it.
	Apply, Clear key.Binding
	Global
}

// Bindings are the help while the rows' filter is typed.
func (k RowFilter) Bindings() Bindings {
	return Bindings{Short: []key.Binding{k.Apply, k.Clear, k.ForceQuit}, Full: [][]key.Binding{{k.Apply, k.Clear, k.ForceQuit}}}
}

func defaultRows() Rows {
	return Rows{
		Filter:    bind([]string{"/"}, "/", "filter rows"),
		Highlight: bind([]string{"H"}, "H", "highlight a state"),
		Sort:      bind([]string{"S"}, "S", "sort rows"),
		Detail:    bind([]string{"i"}, "i", "span details"),
		Jump:      bind([]string{"J"}, "J", "jump to waker/back"),
	}
}

func defaultRowFilter(g Global) RowFilter {
	return RowFilter{
		Apply:  bind([]string{"enter"}, "enter", "keep filter"),
		Clear:  bind([]string{"esc"}, "esc", "clear filter"),
		Global: g,
	}
}
