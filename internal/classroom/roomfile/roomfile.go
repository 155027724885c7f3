// Package roomfile is the format of a classroom's room.json: who is in
// the room and where, written atomically by the running classroom
// (internal/classroom) and read by `conclab classroom status`. It imports
// nothing of conclab, so that the command line can read the file without
// the TUI.
package roomfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Name is the file's name in the classroom's directory.
const Name = "room.json"

// Version is the format's version.
const Version = 1

// File is the whole of room.json.
type File struct {
	Version int `json:"version"`
	// Started is when the room opened; Saved when the file was written.
	Started time.Time `json:"started"`
	Saved   time.Time `json:"saved"`
	// Ended says the class ended (the classroom was shut down).
	Ended bool `json:"ended,omitempty"`
	// Teacher is the name of the teacher who leads, and Lead where their
	// screen is; both empty when no teacher leads.
	Teacher string `json:"teacher,omitempty"`
	Lead    *Lead  `json:"lead,omitempty"`
	// Seats are the sessions connected: teachers first, then by name.
	Seats []Seat `json:"seats"`
}

// Lead is where the leading teacher's screen is.
type Lead struct {
	Lab      string            `json:"lab,omitempty"`
	Step     int               `json:"step,omitempty"`
	Variants []string          `json:"variants,omitempty"`
	Set      map[string]string `json:"set,omitempty"`
}

// Seat is one session: who, where, and what they solved.
type Seat struct {
	Name    string    `json:"name"`
	Teacher bool      `json:"teacher,omitempty"`
	Joined  time.Time `json:"joined"`
	// Lab is the lab on screen ("" on the home screen), its lanes (or
	// puzzle), parameters that differ from the defaults, and step (from 1).
	Lab      string            `json:"lab,omitempty"`
	Step     int               `json:"step,omitempty"`
	Variants []string          `json:"variants,omitempty"`
	Set      map[string]string `json:"set,omitempty"`
	// Following says the student's screen follows the teacher's.
	Following bool `json:"following,omitempty"`
	// Guesses are their guesses for the prompt of the lanes on screen.
	Guesses []Guess `json:"guesses,omitempty"`
	// Exercises, Puzzles and Challenges: solved of how many.
	Exercises  Count `json:"exercises"`
	Puzzles    Count `json:"puzzles"`
	Challenges Count `json:"challenges"`
}

// Guess is one guess: of a variant's total (Fact empty) or of a fact.
type Guess struct {
	Variant string `json:"variant"`
	Fact    string `json:"fact,omitempty"`
	Value   string `json:"value"`
}

// Count is how many were solved, of how many.
type Count struct {
	Solved int `json:"solved"`
	Total  int `json:"total"`
}

// Path is room.json's path in dir.
func Path(dir string) string { return filepath.Join(dir, Name) }

// Write writes f to dir's room.json atomically: to a temporary file
// beside it, synced, then renamed over it.
func Write(dir string, f File) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("save %s: %w", Name, err)
	}
	tmp, err := os.CreateTemp(dir, "."+Name+".*.tmp")
	if err != nil {
		return fmt.Errorf("save %s: %w", Name, err)
	}
	_, err = tmp.Write(append(b, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), Path(dir))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save %s: %w", Name, err)
	}
	return nil
}

// ErrMissing is Read's error when dir has no room.json (no classroom ran there).
var ErrMissing = errors.New("no " + Name)

// Read reads dir's room.json. A missing file is ErrMissing (wrapped); a
// file that is not a room's state is an error saying so.
func Read(dir string) (File, error) {
	b, err := os.ReadFile(Path(dir))
	if errors.Is(err, os.ErrNotExist) {
		return File{}, fmt.Errorf("%s: %w (is a classroom running with --dir %s?)", Path(dir), ErrMissing, dir)
	}
	if err != nil {
		return File{}, err
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return File{}, fmt.Errorf("%s is not a classroom's state: %w", Path(dir), err)
	}
	if f.Version != Version {
		return File{}, fmt.Errorf("%s has version %d; this conclab reads version %d", Path(dir), f.Version, Version)
	}
	return f, nil
}
