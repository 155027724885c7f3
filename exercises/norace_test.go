//go:build !race

package exercises_test

// raceEnabled: this test binary runs without the race detector, and so do
// the dev check's child go test processes (go test ./..., the README's
// command; .ci/run's -race step runs them under it).
const raceEnabled = false
