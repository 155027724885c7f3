package tui

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"conclab/labs"
	"conclab/labs/flags"
	"conclab/tui/internal/press"
	"conclab/tui/screen"
)

// svgText decodes an SVG document (strictly: it must be well-formed) and
// returns the text of each screen line, its runs joined, and every fill.
func svgText(t *testing.T, path string) (lines map[string]string, fills map[string]bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	d := xml.NewDecoder(strings.NewReader(string(b)))
	lines, fills = map[string]string{}, map[string]bool{}
	line, inText := "", false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "the picture is well-formed XML")
		switch tok := tok.(type) {
		case xml.StartElement:
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "data-y":
					line = a.Value
				case "fill":
					fills[a.Value] = true
				}
			}
			inText = tok.Name.Local == "text"
		case xml.CharData:
			if inText {
				lines[line] += string(tok)
			}
		case xml.EndElement:
			inText = false
		}
	}
	return lines, fills
}

// picture presses ctrl+p on m and runs the command: the PictureMsg.
func picture(t *testing.T, m Model) (Model, PictureMsg) {
	t.Helper()
	next, cmd := m.Update(press.Key("ctrl+p"))
	m = next.(Model)
	require.NotNil(t, cmd)
	msg, ok := cmd().(PictureMsg)
	require.True(t, ok)
	next, _ = m.Update(msg)
	return next.(Model), msg
}

// TestPictureOfTheLabScreen saves a lab screen: the file is named after
// the lab and the time, holds the screen's text line by line (what the
// view shows, stripped of its colours) and its colours; a line says where
// it went, and the next key takes the line away.
func TestPictureOfTheLabScreen(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 12, 7, 1, 5, 42, 0, time.Local)
	m := New(WithLabs([]*labs.Lab{flags.Lab()}), WithPictures(Pictures{Dir: dir, Now: func() time.Time { return at }}))
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = screenStep(t, m, screen.OpenLabMsg{Lab: flags.Lab()})
	m = screenStep(t, m, screen.LabStateMsg{Lab: "flags"})
	view := m.Content()
	m, msg := picture(t, m)
	require.NoError(t, msg.Err)
	assert.Equal(t, filepath.Join(dir, "conclab-flags-20261207-010542.svg"), msg.Path)
	lines, fills := svgText(t, msg.Path)
	for i, want := range strings.Split(ansi.Strip(view), "\n") {
		assert.Equal(t, strings.TrimRight(want, " "), strings.TrimRight(lines[strconv.Itoa(i)], " "), "line %d", i)
	}
	assert.Contains(t, lines["0"], "Downloading flags")
	assert.Greater(t, len(fills), 3, "in colour")
	shown := ansi.Strip(m.Content())
	assert.Contains(t, shown, "screen saved as "+msg.Path)
	assert.Equal(t, strings.Count(ansi.Strip(view), "\n"), strings.Count(shown, "\n"), "the line replaces the help bar's")
	m = drive(t, m, press.Key("right"))
	assert.NotContains(t, ansi.Strip(m.Content()), "screen saved")

	// The same second again: the file is not overwritten, the picture is
	// numbered; after nine in one second the line says why there is no tenth.
	first, err := os.ReadFile(msg.Path)
	require.NoError(t, err)
	for n := 2; n <= 9; n++ {
		m = drive(t, m, press.Key("right"))
		m, msg = picture(t, m)
		require.NoError(t, msg.Err)
		assert.Equal(t, filepath.Join(dir, fmt.Sprintf("conclab-flags-20261207-010542-%d.svg", n)), msg.Path)
	}
	again, err := os.ReadFile(filepath.Join(dir, "conclab-flags-20261207-010542.svg"))
	require.NoError(t, err)
	assert.Equal(t, string(first), string(again), "the first picture is as it was")
	m, msg = picture(t, m)
	require.Error(t, msg.Err)
	assert.Regexp(t, regexp.MustCompile(`screen not saved: file exists: .*conclab-flags-2026`), ansi.Strip(m.Content()))
}

// TestPictureWithoutColour: with NO_COLOR the picture has the default
// colours only; on the home screen it is named after it.
func TestPictureWithoutColour(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 12, 7, 1, 5, 0, 0, time.Local)
	m := New(WithLabs([]*labs.Lab{flags.Lab()}), WithPictures(Pictures{Dir: dir, NoColor: true, Now: func() time.Time { return at }}))
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	view := ansi.Strip(m.Content())
	_, msg := picture(t, m)
	require.NoError(t, msg.Err)
	assert.Equal(t, "conclab-home-20261207-010500.svg", filepath.Base(msg.Path))
	lines, fills := svgText(t, msg.Path)
	assert.Equal(t, map[string]bool{"#1e1e1e": true, "#cccccc": true}, fills)
	assert.Contains(t, lines["0"], strings.TrimSpace(strings.Split(view, "\n")[0]))
}

// TestPictureNotSaved: a directory that is not there is one line on screen.
func TestPictureNotSaved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	m := New(WithLabs([]*labs.Lab{flags.Lab()}), WithPictures(Pictures{Dir: dir}))
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m, msg := picture(t, m)
	require.Error(t, msg.Err)
	lines := strings.Split(ansi.Strip(m.Content()), "\n")
	assert.Len(t, lines, 24)
	assert.Regexp(t, `^screen not saved: no such file or directory: /.*`, strings.TrimRight(lines[23], " "))
}
