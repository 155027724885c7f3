package keymap

import (
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// bindings are the named bindings of a key map struct, embedded ones and
// groups (Clock, Walk, Global) included.
func bindings(v reflect.Value, prefix string, out map[string]key.Binding) {
	for i := range v.NumField() {
		f, name := v.Field(i), prefix+v.Type().Field(i).Name
		switch b := f.Interface().(type) {
		case key.Binding:
			out[name] = b
		default:
			if f.Kind() == reflect.Struct {
				bindings(f, name+".", out)
			}
		}
	}
}

// TestNoKeyBoundTwice: within each screen's key map (and mode), a key does
// one thing: h, say, is the previous event on the lab screen and the next
// hint on the exercise screen, never both on one.
func TestNoKeyBoundTwice(t *testing.T) {
	km := reflect.ValueOf(DefaultKeyMap())
	for i := range km.NumField() {
		screen := km.Type().Field(i).Name
		all := map[string]key.Binding{}
		bindings(km.Field(i), "", all)
		if len(all) == 0 {
			t.Errorf("%s has no bindings", screen)
		}
		owner := map[string]string{}
		for name, b := range all {
			if len(b.Keys()) == 0 {
				t.Errorf("%s.%s has no keys", screen, name)
			}
			for _, k := range b.Keys() {
				if other, ok := owner[k]; ok {
					t.Errorf("%s: %q is bound to both %s and %s", screen, k, other, name)
				}
				owner[k] = name
			}
		}
	}
}

// TestHelpNamesEveryKeyOnce: the help of each key map lists only its own
// bindings (or sums of them), each with help text.
func TestHelpNamesBoundKeys(t *testing.T) {
	k := DefaultKeyMap()
	helps := map[string]struct {
		b    Bindings
		from any
	}{
		"Home": {k.Home.Bindings(), k.Home}, "Filter": {k.Filter.Bindings(), k.Filter},
		"Lab": {k.Lab.Bindings(false), k.Lab}, "LabReal": {k.Lab.Bindings(true), k.Lab},
		"LabPresenter": {k.Lab.PresenterBindings(false), k.Lab},
		"Form":         {k.Form.Bindings(), k.Form}, "Picker": {k.Picker.Bindings(), k.Picker}, "Viewer": {k.Viewer.Bindings(), k.Viewer},
		"Puzzle": {k.Puzzle.Bindings(), k.Puzzle}, "PuzzleEdit": {k.PuzzleEdit.Bindings(), k.PuzzleEdit},
		"Guess": {k.Guess.Bindings(), k.Guess}, "Legend": {k.Legend.Bindings(), k.Legend},
		"Exercise": {k.Exercise.Bindings(true), k.Exercise}, "Real": {k.Real.Bindings(), k.Real}, "Meta": {k.Meta.Bindings(), k.Meta},
		"Challenges": {k.Challenges.Bindings(), k.Challenges}, "Challenge": {k.Challenge.Bindings(), k.Challenge},
		"ChallengeCase": {k.ChallengeCase.Bindings(), k.ChallengeCase},
		"Dashboard":     {k.Dashboard.Bindings(), k.Dashboard},
		"RowFilter":     {k.RowFilter.Bindings(), k.RowFilter},
	}
	for name, h := range helps {
		own := map[string]key.Binding{}
		bindings(reflect.ValueOf(h.from), "", own)
		bound := map[string]bool{}
		for _, b := range own {
			for _, k := range b.Keys() {
				bound[k] = true
			}
		}
		all := append([]key.Binding(nil), h.b.Short...)
		for _, col := range h.b.Full {
			all = append(all, col...)
		}
		for _, b := range all {
			if b.Help().Key == "" || b.Help().Desc == "" {
				t.Errorf("%s help: a binding of %v has no help text", name, b.Keys())
			}
			for _, k := range b.Keys() {
				if !bound[k] {
					t.Errorf("%s help shows %q (%s), which its key map does not bind", name, k, strings.TrimSpace(b.Help().Key+" "+b.Help().Desc))
				}
			}
		}
	}
}
