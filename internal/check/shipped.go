package check

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"conclab/exercises"
)

// runFiles are the files of one run: the -overlay file that lays the
// shipped checks and the sentinel over the learner's directory (and the
// Runner's own replacements), and what the verdicts need to know of it.
type runFiles struct {
	overlay string
	// replaced maps each replacement file back to the file it stands for.
	replaced map[string]string
	// notes say where the learner's copies differ from what ran.
	notes []string
}

// prepare writes the overlay of a run of ex's checks into dir: every file
// of ex.Checks as shipped, in place of the learner's copy, whatever that
// holds (and a note when it differs); the learner's own _test.go files
// left out; the sentinel added; and the replacements of Runner.Overlay.
// The learner's file itself is never replaced unless Runner.Overlay says so.
func (r *Runner) prepare(ctx context.Context, ex exercises.Exercise, dir string) (runFiles, error) {
	rf := runFiles{replaced: map[string]string{}}
	replace := map[string]string{}
	if r.Overlay != "" {
		b, err := os.ReadFile(r.Overlay)
		if err != nil {
			return rf, fmt.Errorf("read the overlay %s: %w", r.Overlay, err)
		}
		var ov struct{ Replace map[string]string }
		if err := json.Unmarshal(b, &ov); err != nil {
			return rf, fmt.Errorf("read the overlay %s: %w", r.Overlay, err)
		}
		for orig, repl := range ov.Replace {
			replace[r.abs(orig)] = repl
			if repl != "" {
				rf.replaced[r.abs(repl)] = filepath.ToSlash(r.abs(orig))
				rf.replaced[repl] = filepath.ToSlash(r.abs(orig))
			}
		}
	}
	pkgDir := filepath.Join(r.Root, filepath.FromSlash(ex.Dir))
	var changed, missing []string
	testPkg := ""
	names := make([]string, 0, len(ex.Checks))
	for name := range ex.Checks {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		orig := filepath.Join(pkgDir, name)
		if _, ok := replace[orig]; ok {
			continue // the Runner's own replacement wins
		}
		shipped, err := shippedCheck(ctx, r.Root, ex, name)
		if err != nil {
			return rf, err
		}
		if testPkg == "" && strings.HasSuffix(name, "_test.go") {
			testPkg, _ = testPackage(shipped)
		}
		switch mine, err := os.ReadFile(orig); {
		case err != nil:
			missing = append(missing, name)
		case !bytes.Equal(mine, shipped):
			changed = append(changed, name)
		}
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, shipped, 0o444); err != nil {
			return rf, err
		}
		replace[orig], rf.replaced[file] = file, filepath.ToSlash(orig)
	}
	if entries, err := os.ReadDir(pkgDir); err == nil {
		var extra []string
		for _, e := range entries {
			name := e.Name()
			orig := filepath.Join(pkgDir, name)
			if _, shipped := ex.Checks[name]; shipped || !strings.HasSuffix(name, "_test.go") || replace[orig] != "" {
				continue
			}
			replace[orig] = "" // as if it were not there
			extra = append(extra, ex.Dir+"/"+name)
		}
		if len(extra) > 0 {
			rf.notes = append(rf.notes, fmt.Sprintf("%s %s not among conclab's checks: left out of this run", strings.Join(extra, ", "), isAre(len(extra))))
		}
	}
	if len(changed)+len(missing) > 0 {
		var what []string
		for _, n := range changed {
			what = append(what, ex.Dir+"/"+n)
		}
		for _, n := range missing {
			what = append(what, ex.Dir+"/"+n+" (missing)")
		}
		rf.notes = append(rf.notes, fmt.Sprintf("your copy of %s differs from the checks conclab shipped: conclab ran its own", strings.Join(what, ", ")))
	}
	if testPkg == "" {
		testPkg = filepath.Base(ex.Dir)
	}
	sentinel := filepath.Join(dir, sentinelFile)
	if err := os.WriteFile(sentinel, []byte(sentinelSource(testPkg)), 0o444); err != nil {
		return rf, err
	}
	orig := filepath.Join(pkgDir, sentinelFile)
	replace[orig], rf.replaced[sentinel] = sentinel, filepath.ToSlash(orig)

	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return rf, err
	}
	rf.overlay = filepath.Join(dir, "overlay.json")
	return rf, os.WriteFile(rf.overlay, b, 0o444)
}

// abs is path from the root (where the go command runs) when it is relative.
func (r *Runner) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(r.Root, path)
}

// shippedCheck is ex's check file name as shipped: the copy built into
// conclab when its blob id is the manifest's, else the object of that id
// in the repository's git history (conclab was built from a tree where the
// checks had been edited, as `go run .` does). When neither is there it is
// the copy built in: conclab has nothing better to run.
func shippedCheck(ctx context.Context, root string, ex exercises.Exercise, name string) ([]byte, error) {
	embedded, err := ex.Embedded(name)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", ex.Name, err)
	}
	blob := ex.Checks[name]
	if BlobID(embedded) == blob {
		return embedded, nil
	}
	if b, err := gitBlob(ctx, root, blob); err == nil && BlobID(b) == blob {
		return b, nil
	}
	return embedded, nil
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
