package exercise

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"conclab/exercises"
)

// Goal returns the goal of exercise ex: the package doc comment of its file
// under root, as text (paragraphs separated by blank lines). The error is
// one line: the file cannot be read or parsed, or it has no doc comment.
func Goal(root string, ex exercises.Exercise) (string, error) {
	path := filepath.Join(root, filepath.FromSlash(ex.Path()))
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read the goal of %s: %w", ex.Name, err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return "", fmt.Errorf("read the goal of %s: %s does not parse: %w", ex.Name, ex.Path(), err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("read the goal of %s: %s has no package comment", ex.Name, ex.Path())
	}
	return strings.TrimSpace(f.Doc.Text()), nil
}
