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

// fallbackEditors are tried, in order, when nothing names an editor: vi
// as git does (DEFAULT_EDITOR in git's editor.c), then nano where vi is
// not installed.
var fallbackEditors = []string{"vi", "nano"}

// lookPath finds a fallback editor; tests swap it.
var lookPath = exec.LookPath

// Editor returns the editor's command line for path at line (1-based; 0
// for none), chosen in git's order (git_editor in git's editor.c):
// $GIT_EDITOR, then the repository's core.editor (coreEditor, "" for
// none), then $VISUAL (unless TERM is dumb), then $EDITOR, then vi (or nano
// when vi is not installed) unless TERM is dumb. It is split at spaces
// ("code -w" works), with "+LINE" before the path for the editors that
// take it. It returns nil when there is none. (git also counts an unset
// TERM as dumb; a TUI always runs in a terminal, so only TERM=dumb is.)
func Editor(getenv func(string) string, coreEditor, path string, line int) []string {
	if getenv == nil {
		return nil
	}
	dumb := getenv("TERM") == "dumb"
	editor := strings.TrimSpace(getenv("GIT_EDITOR"))
	if editor == "" {
		editor = strings.TrimSpace(coreEditor)
	}
	if editor == "" && !dumb {
		editor = strings.TrimSpace(getenv("VISUAL"))
	}
	if editor == "" {
		editor = strings.TrimSpace(getenv("EDITOR"))
	}
	if editor == "" && !dumb {
		for _, e := range fallbackEditors {
			if _, err := lookPath(e); err == nil {
				editor = e
				break
			}
		}
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

// CoreEditor is the core.editor that git config gives in the repository
// at root ("" when it is not set or git is not there).
func CoreEditor(root string) string {
	if root == "" {
		return ""
	}
	out, err := exec.Command("git", "-C", root, "config", "--get", "core.editor").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// EditCmd hands the terminal to the editor command line args until it
// exits, then reports EditedMsg.
func EditCmd(args []string) tea.Cmd {
	cmd := exec.Command(args[0], args[1:]...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return EditedMsg{Err: err} })
}
