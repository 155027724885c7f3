package check

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"conclab/exercises"
)

// BlobID is git's object id for a file holding b (`git hash-object`).
func BlobID(b []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(b)) + "\x00"))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Untouched reports whether the learner's file of ex under root is exactly
// as shipped (its blob id is ex.Blob).
func Untouched(root string, ex exercises.Exercise) (bool, error) {
	b, err := os.ReadFile(filepath.Join(root, ex.Path()))
	if err != nil {
		return false, fmt.Errorf("read %s: %w", ex.Path(), err)
	}
	return BlobID(b) == ex.Blob, nil
}

// Shipped returns ex's file as shipped, from the repository's git objects
// (`git cat-file blob <ex.Blob>` in root). The error is one line that says
// git is needed when it is not there.
func Shipped(ctx context.Context, root string, ex exercises.Exercise) ([]byte, error) {
	out, err := gitBlob(ctx, root, ex.Blob)
	if errors.Is(err, exec.ErrNotFound) {
		return nil, fmt.Errorf("restoring %s needs git (git cat-file blob %.7s), and git is not installed", ex.Path(), ex.Blob)
	}
	if err != nil {
		return nil, fmt.Errorf("restoring %s needs git and the repository's history: git cat-file blob %.7s failed: %w", ex.Path(), ex.Blob, err)
	}
	if BlobID(out) != ex.Blob {
		return nil, fmt.Errorf("git gave a different file for %s than the manifest's blob %.7s", ex.Path(), ex.Blob)
	}
	return out, nil
}

// gitBlob is the git object blob in root's repository (`git cat-file
// blob`). The error is exec.ErrNotFound without git, else what git said.
func gitBlob(ctx context.Context, root, blob string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", "cat-file", "blob", blob)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		return nil, err
	}
	if err != nil {
		if why := oneLine(stderr.String()); why != "" {
			return nil, errors.New(why)
		}
		return nil, err
	}
	return out, nil
}

// ResetResult says what Reset did.
type ResetResult struct {
	// Untouched tells that the file was already as shipped: nothing was written.
	Untouched bool
	// Backup is where the learner's file was copied before it was
	// overwritten ("" if there was no file).
	Backup string
}

// Reset puts ex's file under root back as shipped. Unless it is untouched
// already, the learner's file is first copied to
// backupDir/<name>-<time>.go. This is the only function of conclab that
// writes inside exercises/.
func Reset(ctx context.Context, root string, ex exercises.Exercise, backupDir string, now time.Time) (ResetResult, error) {
	path := filepath.Join(root, ex.Path())
	cur, err := os.ReadFile(path)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		return ResetResult{}, fmt.Errorf("reset %s: %w", ex.Name, err)
	}
	if !missing && BlobID(cur) == ex.Blob {
		return ResetResult{Untouched: true}, nil
	}
	shipped, err := Shipped(ctx, root, ex)
	if err != nil {
		return ResetResult{}, fmt.Errorf("reset %s: %w", ex.Name, err)
	}
	var res ResetResult
	if !missing {
		if res.Backup, err = backup(backupDir, ex.Name, cur, now); err != nil {
			return ResetResult{}, fmt.Errorf("reset %s: back up your file first: %w", ex.Name, err)
		}
	}
	if err := writeAtomic(path, shipped, 0o644); err != nil {
		return res, fmt.Errorf("reset %s: %w", ex.Name, err)
	}
	return res, nil
}

// backup writes b to dir/<name>-<time>.go, never over an existing file.
func backup(dir, name string, b []byte, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	stamp := now.Format("20060102-150405")
	for i := 1; ; i++ {
		file := filepath.Join(dir, fmt.Sprintf("%s-%s.go", name, stamp))
		if i > 1 {
			file = filepath.Join(dir, fmt.Sprintf("%s-%s-%d.go", name, stamp, i))
		}
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return file, err
	}
}

// Solution returns ex's solved file (solutions/...) under root.
func Solution(root string, ex exercises.Exercise) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(root, ex.SolutionPath()))
	if err != nil {
		return nil, fmt.Errorf("read the solution of %s: %w", ex.Name, err)
	}
	return b, nil
}
