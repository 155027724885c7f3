package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// What the progress file remembers of the learner beyond exercises and
// challenges: puzzle solves, predictions, and the lab they were last on.
// Each is an optional field of the version 1 format, as Challenges is: a
// file without them (an older conclab's) reads as none, and a conclab that
// predates them keeps them as fields it does not know. Unknown fields inside
// their records are kept too.

// PuzzleRecord is the learner's progress on one puzzle of a
// predict-then-run lab (the coroutine puzzles).
type PuzzleRecord struct {
	// Solved tells that a prediction was right once.
	Solved bool `json:"solved,omitempty"`
	// FirstTry tells that the first prediction checked was right.
	FirstTry bool `json:"first_try,omitempty"`
	// Wrong counts the wrong predictions checked (before the solve, and since).
	Wrong int `json:"wrong,omitempty"`
	// SolvedAt is when it was first solved.
	SolvedAt time.Time `json:"solved_at,omitzero"`
}

// PuzzleKey is the key of a lab's puzzle in Puzzles: "coroutines/buffered".
func PuzzleKey(lab, puzzle string) string { return lab + "/" + puzzle }

// Puzzle returns the record of lab's puzzle (the zero record if none).
func (p *Progress) Puzzle(lab, puzzle string) PuzzleRecord {
	return p.Puzzles[PuzzleKey(lab, puzzle)]
}

// PuzzleChecked records a prediction of lab's puzzle checked at time at:
// right or wrong. The first right one solves it, on the first try when
// no wrong one came before.
func (p *Progress) PuzzleChecked(lab, puzzle string, right bool, at time.Time) PuzzleRecord {
	r := p.Puzzle(lab, puzzle)
	switch {
	case !right:
		r.Wrong++
	case !r.Solved:
		r.Solved, r.FirstTry, r.SolvedAt = true, r.Wrong == 0, at.UTC().Truncate(time.Second)
	}
	if p.Puzzles == nil {
		p.Puzzles = map[string]PuzzleRecord{}
	}
	p.Puzzles[PuzzleKey(lab, puzzle)] = r
	return r
}

// PuzzlesSolved counts lab's solved puzzles among names: all of them, and
// those solved on the first try.
func (p *Progress) PuzzlesSolved(lab string, names []string) (solved, firstTry int) {
	for _, n := range names {
		r := p.Puzzle(lab, n)
		if r.Solved {
			solved++
			if r.FirstTry {
				firstTry++
			}
		}
	}
	return solved, firstTry
}

// LastLab is the lab the learner was last on, as they left it.
type LastLab struct {
	Lab string `json:"lab"`
	// Step is the walkthrough step, from 1.
	Step int `json:"step,omitempty"`
	// Variants are the lanes shown (or, in a puzzle lab, the puzzle).
	Variants []string `json:"variants,omitempty"`
	// Set are the parameters that differ from the defaults, as typed.
	Set map[string]string `json:"set,omitempty"`
	// At is when it was saved.
	At time.Time `json:"at,omitzero"`
}

// PredictionsVersion is the version of the predictions slot's format.
const PredictionsVersion = 1

// Predictions is the slot for the learner's predictions of a lab's
// results (the predict prompt of every lab): versioned on its own, so
// that its format can change without the file's. A slot of a newer
// version is kept as it is and not read.
type Predictions struct {
	// Version is PredictionsVersion.
	Version int `json:"version"`
	// Records holds the last prediction per PredictionKey.
	Records map[string]PredictionRecord `json:"records,omitempty"`
}

// PredictionKey is the key of a prediction: the lab, the variant and
// what was predicted ("chess/concurrent/total").
func PredictionKey(lab, variant, what string) string { return lab + "/" + variant + "/" + what }

// PredictionRecord is one prediction and how close it came.
type PredictionRecord struct {
	// Guess is the prediction as typed ("1h", "30"); Truth what the run
	// gave, written the same way.
	Guess string `json:"guess"`
	Truth string `json:"truth"`
	// Off is how far the guess was, relative to the truth: |guess-truth| /
	// truth (0.05: within 5 %); 0 or more.
	Off float64 `json:"off"`
	// Right tells that the guess counted as right.
	Right bool `json:"right,omitempty"`
	// At is when it was made.
	At time.Time `json:"at,omitzero"`
}

