package cli

import (
	"testing"
	"time"
)

func TestSecondsRounds(t *testing.T) {
	tests := []struct {
		facts map[string]any
		want  time.Duration
	}{
		{map[string]any{"measured_seconds": 2.006}, 2006 * time.Millisecond},
		{map[string]any{"measured_seconds": 0.1}, 100 * time.Millisecond},
		{map[string]any{"measured_seconds": 34.865}, 34865 * time.Millisecond},
		{map[string]any{}, 0},
	}
	for _, tt := range tests {
		if got := seconds(tt.facts, "measured_seconds"); got != tt.want {
			t.Errorf("seconds(%v) = %v, want %v", tt.facts, got, tt.want)
		}
	}
}
