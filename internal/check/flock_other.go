//go:build !unix

package check

import (
	"errors"
	"os"
)

// flock is not available here: Store goes on without a lock.
func flock(f *os.File) error { return errors.ErrUnsupported }

func funlock(f *os.File) {}
