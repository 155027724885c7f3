package kittest

import (
	"slices"
	"testing"
)

func TestRerunEnv(t *testing.T) {
	kit := ClockEnv + "=" + onKitClock
	tests := []struct {
		env, want []string
	}{
		{[]string{"A=1"}, []string{"A=1", "GORACE=atexit_sleep_ms=0", kit}},
		{[]string{"GORACE=halt_on_error=1", "B=2"}, []string{"B=2", "GORACE=halt_on_error=1 atexit_sleep_ms=0", kit}},
		{[]string{"GORACE=atexit_sleep_ms=50 log_path=x"}, []string{"GORACE=atexit_sleep_ms=50 log_path=x", kit}},
		{[]string{"GORACE="}, []string{"GORACE=atexit_sleep_ms=0", kit}},
	}
	for _, tt := range tests {
		if got := rerunEnv(tt.env); !slices.Equal(got, tt.want) {
			t.Errorf("rerunEnv(%q) = %q, want %q", tt.env, got, tt.want)
		}
	}
}
