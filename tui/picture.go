package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/export"
	"conclab/labs"
)

// Pictures says where ctrl+p saves the screen as an SVG picture and how.
type Pictures struct {
	// Dir is the directory the pictures go to ("" is the working directory).
	Dir string
	// MakeDir creates Dir when it is missing (a classroom's
	// DIR/students/NAME/pictures); otherwise a missing Dir is the
	// notice's error.
	MakeDir bool
	// Shown is Dir as the notice names it ("" : Dir itself), and Note
	// what the notice adds: over SSH the picture is on the classroom's
	// machine, not the student's.
	Shown, Note string
	// NoColor draws them without colours (NO_COLOR is set); bold and reverse stay.
	NoColor bool
	// Now is the clock of their names (nil: time.Now).
	Now func() time.Time
}

// WithPictures sets where and how ctrl+p saves the screen (the default:
// the working directory, in colour).
func WithPictures(p Pictures) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.pictures = p }
}

// PictureMsg says where the screen was saved (ctrl+p), or why it was not.
type PictureMsg struct {
	Path string
	Err  error
}

// pictureName is the file a picture of the screen goes to:
// conclab-LAB-20261207-010542.svg (home for the home screen), in local time.
func pictureName(lab string, at time.Time) string {
	return "conclab-" + lab + "-" + at.Format("20060102-150405") + ".svg"
}

// maxSameSecond is how many pictures one second can take (name.svg,
// name-2.svg ... name-9.svg); ctrl+p after that says the file exists.
const maxSameSecond = 9

// pictureCmd saves the screen as drawn now, colours and all, as an SVG
// picture; the file is written in the command, not in Update. An existing
// file is never overwritten: a picture taken in the same second as one
// before it is numbered (-2, -3...).
func (m Model) pictureCmd() tea.Cmd {
	content := m.Content()
	sc := export.Screen{Width: m.width, Height: m.height, NoColor: m.pictures.NoColor}
	now := time.Now
	if m.pictures.Now != nil {
		now = m.pictures.Now
	}
	lab := "home"
	if len(m.stack) > 1 && m.last != nil {
		lab = m.last.Lab
	}
	dir := m.pictures.Dir
	if dir == "" {
		dir = "."
	}
	name := pictureName(lab, now())
	makeDir := m.pictures.MakeDir
	return func() tea.Msg {
		// A second picture in the same second is name-2.svg, and so on.
		path := filepath.Join(dir, name)
		if dir == "." {
			path = "." + string(filepath.Separator) + name
		}
		if makeDir {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return PictureMsg{Path: path, Err: err}
			}
		}
		base := strings.TrimSuffix(path, ".svg")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		for n := 2; errors.Is(err, fs.ErrExist) && n <= maxSameSecond; n++ {
			path = fmt.Sprintf("%s-%d.svg", base, n)
			f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		}
		if err != nil {
			return PictureMsg{Path: path, Err: err}
		}
		err = export.WriteScreenSVG(f, content, sc)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
		return PictureMsg{Path: path, Err: err}
	}
}

// pictureNotice is the one line that says where the picture went, or why
// not (the reason first: a long path is what the width cuts).
func (m Model) pictureNotice(msg PictureMsg) string {
	st := m.c.Styles
	path := msg.Path
	if m.pictures.Shown != "" {
		path = filepath.Join(m.pictures.Shown, filepath.Base(path))
	}
	if msg.Err != nil {
		err := msg.Err
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err
		}
		return st.Error.Render(fmt.Sprintf("screen not saved: %v: %s", err, path))
	}
	note := " (an SVG picture; any key goes on)"
	if m.pictures.Note != "" {
		note = " (an SVG picture " + m.pictures.Note + "; any key goes on)"
	}
	return st.Success.Render("screen saved as "+path) + st.Muted.Render(note)
}

// withNotice puts the notice in place of the help bar's first line.
func (m Model) withNotice(lines []string) []string {
	if m.notice == "" || len(lines) == 0 {
		return lines
	}
	i := min(m.screenHeight(), len(lines)-1)
	lines[i] = strings.ReplaceAll(m.notice, "\n", " ")
	return lines
}
