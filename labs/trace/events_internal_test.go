package trace

import (
	"testing"
	"unsafe"
)

// An event is stored in 24 bytes, its cause included: a long run records
// millions of them.
func TestEventRecIs24Bytes(t *testing.T) {
	if got := unsafe.Sizeof(eventRec{}); got != 24 {
		t.Errorf("unsafe.Sizeof(eventRec{}) = %d, want 24", got)
	}
}

func TestPackCause(t *testing.T) {
	tests := []struct {
		kind  CauseKind
		event int
	}{
		{CauseTimer, NoEvent},
		{CauseIO, NoEvent},
		{CauseSend, 0},
		{CauseUnlock, 57},
		{CauseFire, 1 << 40},
	}
	for _, tt := range tests {
		k, ev := unpackCause(packCause(tt.kind, tt.event))
		if k != tt.kind || ev != tt.event {
			t.Errorf("unpackCause(packCause(%v, %v)) = %v, %v, want %v, %v", tt.kind, tt.event, k, ev, tt.kind, tt.event)
		}
	}
}
