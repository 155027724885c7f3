//go:build race

package exercises_test

// raceEnabled: this test binary runs under the race detector, and so do the
// dev check's child go test processes (the -race step of .ci/run).
const raceEnabled = true
