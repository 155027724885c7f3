package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"conclab/exercises"
)

// ProgressFile is the name of the progress file in the config directory.
const ProgressFile = "progress.json"

// Progress is what a learner has done, exercise by exercise. The zero value
// is a learner who has done nothing yet. It is plain data: not safe for
// concurrent use; Store loads and saves it. Fields of the file that this
// version of conclab does not know (a newer conclab's) are kept as they
// were, and saved again.
type Progress struct {
	// Version is the file format's version (1).
	Version int `json:"version"`
	// Exercises holds a Record per exercise the learner has touched, by name.
	Exercises map[string]Record `json:"exercises"`
	// Challenges holds a ChallengeRecord per challenge level solved (the
	// challenge screen), by level name. It is an optional field of the
	// version 1 format: a file without it (written before the challenges
	// came) has none solved, and a conclab that predates it keeps it as a
	// field it does not know. Names of levels this conclab does not ship (a
	// newer one's) are kept.
	Challenges map[string]ChallengeRecord `json:"challenges,omitempty"`
	// Puzzles holds a PuzzleRecord per puzzle checked, by PuzzleKey;
	// Last is the lab the learner was last on; Predictions the slot of
	// their predictions (learner.go). Optional fields of the version 1
	// format, read and kept as Challenges is.
	Puzzles     map[string]PuzzleRecord `json:"puzzles,omitempty"`
	Last        *LastLab                `json:"last_lab,omitempty"`
	Predictions *Predictions            `json:"predictions,omitempty"`

	extra      map[string]json.RawMessage            // unknown fields of the file
	records    map[string]map[string]json.RawMessage // unknown fields of each record, by exercise
	challenges map[string]map[string]json.RawMessage // unknown fields of each challenge record, by level
	kept       learnerKept                           // unknown fields of the learner's records
}

// ChallengeRecord is the learner's progress on one challenge level.
type ChallengeRecord struct {
	// Solved tells that the learner broke the program once (or, for a
	// correct one, said that no schedule breaks it and the explorer agreed).
	Solved bool `json:"solved,omitempty"`
	// SolvedAt is when it was first solved.
	SolvedAt time.Time `json:"solved_at,omitzero"`
	// Schedule is the shortest schedule that broke it, as `conclab challenge
	// play --schedule` takes it ("1,1,2,3:2"); empty for a correct program.
	Schedule string `json:"schedule,omitempty"`
}

// Challenge returns the record of the challenge level named name (the zero
// ChallengeRecord if none).
func (p *Progress) Challenge(name string) ChallengeRecord { return p.Challenges[name] }

// SolvedChallenge records that the level named name was solved at time at,
// by schedule ("" for a correct program recognised as one). The first
// solve's time stays, and the shortest schedule so far.
func (p *Progress) SolvedChallenge(name, schedule string, at time.Time) {
	r := p.Challenge(name)
	if !r.Solved {
		r.Solved, r.SolvedAt = true, at.UTC().Truncate(time.Second)
	}
	if schedule != "" && (r.Schedule == "" || scheduleLen(schedule) < scheduleLen(r.Schedule)) {
		r.Schedule = schedule
	}
	p.setChallenge(name, r)
}

func (p *Progress) setChallenge(name string, r ChallengeRecord) {
	if p.Challenges == nil {
		p.Challenges = map[string]ChallengeRecord{}
	}
	p.Challenges[name] = r
}

// scheduleLen is the number of steps of a schedule ("1,1,2" has 3).
func scheduleLen(s string) int { return strings.Count(s, ",") + 1 }

// scheduleRE is a schedule as play takes it: goroutine numbers from 1,
// each with an optional select case from 1, separated by commas.
var scheduleRE = regexp.MustCompile(`^[1-9][0-9]{0,3}(:[1-9][0-9]{0,3})?(,[1-9][0-9]{0,3}(:[1-9][0-9]{0,3})?)*$`)

// Record is the learner's progress on one exercise.
type Record struct {
	// Solved tells that the exercise's checks passed once.
	Solved bool `json:"solved,omitempty"`
	// SolvedAt is when they first passed.
	SolvedAt time.Time `json:"solved_at,omitzero"`
	// Hints is how many of the exercise's hints have been shown.
	Hints int `json:"hints,omitempty"`
	// Checks is how many times the checks ran.
	Checks int `json:"checks,omitempty"`
	// Last is the verdict of the last run.
	Last Kind `json:"last,omitempty"`
}

// Get returns the record of the exercise named name (the zero Record if none).
func (p *Progress) Get(name string) Record { return p.Exercises[name] }

