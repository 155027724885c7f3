//go:build !race

package checker

// raceEnabled reports whether the test binary was built with -race.
const raceEnabled = false
