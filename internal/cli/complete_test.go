package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"conclab/exercises"
	"conclab/internal/challenge"
	"conclab/internal/realrun"
	"conclab/labs"
)

// completions asks conclab what may come after args (the last one is the
// word being typed), as the shells' scripts do: the words offered (without
// their descriptions) and the directive.
func completions(t *testing.T, args ...string) (words []string, directive string) {
	t.Helper()
	code, out, errs := mainIn(append([]string{"__complete"}, args...)...)
	if code != ExitOK {
		t.Fatalf("conclab __complete %q = %d, stderr %q", args, code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		word, _, _ := strings.Cut(l, "\t")
		words = append(words, word)
	}
	return words, lines[len(lines)-1]
}

func TestCompletions(t *testing.T) {
	chess, err := labs.Get("chess")
	if err != nil {
		t.Fatal(err)
	}
	var labNames, params, exerciseNames, levels, realFlags []string
	for _, l := range labs.All() {
		labNames = append(labNames, l.Name)
	}
	for _, p := range chess.Params {
		params = append(params, p.Name+"=")
	}
	for _, e := range exercises.All() {
		exerciseNames = append(exerciseNames, e.Name)
	}
	for _, l := range challenge.Levels() {
		levels = append(levels, l.Name)
	}
	for _, v := range realrun.Variants("flags") {
		realFlags = append(realFlags, v.Name)
	}
	var chessAfterSequential []string
	for _, n := range chess.VariantNames() {
		if n != "sequential" {
			chessAfterSequential = append(chessAfterSequential, "sequential,"+n)
		}
	}
	tests := []struct {
		args      []string
		want      []string
		directive string
	}{
		{[]string{"run", ""}, labNames, ":4"},
		{[]string{"run", "ch"}, []string{"checker", "chess"}, ":4"},
		{[]string{"run", "chess", ""}, nil, ":4"},
		{[]string{"run", "chess", "--variant", ""}, chess.VariantNames(), ":4"},
		{[]string{"run", "chess", "--variant", "sequential,"}, chessAfterSequential, ":4"},
		{[]string{"run", "flags", "--real", "--variant", ""}, realFlags, ":4"},
		{[]string{"run", "nolab", "--variant", ""}, nil, ":4"},
		{[]string{"run", "chess", "--set", ""}, params, ":6"}, // no space after name=
		{[]string{"run", "chess", "--set", "boards=1"}, nil, ":4"},
		{[]string{"check", ""}, exerciseNames, ":4"},
		{[]string{"reset", "ch"}, slices.DeleteFunc(slices.Clone(exerciseNames), func(n string) bool { return !strings.HasPrefix(n, "ch") }), ":4"},
		{[]string{"challenge", "play", ""}, levels, ":4"},
		{[]string{"challenge", "explore", "./mine"}, []string{"go"}, ":8"}, // a file of one's own, *.go
		{[]string{"help", "chec"}, []string{"check", "checker"}, ":4"},
	}
	for _, tt := range tests {
		got, directive := completions(t, tt.args...)
		if !slices.Equal(got, tt.want) || directive != tt.directive {
			t.Errorf("completions(%q) = %q %s, want %q %s", tt.args, got, directive, tt.want, tt.directive)
		}
	}
	cmds, _ := completions(t, "")
	for _, want := range []string{"list", "run", "serve", "challenge", "check", "completion", "help"} {
		if !slices.Contains(cmds, want) {
			t.Errorf("completions(\"\") = %q, want %s among them", cmds, want)
		}
	}
	if slices.Contains(cmds, "version") {
		t.Errorf("completions(\"\") = %q: offers the hidden version command", cmds)
	}
}

// TestBashCompletionScript sources `conclab completion bash` in a bash
// without the bash-completion package and completes lines with it, conclab
// being this test binary (see TestMain).
func TestBashCompletionScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	code, script, errs := mainIn("completion", "bash")
	if code != ExitOK || !strings.Contains(script, "__start_conclab") {
		t.Fatalf("conclab completion bash = %d, stderr %q:\n%s", code, errs, script)
	}
	file := filepath.Join(t.TempDir(), "conclab.bash")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	const complete = `source "$1"; shift
declare -F _init_completion >/dev/null && { echo "bash-completion is loaded"; exit 1; }
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_TYPE=63
COMP_LINE="${COMP_WORDS[*]}"; COMP_LINE=${COMP_LINE//" = "/=}; COMP_POINT=${#COMP_LINE}
__start_conclab
printf '%s\n' "${COMPREPLY[@]}"`
	self := os.Args[0]
	tests := []struct {
		words []string
		want  []string
	}{
		{[]string{self, "run", ""}, []string{"chess", "flags", "spinner"}},
		{[]string{self, "run", "chess", "--variant", ""}, []string{"sequential", "concurrent", "two-masters"}},
		{[]string{self, "run", "chess", "--set", "mo"}, []string{"moves="}},
		// bash splits --variant=seq at "="; the words are joined again
		{[]string{self, "run", "chess", "--variant", "=", "seq"}, []string{"sequential"}},
	}
	for _, tt := range tests {
		cmd := exec.Command(bash, append([]string{"--norc", "--noprofile", "-c", complete, "bash", file}, tt.words...)...)
		cmd.Env = append(os.Environ(), AsConclab+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash completing %q: %v\n%s", tt.words[1:], err, out)
		}
		for _, want := range tt.want {
			found := false
			for _, line := range strings.Split(string(out), "\n") {
				found = found || strings.HasPrefix(line, want)
			}
			if !found {
				t.Errorf("bash completing %q = %q, want %q among them", tt.words[1:], out, want)
			}
		}
	}
}
