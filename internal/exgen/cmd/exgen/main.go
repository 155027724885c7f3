// Command exgen writes the generated files of package exercises
// (manifest.json, embed_gen.go) from the exercise folders. It runs in the
// exercises folder, through `go generate ./exercises`; see package
// conclab/internal/exgen. When an exercise folder has a problem it prints
// one line per problem and writes nothing.
package main

import (
	"fmt"
	"os"
	"strings"

	"conclab/internal/exgen"
)

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "exgen takes no arguments: run go generate ./exercises from the repository's root")
		os.Exit(2)
	}
	wrote, err := exgen.Write(".")
	if err != nil {
		fmt.Fprintf(os.Stderr, "go generate ./exercises: nothing written:\n%v\n", err)
		os.Exit(1)
	}
	if len(wrote) == 0 {
		fmt.Println("exercises: generated files up to date")
		return
	}
	fmt.Printf("exercises: wrote %s\n", strings.Join(wrote, ", "))
}