// Predicted records prediction r under key (see PredictionKey), replacing
// the one before.
func (p *Progress) Predicted(key string, r PredictionRecord) {
	if p.Predictions == nil {
		p.Predictions = &Predictions{Version: PredictionsVersion}
	}
	if p.Predictions.Records == nil {
		p.Predictions.Records = map[string]PredictionRecord{}
	}
	r.At = r.At.UTC().Truncate(time.Second)
	p.Predictions.Records[key] = r
}

// The JSON names of the known fields of each record.
var (
	puzzleFields     = map[string]bool{"solved": true, "first_try": true, "wrong": true, "solved_at": true}
	lastFields       = map[string]bool{"lab": true, "step": true, "variants": true, "set": true, "at": true}
	predictionFields = map[string]bool{"guess": true, "truth": true, "off": true, "right": true, "at": true}
	slotFields       = map[string]bool{"version": true, "records": true}
)

// learnerKept are the unknown fields of the learner's records.
type learnerKept struct {
	puzzles     map[string]map[string]json.RawMessage
	last        map[string]json.RawMessage
	predictions map[string]map[string]json.RawMessage
	slot        map[string]json.RawMessage
}

// unknownFields are the fields of the object raw that known does not name.
func unknownFields(raw json.RawMessage, known map[string]bool) (map[string]json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	for k := range known {
		delete(fields, k)
	}
	if len(fields) == 0 {
		return nil, nil
	}
	compactAll(fields)
	return fields, nil
}

// parseRecords reads a map of records of type T, each one's unknown fields kept.
func parseRecords[T any](raw json.RawMessage, what string, known map[string]bool) (map[string]T, map[string]map[string]json.RawMessage, error) {
	var records map[string]json.RawMessage
	if err := json.Unmarshal(raw, &records); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	out := map[string]T{}
	var kept map[string]map[string]json.RawMessage
	for name, r := range records {
		var v T
		if err := json.Unmarshal(r, &v); err != nil {
			return nil, nil, fmt.Errorf("%s %q: %w", what, name, err)
		}
		out[name] = v
		fields, err := unknownFields(r, known)
		if err != nil {
			return nil, nil, fmt.Errorf("%s %q: %w", what, name, err)
		}
		if fields != nil {
			if kept == nil {
				kept = map[string]map[string]json.RawMessage{}
			}
			kept[name] = fields
		}
	}
	if len(out) == 0 {
		out = nil
	}
	return out, kept, nil
}

// parseLearner reads the fields puzzles, last_lab and predictions of top
// into p and deletes them from top (a predictions slot of a newer version
// stays in top, kept as an unknown field).
func parseLearner(p *Progress, top map[string]json.RawMessage) error {
	if raw, ok := top["puzzles"]; ok && string(raw) != "null" {
		recs, kept, err := parseRecords[PuzzleRecord](raw, "puzzle", puzzleFields)
		if err != nil {
			return err
		}
		p.Puzzles, p.kept.puzzles = recs, kept
	}
	delete(top, "puzzles")
	if raw, ok := top["last_lab"]; ok && string(raw) != "null" {
		var l LastLab
		if err := json.Unmarshal(raw, &l); err != nil {
			return fmt.Errorf("last_lab: %w", err)
		}
		fields, err := unknownFields(raw, lastFields)
		if err != nil {
			return fmt.Errorf("last_lab: %w", err)
		}
		p.Last, p.kept.last = &l, fields
	}
	delete(top, "last_lab")
	if raw, ok := top["predictions"]; ok && string(raw) != "null" {
		var slot struct {
			Version int             `json:"version"`
			Records json.RawMessage `json:"records"`
		}
		if err := json.Unmarshal(raw, &slot); err != nil {
			return fmt.Errorf("predictions: %w", err)
		}
		if slot.Version > PredictionsVersion {
			return nil // a newer conclab's: kept as it is
		}
		pr := &Predictions{Version: PredictionsVersion}
		if slot.Records != nil && string(slot.Records) != "null" {
			recs, kept, err := parseRecords[PredictionRecord](slot.Records, "prediction", predictionFields)
			if err != nil {
				return err
			}
			pr.Records, p.kept.predictions = recs, kept
		}
		fields, err := unknownFields(raw, slotFields)
		if err != nil {
			return fmt.Errorf("predictions: %w", err)
		}
		p.Predictions, p.kept.slot = pr, fields
	}
	delete(top, "predictions")
	return nil
}

