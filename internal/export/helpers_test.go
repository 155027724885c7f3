package export_test

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"conclab/internal/export"
	"conclab/labs"
	_ "conclab/labs/all"
)

// runLab runs variants of lab name (its default ones when none are named)
// with its default parameters, as lanes of a picture.
func runLab(t *testing.T, name string, variants ...string) export.Picture {
	t.Helper()
	l, err := labs.Get(name)
	require.NoError(t, err)
	values, err := l.Resolve(nil)
	require.NoError(t, err)
	if len(variants) == 0 {
		variants = l.DefaultVariants()
	}
	p := export.Picture{Title: l.Name + " — " + l.Title, Params: "defaults"}
	for _, n := range variants {
		v, err := l.Variant(n)
		require.NoError(t, err)
		res, err := v.Run(values)
		require.NoError(t, err, "%s %s", name, n)
		p.Lanes = append(p.Lanes, export.Lane{Variant: n, Summary: v.Summary, Result: res, Speedup: "1.0x", Facts: "f=1"})
	}
	return p
}

// node is an element of a decoded XML document, with its children.
type node struct {
	name     string
	attrs    map[string]string
	text     string // the character data directly inside it
	children []*node
}

// decode parses a whole XML document with encoding/xml (strict: any
// ill-formed part fails) and returns its root element.
func decode(t *testing.T, doc string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "the document is not well-formed XML")
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.children = append(top.children, n)
			} else {
				require.Nil(t, root, "a second root element")
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	require.NotNil(t, root, "no root element")
	require.Empty(t, stack, "elements left open")
	return root
}

// all returns every element under n (n included) for which keep is true, in document order.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if keep(m) {
			out = append(out, m)
		}
		for _, c := range m.children {
			walk(c)
		}
	}
	walk(n)
	return out
}

// classed keeps elements whose class attribute has every one of classes.
func classed(classes ...string) func(*node) bool {
	return func(n *node) bool {
		have := strings.Fields(n.attrs["class"])
		for _, c := range classes {
			found := false
			for _, h := range have {
				found = found || h == c
			}
			if !found {
				return false
			}
		}
		return true
	}
}

// texts is the text of every <text> element under n.
func (n *node) texts() []string {
	var out []string
	for _, t := range n.all(func(m *node) bool { return m.name == "text" }) {
		out = append(out, t.text)
	}
	return out
}

func float(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return v
}
