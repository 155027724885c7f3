package tui

import "strings"

// asciiOnly turns the Unicode that text, key names and markdown bring in
// (the glyphs already follow the styles) into ASCII of the same width, for
// a terminal that shows no Unicode (TERM=dumb).
var asciiOnly = strings.NewReplacer(
	"→", ">", "←", "<", "↑", "^", "↓", "v", "×", "x", "·", "|", "—", "-", "–", "-", "›", ">", "‹", "<",
	"…", "~", "‖", "=", "“", `"`, "”", `"`, "‘", "'", "’", "'", "•", "*", "µ", "u",
	"─", "-", "━", "-", "│", "|", "┃", "|", "┼", "+", "┬", "+", "┴", "+", "├", "+", "┤", "+",
	"╭", "+", "╮", "+", "╰", "+", "╯", "+", "┌", "+", "┐", "+", "└", "+", "┘", "+",
	"█", "#", "▒", "=", "░", ".", "▲", "^", "▶", ">", "▸", ">", "✓", "*", "✗", "x",
)