// marshalRecords writes `,"field":{...}` for recs (nothing when empty),
// each record with its unknown fields, in the order of their keys.
func marshalRecords[T any](b *bytes.Buffer, field string, recs map[string]T, kept map[string]map[string]json.RawMessage) error {
	if len(recs) == 0 {
		return nil
	}
	fmt.Fprintf(b, `,%q:{`, field)
	keys := make([]string, 0, len(recs))
	for k := range recs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		r, err := json.Marshal(recs[k])
		if err != nil {
			return err
		}
		name, _ := json.Marshal(k)
		b.Write(name)
		b.WriteByte(':')
		b.Write(withFields(r, kept[k]))
	}
	b.WriteByte('}')
	return nil
}

// marshalLearner writes the learner's fields after the others (b holds an
// object not yet closed).
func marshalLearner(b *bytes.Buffer, p *Progress) error {
	if err := marshalRecords(b, "puzzles", p.Puzzles, p.kept.puzzles); err != nil {
		return err
	}
	if p.Last != nil && p.Last.Lab != "" {
		r, err := json.Marshal(p.Last)
		if err != nil {
			return err
		}
		b.WriteString(`,"last_lab":`)
		b.Write(withFields(r, p.kept.last))
	}
	if p.Predictions != nil {
		var s bytes.Buffer
		fmt.Fprintf(&s, `{"version":%d`, PredictionsVersion)
		if err := marshalRecords(&s, "records", p.Predictions.Records, p.kept.predictions); err != nil {
			return err
		}
		s.WriteByte('}')
		b.WriteString(`,"predictions":`)
		b.Write(withFields(s.Bytes(), p.kept.slot))
	}
	return nil
}

// correctLearner brings the learner's values into range — counts 0 or
// more, a solve's facts only on a solved puzzle, a step from 1, a
// prediction's Off 0 or more and finite — and says what it changed.
func (p *Progress) correctLearner() []string {
	var fixed []string
	keys := make([]string, 0, len(p.Puzzles))
	for k := range p.Puzzles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r := p.Puzzles[k]
		if r.Wrong < 0 {
			fixed = append(fixed, fmt.Sprintf("puzzle %s: wrong %d → 0", k, r.Wrong))
			r.Wrong = 0
		}
		if !r.Solved && (r.FirstTry || !r.SolvedAt.IsZero()) {
			fixed = append(fixed, fmt.Sprintf("puzzle %s: not solved, yet a first try or a time → none", k))
			r.FirstTry, r.SolvedAt = false, time.Time{}
		}
		if !strings.Contains(k, "/") {
			fixed = append(fixed, fmt.Sprintf("puzzle %q: not lab/puzzle → dropped", k))
			delete(p.Puzzles, k)
			continue
		}
		p.Puzzles[k] = r
	}
	if l := p.Last; l != nil {
		if l.Step < 0 {
			fixed = append(fixed, fmt.Sprintf("last lab: step %d → 0", l.Step))
			l.Step = 0
		}
		if l.Lab == "" {
			fixed = append(fixed, "last lab: no lab → none")
			p.Last = nil
		}
	}
	if p.Predictions != nil {
		keys = keys[:0]
		for k := range p.Predictions.Records {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r := p.Predictions.Records[k]
			if r.Off < 0 || math.IsNaN(r.Off) || math.IsInf(r.Off, 0) {
				fixed = append(fixed, fmt.Sprintf("prediction %s: off %v → 0", k, r.Off))
				r.Off = 0
			}
			p.Predictions.Records[k] = r
		}
	}
	return fixed
}

// ClearAt returns a copy of l without its time (for comparing where two were).
func (l LastLab) ClearAt() *LastLab {
	l.At = time.Time{}
	return &l
}
