//go:build unix

package check

import (
	"errors"
	"os"
	"syscall"
)

// flock takes an exclusive lock on f, waiting for it.
func flock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !interrupted(err) {
			return err
		}
	}
}

func funlock(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// interrupted tells an EINTR, which flock retries.
func interrupted(err error) bool { return errors.Is(err, syscall.EINTR) }
