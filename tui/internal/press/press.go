// Package press makes the key presses Bubble Tea sends for key names, so
// that tests can drive models through Update as a user at a terminal would:
// press.Key("shift+right"), press.Keys("ctrl+u", "1", "2", "enter").
package press

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

var special = map[string]rune{
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"delete": tea.KeyDelete, "space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "home": tea.KeyHome, "end": tea.KeyEnd,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
}

// Key returns the press of one key: a special key's name ("enter",
// "shift+right", "ctrl+u") or one character ("q", "?", "G").
func Key(name string) tea.KeyPressMsg {
	var mod tea.KeyMod
	base := name
	for {
		switch {
		case strings.HasPrefix(base, "ctrl+") && len(base) > len("ctrl+"):
			mod |= tea.ModCtrl
			base = base[len("ctrl+"):]
			continue
		case strings.HasPrefix(base, "shift+") && len(base) > len("shift+"):
			mod |= tea.ModShift
			base = base[len("shift+"):]
			continue
		case strings.HasPrefix(base, "alt+") && len(base) > len("alt+"):
			mod |= tea.ModAlt
			base = base[len("alt+"):]
			continue
		}
		break
	}
	if code, ok := special[base]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if base == "space" {
			k.Text = " "
		}
		return k
	}
	r := []rune(base)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: base}
}

// Keys returns the presses of several keys, in order.
func Keys(names ...string) []tea.KeyPressMsg {
	out := make([]tea.KeyPressMsg, len(names))
	for i, n := range names {
		out[i] = Key(n)
	}
	return out
}

// Text returns the presses that type s, one character at a time.
func Text(s string) []string {
	var names []string
	for _, r := range s {
		names = append(names, string(r))
	}
	return names
}
