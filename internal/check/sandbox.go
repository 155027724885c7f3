package check

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// sandbox is what the child's environment is made of: a scratch HOME and
// TMPDIR of its own, where the traces go, the go command's own settings
// (so that builds stay cached), and the limits the sentinel enforces.
type sandbox struct {
	home, tmp, traces string
	goEnv             map[string]string // GOCACHE, GOMODCACHE, GOPATH, GOENV as the go command sees them here
	sentinel          string            // the sentinel's settings (sentinelEnv)
	memLimit          int64             // GOMEMLIMIT, in bytes; 0 leaves it unset
}

// goSettings are the go command's settings that follow HOME by default:
// the child gets them as they are for conclab, so that a scratch HOME
// does not mean an empty build cache.
var goSettings = []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"}

// dropped are variables the child never sees: conclab's own, the user's
// directories (the child gets scratch ones), and runtime settings that
// would change what the checks see (tracebacks, preemption, the race
// detector's options) or where the test binary runs.
var dropped = map[string]bool{
	"HOME": true, "TMPDIR": true, "TMP": true, "TEMP": true, "USERPROFILE": true,
	"GOOS": true, "GOARCH": true, "GOTRACEBACK": true, "GODEBUG": true, "GORACE": true, "GOMEMLIMIT": true,
}

// childEnv is the environment of the child: env without conclab's
// variables (CONCLAB_CONFIG_DIR above all: the learner's code must not
// find the progress file), without the user's XDG directories, HOME and
// TMPDIR (scratch ones instead), with the go command's cache settings
// spelled out, GOFLAGS cut down to flags that cannot change what the
// checks mean (-mod, -modcacherw, -buildvcs), and CONCLAB_TRACE_DIR and
// the sentinel's settings set.
func childEnv(env []string, sb sandbox) []string {
	var out []string
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case dropped[k], strings.HasPrefix(k, "CONCLAB_"), strings.HasPrefix(k, "XDG_"), sb.goEnv[k] != "":
			continue
		case k == "GOFLAGS":
			var keep []string
			for _, f := range strings.Fields(v) {
				name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
				if name == "mod" || name == "modcacherw" || name == "buildvcs" {
					keep = append(keep, f)
				}
			}
			kv = "GOFLAGS=" + strings.Join(keep, " ")
		}
		out = append(out, kv)
	}
	for _, k := range goSettings {
		if v := sb.goEnv[k]; v != "" {
			out = append(out, k+"="+v)
		}
	}
	out = append(out, "HOME="+sb.home, "TMPDIR="+sb.tmp, traceDirEnv+"="+sb.traces)
	if sb.sentinel != "" {
		out = append(out, sentinelEnv+"="+sb.sentinel)
	}
	if sb.memLimit > 0 {
		out = append(out, "GOMEMLIMIT="+strconv.FormatInt(sb.memLimit, 10))
	}
	return out
}

// goEnvs caches goEnvOf by go command and directory.
var goEnvs sync.Map // string → map[string]string

// goEnvOf asks the go command, once per process, for the settings of
// goSettings as they are in dir (`go env -json`): the environment, the
// user's go env file, or their defaults under HOME. It returns nil if the
// go command does not answer; the child then finds its own (under the
// scratch HOME: builds are slower, not wrong).
func goEnvOf(goCmd, dir string) map[string]string {
	key := goCmd + "\x00" + dir
	if m, ok := goEnvs.Load(key); ok {
		return m.(map[string]string)
	}
	cmd := exec.Command(goCmd, append([]string{"env", "-json"}, goSettings...)...)
	cmd.Dir = dir
	var m map[string]string
	if out, err := cmd.Output(); err == nil && json.Unmarshal(bytes.TrimSpace(out), &m) != nil {
		m = nil
	}
	goEnvs.Store(key, m)
	return m
}

// newSandbox makes the scratch directories of a run under dir. The
// scratch HOME has Go's telemetry off: with no mode file there, the go
// command would count into it and start its telemetry sidecar, a process
// in a session of its own that outlives the check and writes into the
// scratch HOME after it is gone.
func newSandbox(dir string) (sandbox, error) {
	sb := sandbox{home: filepath.Join(dir, "home"), tmp: filepath.Join(dir, "tmp"), traces: filepath.Join(dir, "traces")}
	for _, d := range []string{sb.home, sb.tmp, sb.traces} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return sb, err
		}
	}
	if cfg := configDirUnder(sb.home); cfg != "" {
		mode := filepath.Join(cfg, "go", "telemetry", "mode")
		if err := os.MkdirAll(filepath.Dir(mode), 0o700); err != nil {
			return sb, err
		}
		if err := os.WriteFile(mode, []byte("off"), 0o644); err != nil {
			return sb, err
		}
	}
	return sb, nil
}

// configDirUnder is os.UserConfigDir for a process whose HOME is home and
// that has no XDG variables, or "" where it does not follow HOME.
func configDirUnder(home string) string {
	switch runtime.GOOS {
	case "windows", "plan9", "js", "wasip1":
		return ""
	case "darwin", "ios":
		return filepath.Join(home, "Library", "Application Support")
	}
	return filepath.Join(home, ".config")
}
