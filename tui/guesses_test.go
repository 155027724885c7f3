package tui

import (
	"math"
	"testing"
	"time"

	"conclab/internal/check"
	"conclab/labs"
	"conclab/tui/components/guess"
)

// TestRememberGuesses: judged guesses are kept per lab, variant and what was
// guessed, with a finite Off however far the guess was.
func TestRememberGuesses(t *testing.T) {
	at := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	msg := guess.JudgedMsg{Lab: "chess", Judged: []labs.Judged{
		{Guess: labs.Guess{Variant: "concurrent", Value: "1h"}, Truth: "1:00:55", Right: true, Off: -0.015},
		{Guess: labs.Guess{Variant: "sequential", Value: "2h"}, Truth: "12:00:00", Off: -0.83},
		{Guess: labs.Guess{Variant: "loop-blocking", Fact: "frames", Value: "3"}, Truth: "0", Off: math.Inf(1)},
	}}
	var p check.Progress
	rememberGuesses(&p, msg, at)
	if p.Predictions == nil {
		t.Fatal("no predictions kept")
	}
	tests := []struct {
		key  string
		want check.PredictionRecord
	}{
		{"chess/concurrent/total", check.PredictionRecord{Guess: "1h", Truth: "1:00:55", Off: 0.015, Right: true, At: at}},
		{"chess/sequential/total", check.PredictionRecord{Guess: "2h", Truth: "12:00:00", Off: 0.83, At: at}},
		{"chess/loop-blocking/frames", check.PredictionRecord{Guess: "3", Truth: "0", Off: maxOff, At: at}},
	}
	for _, tt := range tests {
		if got := p.Predictions.Records[tt.key]; got != tt.want {
			t.Errorf("record %s = %+v, want %+v", tt.key, got, tt.want)
		}
	}
}
