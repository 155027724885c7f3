package lab

import "strings"

// bigFont is a 3x5 dot font of the clock's characters ('#' a dot), drawn
// by bigText in three lines of half blocks: a terminal cannot change its
// font size, so the presenter view draws the clock in larger characters
// of its own, each dot half a cell high.
var bigFont = map[rune][5]string{
	'0': {"###", "#.#", "#.#", "#.#", "###"},
	'1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"###", "..#", "###", "#..", "###"},
	'3': {"###", "..#", "###", "..#", "###"},
	'4': {"#.#", "#.#", "###", "..#", "..#"},
	'5': {"###", "#..", "###", "..#", "###"},
	'6': {"###", "#..", "###", "#.#", "###"},
	'7': {"###", "..#", "..#", "..#", "..#"},
	'8': {"###", "#.#", "###", "#.#", "###"},
	'9': {"###", "#.#", "###", "..#", "###"},
	':': {".", "#", ".", "#", "."},
	'.': {".", ".", ".", ".", "#"},
}

// bigHeight is the lines bigText draws.
const bigHeight = 3

// bigText draws s in bigFont, three lines of equal width with a blank
// column between characters; ok is false when s has a character the font
// does not have.
func bigText(s string) (lines [bigHeight]string, ok bool) {
	var b [bigHeight]strings.Builder
	for i, r := range s {
		dots, has := bigFont[r]
		if !has {
			return lines, false
		}
		for l := range bigHeight {
			if i > 0 {
				b[l].WriteByte(' ')
			}
			for c := range len(dots[0]) {
				top := dots[2*l][c] == '#'
				bottom := 2*l+1 < len(dots) && dots[2*l+1][c] == '#'
				b[l].WriteString(halfBlock(top, bottom))
			}
		}
	}
	for l := range bigHeight {
		lines[l] = b[l].String()
	}
	return lines, true
}

// halfBlock is the cell of two dots, one above the other.
func halfBlock(top, bottom bool) string {
	switch {
	case top && bottom:
		return "█"
	case top:
		return "▀"
	case bottom:
		return "▄"
	}
	return " "
}