func (p *Progress) set(name string, r Record) {
	if p.Exercises == nil {
		p.Exercises = map[string]Record{}
	}
	p.Exercises[name] = r
}

// Checked records a run of name's checks that came to verdict k at time at;
// a pass marks the exercise solved (the first pass sets SolvedAt).
func (p *Progress) Checked(name string, k Kind, at time.Time) {
	r := p.Get(name)
	r.Checks++
	r.Last = k
	if k == Passed && !r.Solved {
		r.Solved, r.SolvedAt = true, at.UTC().Truncate(time.Second)
	}
	p.set(name, r)
}

// ShowHint records that one more of name's hints was shown (at most of)
// and returns how many have been shown now.
func (p *Progress) ShowHint(name string, of int) int {
	r := p.Get(name)
	r.Hints = min(max(r.Hints, 0)+1, of)
	p.set(name, r)
	return r.Hints
}

// Next returns the first exercise of all that is not solved, in order.
func (p *Progress) Next(all []exercises.Exercise) (exercises.Exercise, bool) {
	for _, e := range all {
		if !p.Get(e.Name).Solved {
			return e, true
		}
	}
	return exercises.Exercise{}, false
}

// Solved counts the exercises of all that are solved.
func (p *Progress) Solved(all []exercises.Exercise) int {
	n := 0
	for _, e := range all {
		if p.Get(e.Name).Solved {
			n++
		}
	}
	return n
}

// writeAtomic writes b to a temp file beside path and renames it to path.
func writeAtomic(path string, b []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Restart marks the exercise named name as not solved (its file was reset):
// the solution is locked again and the next check starts from scratch. The
// hints already shown stay shown, and the number of checks stays counted.
func (p *Progress) Restart(name string) {
	r, ok := p.Exercises[name]
	if !ok {
		return
	}
	r.Solved, r.SolvedAt, r.Last = false, time.Time{}, ""
	p.Exercises[name] = r
}

// parseProgress reads a progress file: version 1 (or none), unknown fields
// kept. The error says why it is not one.
func parseProgress(b []byte) (*Progress, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, err
	}
	if top == nil {
		return nil, errors.New("not a JSON object")
	}
	p := &Progress{Version: 1}
	if v, ok := top["version"]; ok {
		if err := json.Unmarshal(v, &p.Version); err != nil {
			return nil, fmt.Errorf("version: %w", err)
		}
		if p.Version > 1 {
			return nil, errors.New("not a version 1 progress file")
		}
		p.Version = 1
	}
	var records map[string]json.RawMessage
	if v, ok := top["exercises"]; ok {
		if err := json.Unmarshal(v, &records); err != nil {
			return nil, fmt.Errorf("exercises: %w", err)
		}
	}
	for name, raw := range records {
		var r Record
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("exercise %q: %w", name, err)
		}
		p.set(name, r)
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, fmt.Errorf("exercise %q: %w", name, err)
		}
		for k := range recordFields {
			delete(fields, k)
		}
		if len(fields) > 0 {
			if p.records == nil {
				p.records = map[string]map[string]json.RawMessage{}
			}
			p.records[name] = fields
		}
	}
	if err := parseChallenges(p, top["challenges"]); err != nil {
		return nil, err
	}
	if err := parseLearner(p, top); err != nil {
		return nil, err
	}
	delete(top, "version")
	delete(top, "exercises")
	delete(top, "challenges")
	if len(top) > 0 {
		p.extra = top
	}
	compactAll(p.extra)
	for _, fields := range p.records {
		compactAll(fields)
	}
	for _, fields := range p.challenges {
		compactAll(fields)
	}
	return p, nil
}

// parseChallenges reads the challenges field (raw, nil when absent) into p,
// each record's unknown fields kept.
func parseChallenges(p *Progress, raw json.RawMessage) error {
	if raw == nil {
		return nil
	}
	var records map[string]json.RawMessage
	if err := json.Unmarshal(raw, &records); err != nil {
		return fmt.Errorf("challenges: %w", err)
	}
	for name, raw := range records {
		var r ChallengeRecord
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("challenge %q: %w", name, err)
		}
		p.setChallenge(name, r)
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return fmt.Errorf("challenge %q: %w", name, err)
		}
		for k := range challengeFields {
			delete(fields, k)
		}
		if len(fields) > 0 {
			if p.challenges == nil {
				p.challenges = map[string]map[string]json.RawMessage{}
			}
			p.challenges[name] = fields
		}
	}
	return nil
}

