package room

import (
	"fmt"
	"slices"
	"strings"

	"conclab/labs"
)

// A histogram of the room's guesses of one thing (a lane's total or one of
// its facts) against the truth: a number's guesses fall in bins by how far
// off they are (labs.Judge judges them as the learner's own screen does,
// within labs.Tolerance); a word's by the word, the truth marked.

// bin is one bar: its label, and who guessed in it (their names and guesses).
type bin struct {
	label string
	truth bool // the bin of right guesses
	who   []string
}

// NumberBins are the bins of a number's guesses, from far too low to far
// too high: half the truth or less, below it, right (within labs.Tolerance),
// above it, twice the truth or more.
var NumberBins = []string{"≤ ½ the truth", "too low", fmt.Sprintf("right (±%.0f %%)", 100*labs.Tolerance), "too high", "≥ 2× the truth"}

// binOf is the index in NumberBins of a judged number guess.
func binOf(j labs.Judged) int {
	switch {
	case j.Right:
		return 2
	case j.Off <= -0.5:
		return 0
	case j.Off < 0:
		return 1
	case j.Off < 1:
		return 3
	}
	return 4
}

// asked is one thing of the prompt that can be guessed.
type asked struct {
	variant string
	fact    labs.Fact // Name "" for the total
}

// prompt is what the teacher's lanes ask to guess: each lane's total and facts.
func (d Dashboard) prompt() []asked {
	if d.lab == nil {
		return nil
	}
	var out []asked
	for _, v := range d.lead.Setup.Variants {
		for _, f := range d.lab.Guessable(v) {
			out = append(out, asked{variant: v, fact: f})
		}
	}
	return out
}

// histograms are the lines of the prompt's histograms: a title, then per
// thing asked its truth and a bar per bin.
func (d Dashboard) histograms() []string {
	st := d.c.Styles
	if d.lab == nil || d.lead.Lab == "" {
		return []string{st.Muted.Render("Predictions: the teacher's screen shows no lab, so there is no prompt.")}
	}
	things := d.prompt()
	if len(things) == 0 {
		return []string{st.Muted.Render("Predictions: " + d.lead.Lab + " asks for none here.")}
	}
	var guessers []Member
	for _, m := range d.students() {
		if m.Place.Prompt(d.lead) {
			guessers = append(guessers, m)
		}
	}
	out := []string{st.Title.Render("Predictions") + st.Muted.Render(fmt.Sprintf(" · %d/%d students on %s (%s)%s",
		len(guessers), len(d.students()), d.lead.Lab, strings.Join(d.lead.Setup.Variants, ", "), setText(d.lab, d.lead.Setup.Set)))}
	var none []string
	for _, a := range things {
		h := d.histogram(a, guessers)
		if h == nil {
			none = append(none, a.variant+" "+a.question())
			continue
		}
		out = append(out, h...)
	}
	if len(none) > 0 {
		out = append(out, "", st.Muted.Render("Not guessed yet: "+strings.Join(none, ", ")))
	}
	return out
}

// setText is the parameters that differ from the defaults, in the lab's
// order: " with boards=12 moves=30"; "" for none.
func setText(l *labs.Lab, set map[string]string) string {
	var parts []string
	for _, p := range l.Params {
		if v, ok := set[p.Name]; ok {
			parts = append(parts, p.Name+"="+v)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " with " + strings.Join(parts, " ")
}

// question is what is asked, in a few words: "total", "first line".
func (a asked) question() string {
	if a.fact.Name == "" {
		return "total"
	}
	return a.fact.Question
}

// histogram is one thing's lines: what and its truth, then a bar per bin
// that holds guesses, and the truth's bin; nil when nobody guessed it.
func (d Dashboard) histogram(a asked, guessers []Member) []string {
	st := d.c.Styles
	question := a.question()
	var judged []labs.Judged
	var names []string
	for _, m := range guessers {
		for _, g := range m.Place.Guesses {
			if g.Variant == a.variant && g.Fact == a.fact.Name {
				judged = append(judged, d.lab.Judge([]labs.Guess{g}, d.results)[0])
				names = append(names, m.Name)
			}
		}
	}
	if len(judged) == 0 {
		return nil
	}
	truth := ""
	if j := d.lab.Judge([]labs.Guess{{Variant: a.variant, Fact: a.fact.Name, Value: "0"}}, d.results); len(j) == 1 {
		truth = j[0].Truth
	}
	head := fmt.Sprintf("%s %s", a.variant, question)
	right := 0
	for _, j := range judged {
		if j.Right {
			right++
		}
	}
	switch {
	case truth == "":
		head += st.Muted.Render(fmt.Sprintf(" · truth not known yet (the lanes have not run) · %d %s", len(judged), plural(len(judged), "guess", "guesses")))
	default:
		head += " · truth " + st.Title.Render(truth) + st.Muted.Render(fmt.Sprintf(" · %d %s, %d right", len(judged), plural(len(judged), "guess", "guesses"), right))
	}
	out := []string{"", head}
	var bins []bin
	switch {
	case truth == "" || a.fact.Word:
		bins = wordBins(judged, names, truth)
	default:
		bins = make([]bin, len(NumberBins))
		for i, l := range NumberBins {
			bins[i] = bin{label: l, truth: i == 2}
		}
		for i, j := range judged {
			b := &bins[binOf(j)]
			b.who = append(b.who, names[i]+" "+j.Value)
		}
	}
	return append(out, d.bars(bins)...)
}

// wordBins are the bins of guesses by their value (a word's case aside),
// in order of first guess; the truth's bin is marked, and shown even when
// nobody guessed it.
func wordBins(judged []labs.Judged, names []string, truth string) []bin {
	var bins []bin
	find := func(v string) int {
		return slices.IndexFunc(bins, func(b bin) bool { return strings.EqualFold(b.label, v) })
	}
	if truth != "" {
		bins = append(bins, bin{label: truth, truth: true})
	}
	for i, j := range judged {
		v := strings.TrimSpace(j.Value)
		k := find(v)
		if j.Right && truth != "" {
			k = 0
		}
		if k < 0 {
			bins = append(bins, bin{label: v})
			k = len(bins) - 1
		}
		bins[k].who = append(bins[k].who, names[i])
	}
	return bins
}

// bars draws one line per bin: its label, a bar as long as its count (at
// most 20 cells), the count and who.
func (d Dashboard) bars(bins []bin) []string {
	st := d.c.Styles
	labelW := 0
	most := 1
	for _, b := range bins {
		labelW = max(labelW, len([]rune(b.label)))
		most = max(most, len(b.who))
	}
	var out []string
	for _, b := range bins {
		n := len(b.who)
		if n == 0 && !b.truth {
			continue
		}
		cells := (n*20 + most - 1) / most
		bar := strings.Repeat(st.Glyphs.Running, cells)
		mark := "  "
		if b.truth {
			mark = st.Glyphs.Done + " "
			bar = st.Success.Render(bar)
		}
		label := b.label + strings.Repeat(" ", labelW-len([]rune(b.label)))
		line := fmt.Sprintf("  %s%s %s %d", mark, label, bar, n)
		if n > 0 {
			line += st.Muted.Render("  " + strings.Join(b.who, ", "))
		}
		out = append(out, line)
	}
	return out
}
