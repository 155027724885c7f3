package press

import "testing"

func TestKeyString(t *testing.T) {
	// Each name must come back from Bubble Tea's own String, which is what
	// key.Matches compares with the bindings.
	for _, name := range []string{"enter", "esc", "tab", "shift+tab", "space", "right", "shift+right", "home", "end",
		"pgup", "pgdown", "ctrl+u", "ctrl+c", "q", "?", "G", "/", "+", "1"} {
		if got := Key(name).String(); got != name {
			t.Errorf("Key(%q).String() = %q, want %q", name, got, name)
		}
	}
}
