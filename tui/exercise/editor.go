package exercise

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// EditedMsg says the editor the screen opened has exited; Err is why it
// could not start or how it failed.
type EditedMsg struct{ Err error }

// lineEditors are the editors known to take "+LINE" before the file to open
// it at that line.
var lineEditors = map[string]bool{"vi": true, "vim": true, "nvim": true, "nano": true, "emacs": true, "hx": true}

// Editor returns the editor's command line for path at line (1-based; 0
// for none): $VISUAL, else $EDITOR, split at spaces ("code -w" works),
// with "+LINE" before the path for the editors that take it. It returns
// nil when neither variable is set.
func Editor(getenv func(string) string, path string, line int) []string {
	if getenv == nil {
		return nil
	}
	editor := strings.TrimSpace(getenv("VISUAL"))
	if editor == "" {
		editor = strings.TrimSpace(getenv("EDITOR"))
	}
	args := strings.Fields(editor)
	if len(args) == 0 {
		return nil
	}
	if line > 0 && lineEditors[filepath.Base(args[0])] {
		args = append(args, "+"+strconv.Itoa(line))
	}
	return append(args, path)
}

// EditCmd hands the terminal to the editor command line args until it
// exits, then reports EditedMsg.
func EditCmd(args []string) tea.Cmd {
	cmd := exec.Command(args[0], args[1:]...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return EditedMsg{Err: err} })
}
