package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"conclab/labs"
)

// presentUsage is what --present does, in conclab's help and open's.
const presentUsage = "open the TUI in the presenter view, for a projector: one or two lanes the\nfull width, thick glyphs, no help bar (c turns it on and off)"

// addPresentFlag gives the root command --present: `conclab --present`
// opens the TUI on the home screen, its labs in the presenter view (and
// `conclab --present LAB` is `conclab LAB --present`, see Main).
func addPresentFlag(root *cobra.Command, env Env) {
	var on bool
	addSwitch(root.Flags(), &on, "present", "", presentUsage)
	help := root.RunE
	root.RunE = func(c *cobra.Command, args []string) error {
		if !on {
			return help(c, args)
		}
		if env.Present == nil {
			return fmt.Errorf("--present: %w (standard input and output); conclab run LAB prints a lab as text", errNoTerminal)
		}
		return env.Present(nil, labs.Setup{})
	}
}

// presentFirst turns `conclab --present LAB ...` into `conclab LAB
// --present ...` (conclab open LAB --present).
func presentFirst(root *cobra.Command, args []string) []string {
	if len(args) > 1 && args[0] == "--present" && isLabName(root, args[1]) {
		return append([]string{args[1], args[0]}, args[2:]...)
	}
	return args
}
