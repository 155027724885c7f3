package labs_test

import (
	"slices"
	"testing"

	"conclab/labs"
)

func TestSplitPrediction(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a\nb", []string{"a", "b"}},
		{`a\nb`, []string{"a", "b"}},
		{"a\r\nb\n", []string{"a", "b", ""}},
		{"", []string{""}},
	}
	for _, tt := range tests {
		if got := labs.SplitPrediction(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitPrediction(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