// challengeFields are the JSON names of ChallengeRecord's fields.
var challengeFields = map[string]bool{"solved": true, "solved_at": true, "schedule": true}

// compactAll writes each kept unknown value without white space: the file
// is written indented, and a value read back must equal the one kept.
func compactAll(fields map[string]json.RawMessage) {
	for k, v := range fields {
		var b bytes.Buffer
		if json.Compact(&b, v) == nil {
			fields[k] = b.Bytes()
		}
	}
}

// recordFields are the JSON names of Record's fields.
var recordFields = map[string]bool{"solved": true, "solved_at": true, "hints": true, "checks": true, "last": true}

// marshalProgress writes p as the file holds it: indented, its unknown
// fields after the known ones, in the order of their names.
func marshalProgress(p *Progress) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"version":1,"exercises":{`)
	names := make([]string, 0, len(p.Exercises))
	for name := range p.Exercises {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		r, err := json.Marshal(p.Exercises[name])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(withFields(r, p.records[name]))
	}
	b.WriteString("}")
	if len(p.Challenges) > 0 {
		b.WriteString(`,"challenges":{`)
		names = names[:0]
		for name := range p.Challenges {
			names = append(names, name)
		}
		sort.Strings(names)
		for i, name := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(name)
			r, err := json.Marshal(p.Challenges[name])
			if err != nil {
				return nil, err
			}
			b.Write(k)
			b.WriteByte(':')
			b.Write(withFields(r, p.challenges[name]))
		}
		b.WriteString("}")
	}
	if err := marshalLearner(&b, p); err != nil {
		return nil, err
	}
	b.WriteString("}")
	top := withFields(b.Bytes(), p.extra)
	var out bytes.Buffer
	if err := json.Indent(&out, top, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// withFields adds fields, in the order of their names, to the JSON object obj.
func withFields(obj []byte, fields map[string]json.RawMessage) []byte {
	if len(fields) == 0 {
		return obj
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := append([]byte(nil), obj[:len(obj)-1]...)
	for _, k := range keys {
		if len(out) > 1 {
			out = append(out, ',')
		}
		name, _ := json.Marshal(k)
		out = append(out, name...)
		out = append(out, ':')
		out = append(out, fields[k]...)
	}
	return append(out, '}')
}

// correct brings every value of p into its range — hints 0..the
// exercise's hints, checks 0 or more, a verdict conclab knows — and says
// what it changed ("chess: hints -1 → 0").
func (p *Progress) correct() []string {
	var fixed []string
	names := make([]string, 0, len(p.Exercises))
	for name := range p.Exercises {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		r := p.Exercises[name]
		most := -1 // an exercise this conclab does not know: no upper bound
		if ex, err := exercises.Get(name); err == nil {
			most = len(ex.Hints)
		}
		h := max(r.Hints, 0)
		if most >= 0 {
			h = min(h, most)
		}
		if h != r.Hints {
			fixed = append(fixed, fmt.Sprintf("%s: hints %d → %d", name, r.Hints, h))
			r.Hints = h
		}
		if r.Checks < 0 {
			fixed = append(fixed, fmt.Sprintf("%s: checks %d → 0", name, r.Checks))
			r.Checks = 0
		}
		if r.Last != "" && !knownKinds[r.Last] {
			fixed = append(fixed, fmt.Sprintf("%s: last verdict %q → none", name, r.Last))
			r.Last = ""
		}
		p.Exercises[name] = r
	}
	names = names[:0]
	for name := range p.Challenges {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		r := p.Challenges[name]
		if r.Schedule != "" && !scheduleRE.MatchString(r.Schedule) {
			fixed = append(fixed, fmt.Sprintf("challenge %s: schedule %q → none", name, r.Schedule))
			r.Schedule = ""
		}
		if !r.Solved && (r.Schedule != "" || !r.SolvedAt.IsZero()) {
			fixed = append(fixed, fmt.Sprintf("challenge %s: not solved, yet a schedule or a time → none", name))
			r.Schedule, r.SolvedAt = "", time.Time{}
		}
		p.Challenges[name] = r
	}
	return append(fixed, p.correctLearner()...)
}

// knownKinds are the verdicts a progress file may hold.
var knownKinds = map[Kind]bool{
	Passed: true, Failed: true, CompileError: true, Panicked: true, Deadlock: true, Race: true, Leak: true,
	Timeout: true, Exited: true, HugeOutput: true, TooMuchMemory: true, TooManyGoroutines: true, Killed: true,
	ClosedChannel: true, NegativeCounter: true, BusyLoop: true, CopiedLock: true, LostCancel: true,
}
