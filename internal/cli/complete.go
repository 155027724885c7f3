package cli

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"conclab/exercises"
	"conclab/internal/challenge"
	"conclab/internal/realrun"
	"conclab/labs"
)

// Shell completion (conclab completion bash|zsh|fish|powershell): cobra
// asks these functions for the words that may come next, each with a
// description, and the shell shows those that start with what is typed.

// completeLab completes run's LAB: the lab names, with their summaries.
func completeLab(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return labCompletions(toComplete), cobra.ShellCompDirectiveNoFileComp
}

func labCompletions(toComplete string) []cobra.Completion {
	var out []cobra.Completion
	for _, l := range labs.All() {
		if strings.HasPrefix(l.Name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(l.Name, l.Summary))
		}
	}
	return out
}

// completeVariant completes --variant a,b: the variants of the lab given
// (its real variants with --real), after the names already typed.
func completeVariant(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	l, err := labs.Get(args[0])
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	type variant struct{ name, summary string }
	var vs []variant
	if c.Flags().Changed("real") {
		for _, v := range realrun.Variants(l.Name) {
			vs = append(vs, variant{v.Name, v.Summary})
		}
	} else {
		for _, v := range l.Variants {
			vs = append(vs, variant{v.Name, v.Summary})
		}
	}
	before, typed := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		before, typed = toComplete[:i+1], toComplete[i+1:]
	}
	given := map[string]bool{}
	for _, n := range strings.Split(before, ",") {
		given[n] = true
	}
	var out []cobra.Completion
	for _, v := range vs {
		if !given[v.name] && strings.HasPrefix(v.name, typed) {
			out = append(out, cobra.CompletionWithDesc(before+v.name, v.summary))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeSet completes --set name=value: the parameters of the lab given,
// as "name=" (the value is the learner's to type), with their help, range
// and default.
func completeSet(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 || strings.Contains(toComplete, "=") {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	l, err := labs.Get(args[0])
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, p := range l.Params {
		if strings.HasPrefix(p.Name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(p.Name+"=", p.Help+" ("+p.Range()+", default "+p.Default+")"))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// completeExercise completes the NAME of the exercise commands.
func completeExercise(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, e := range exercises.All() {
		if strings.HasPrefix(e.Name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(e.Name, e.Title))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeLevel completes a challenge's LEVEL: the levels, or else a file
// of one's own (the shell's file completion takes over when no level
// starts with what is typed).
func completeLevel(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, l := range challenge.Levels() {
		if strings.HasPrefix(l.Name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(l.Name, l.Title))
		}
	}
	if len(out) == 0 {
		return []cobra.Completion{"go"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeHelp completes help's topic: the commands, then the labs.
func completeHelp(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, sub := range c.Root().Commands() {
		if available(sub) && strings.HasPrefix(sub.Name(), toComplete) {
			out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
		}
	}
	return append(out, labCompletions(toComplete)...), cobra.ShellCompDirectiveNoFileComp
}

// bashWords is put before cobra's bash script. The script reads the words
// of the line with _get_comp_words_by_ref, from the bash-completion
// package; where that package is not loaded (a bare bash, bash --norc, a
// minimal system), this defines a small one: the words bash split, joined
// again where "=" or ":" touches a neighbour (as -n =: asks), so that
// source <(conclab completion bash) works in a bash without the package.
const bashWords = `# Without the bash-completion package: a minimal _get_comp_words_by_ref.
if ! declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
_get_comp_words_by_ref() {
    local exclude= i n=-1 at=0 line=${COMP_LINE:0:COMP_POINT}
    while [[ $1 == -* ]]; do
        [[ $1 == -n ]] && { exclude=$2; shift; }
        shift
    done
    local -a ws=()
    for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
        local w=${COMP_WORDS[i]} rest=${line#"${line%%[![:space:]]*}"}
        local spaced=$((${#rest} != ${#line}))
        line=${rest#"$w"}
        if ((n >= 0 && !spaced)) && [[ -n $exclude && ( ( -n $w && -z ${w//[$exclude]/} ) || ${ws[n]} == *[$exclude] ) ]]; then
            ws[n]+=$w
        else
            ws[++n]=$w
        fi
        at=$n
    done
    cur=${ws[at]}
    prev=
    ((at > 0)) && prev=${ws[at-1]}
    words=("${ws[@]}")
    cword=$at
}
fi
`

// withBashWords makes the bash subcommand of completion print bashWords
// before cobra's script.
func withBashWords(root *cobra.Command) {
	bash, _, err := root.Find([]string{"completion", "bash"})
	if err != nil || bash.Name() != "bash" || bash.RunE == nil {
		return
	}
	script := bash.RunE
	bash.RunE = func(c *cobra.Command, args []string) error {
		if _, err := io.WriteString(c.OutOrStdout(), bashWords); err != nil {
			return err
		}
		return script(c, args)
	}
	bash.Long = strings.Replace(bash.Long, "This script depends on the 'bash-completion' package.\nIf it is not installed already, you can install it via your OS's package manager.",
		"It uses the 'bash-completion' package when it is loaded, and a small stand-in\nfor it otherwise (a bare bash, bash --norc).", 1)
}

// completeGuess completes --predict on a timeline lab: what can be
// guessed, VARIANT= and VARIANT.FACT=, after what was typed before the last comma.
func completeGuess(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	none := cobra.ShellCompDirectiveNoFileComp
	if len(args) == 0 {
		return nil, none
	}
	l, err := labs.Get(args[0])
	if err != nil || l.Predict != nil {
		return nil, none
	}
	before, typed := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		before, typed = toComplete[:i+1], toComplete[i+1:]
	}
	var out []cobra.Completion
	for _, v := range l.Variants {
		for _, f := range l.Guessable(v.Name) {
			k := labs.Guess{Variant: v.Name, Fact: f.Name}.Key() + "="
			if strings.HasPrefix(k, typed) && !strings.Contains(before, k) {
				out = append(out, cobra.CompletionWithDesc(before+k, v.Name+" "+f.Question))
			}
		}
	}
	return out, none | cobra.ShellCompDirectiveNoSpace
}
