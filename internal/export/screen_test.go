package export_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/internal/export"
)

func screenOf(t *testing.T, content string, sc export.Screen) *node {
	t.Helper()
	var b strings.Builder
	require.NoError(t, export.WriteScreenSVG(&b, content, sc))
	return decode(t, b.String())
}

// lineText is the text of screen line y, its runs joined.
func lineText(root *node, y string) string {
	var out string
	for _, l := range root.all(func(n *node) bool { return n.attrs["data-y"] == y }) {
		out += strings.Join(l.texts(), "")
	}
	return out
}

// TestScreenSVG draws a known screen: its text at its lines, each run in
// its colours and attributes, reverse swapped, cut at the width.
func TestScreenSVG(t *testing.T) {
	content := "\x1b[1;35mconclab\x1b[0m › \x1b[32m██\x1b[0m run\n" +
		"\x1b[7mnow\x1b[0m \x1b[38;5;244mmuted\x1b[0m \x1b[38;2;255;128;0morange\x1b[0m\n" +
		"a line far too long for the screen's twenty cells"
	root := screenOf(t, content, export.Screen{Width: 20, Height: 4})
	assert.Equal(t, "svg", root.name)
	assert.Equal(t, "conclab › ██ run", strings.TrimRight(lineText(root, "0"), " "))
	assert.Equal(t, "a line far too long ", lineText(root, "2"), "cut at 20 cells")
	assert.Empty(t, strings.TrimSpace(lineText(root, "3")))
	find := func(text string) *node {
		t.Helper()
		for _, n := range root.all(func(n *node) bool { return n.name == "text" }) {
			if strings.TrimSpace(n.text) == text {
				return n
			}
		}
		t.Fatalf("no text %q", text)
		return nil
	}
	app := find("conclab")
	assert.Equal(t, export.Palette[5], app.attrs["fill"])
	assert.Equal(t, "bold", app.attrs["font-weight"])
	assert.Equal(t, export.Palette[2], find("██").attrs["fill"])
	assert.Equal(t, "#808080", find("muted").attrs["fill"], "256-colour 244 is grey 128")
	assert.Equal(t, "#ff8000", find("orange").attrs["fill"])
	now := find("now")
	assert.Equal(t, "#1e1e1e", now.attrs["fill"], "reverse: the background's colour on the text's")
	assert.Equal(t, "16", now.attrs["x"], "the first cell is at the margin")
	assert.Equal(t, "27", now.attrs["textLength"], "three cells of 9 px")
	rects := root.all(func(n *node) bool { return n.name == "rect" && n.attrs["fill"] == "#cccccc" })
	require.Len(t, rects, 1, "reverse: the text's colour behind it")
	assert.Equal(t, "16", rects[0].attrs["x"])
	run := find("run")
	assert.Equal(t, "16", app.attrs["x"])
	assert.Equal(t, "124", run.attrs["x"], "' run' starts at cell 12 (› and █ are one cell each)")
}

// TestScreenSVGNoColor: with NO_COLOR the picture has no colours but the
// default ones, and keeps bold and reverse.
func TestScreenSVGNoColor(t *testing.T) {
	content := "\x1b[1;35mconclab\x1b[0m \x1b[42mgreen\x1b[0m \x1b[7mnow\x1b[0m"
	root := screenOf(t, content, export.Screen{Width: 30, Height: 1, NoColor: true})
	fills := map[string]bool{}
	for _, n := range root.all(func(n *node) bool { return n.attrs["fill"] != "" }) {
		fills[n.attrs["fill"]] = true
	}
	assert.Equal(t, map[string]bool{"#1e1e1e": true, "#cccccc": true}, fills)
	assert.Equal(t, "conclab green now", strings.TrimRight(lineText(root, "0"), " "))
	bold := root.all(func(n *node) bool { return n.attrs["font-weight"] == "bold" })
	require.Len(t, bold, 1)
	assert.Equal(t, "conclab", bold[0].text)
}

// TestScreenSVGSize refuses an empty screen.
func TestScreenSVGSize(t *testing.T) {
	for _, sc := range []export.Screen{{Width: 0, Height: 5}, {Width: 5, Height: -1}} {
		assert.Error(t, export.WriteScreenSVG(&strings.Builder{}, "x", sc), "%+v", sc)
	}
}
