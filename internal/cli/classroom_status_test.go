package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conclab/internal/classroom/roomfile"
)

// status runs `classroom status` with args and returns its output and exit status.
func status(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	c := classroomStatusCommand()
	var out, errOut bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&errOut)
	c.SetArgs(args)
	c.SilenceErrors, c.SilenceUsage = true, true
	err := c.Execute()
	if err != nil {
		printError(&errOut, err, nil)
	}
	return out.String(), errOut.String(), exitCode(err)
}

// TestClassroomStatus: one line per student of a room.json, exactly; a
// missing or corrupt file is one line and exit status 2.
func TestClassroomStatus(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	f := roomfile.File{Version: roomfile.Version, Started: at, Saved: at, Teacher: "teacher",
		Lead: &roomfile.Lead{Lab: "countdown", Step: 2},
		Seats: []roomfile.Seat{
			{Name: "teacher", Teacher: true, Lab: "countdown", Step: 2},
			{Name: "alice", Lab: "countdown", Step: 2, Variants: []string{"yielding", "blocking"}, Following: true,
				Guesses:   []roomfile.Guess{{Variant: "yielding", Value: "6s"}, {Variant: "yielding", Fact: "first", Value: "C3"}, {Variant: "blocking", Value: "12s"}},
				Exercises: roomfile.Count{Solved: 2, Total: 12}, Puzzles: roomfile.Count{Solved: 1, Total: 9}, Challenges: roomfile.Count{Total: 16}},
			{Name: "bob", Lab: "chess", Step: 1, Set: map[string]string{"moves": "30", "boards": "12"}},
			{Name: "carolina"},
		}}
	if err := roomfile.Write(dir, f); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"alice     countdown step 2 · following · exercises 2/12 · puzzles 1/9 · challenges 0/16 · guesses yielding 6s, first line C3; blocking 12s\n" +
		"bob       chess step 1 boards=12 moves=30 · own · exercises - · puzzles - · challenges - · no guesses\n" +
		"carolina  home · own · exercises - · puzzles - · challenges - · no guesses\n"
	if out, errOut, code := status(t, "--dir", dir); out != want || errOut != "" || code != ExitOK {
		t.Errorf("status --dir DIR = %q, %q, %d; want\n%s", out, errOut, code, want)
	}

	f.Ended = true
	if err := roomfile.Write(dir, f); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := status(t, "--dir", dir); out != want || !strings.HasPrefix(errOut, "(the class ended at ") || code != ExitOK {
		t.Errorf("status of an ended class = %q, %q, %d; want the same lines and a note on stderr", out, errOut, code)
	}

	f.Seats = f.Seats[:1]
	if err := roomfile.Write(dir, f); err != nil {
		t.Fatal(err)
	}
	if out, _, code := status(t, "--dir", dir); out != "no student is connected\n" || code != ExitOK {
		t.Errorf("status of a room with only the teacher = %q, %d", out, code)
	}

	empty := t.TempDir()
	corrupt := t.TempDir()
	if err := os.WriteFile(filepath.Join(corrupt, roomfile.Name), []byte(`{"version": 1, "seats": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dir, want string
	}{
		{empty, "conclab: classroom status: " + filepath.Join(empty, "room.json") + ": no room.json (is a classroom running with --dir " + empty + "?)\n"},
		{corrupt, "conclab: classroom status: " + filepath.Join(corrupt, "room.json") + " is not a classroom's state: unexpected end of JSON input\n"},
	}
	for _, tt := range tests {
		out, errOut, code := status(t, "--dir", tt.dir)
		if out != "" || errOut != tt.want || code != ExitUsage {
			t.Errorf("status --dir %s = %q, %q, %d; want no output, %q, %d", tt.dir, out, errOut, code, tt.want, ExitUsage)
		}
	}
}
