package tui

import "strings"

// bigGlyphs is a three-row font for the characters of key numbers, drawn with
// box-drawing characters every terminal font has.
var bigGlyphs = map[rune][3]string{
	'0': {"┏━┓", "┃ ┃", "┗━┛"},
	'1': {"╺┓ ", " ┃ ", "╺┻╸"},
	'2': {"┏━┓", "┏━┛", "┗━╸"},
	'3': {"┏━┓", " ━┫", "┗━┛"},
	'4': {"╻ ╻", "┗━┫", "  ╹"},
	'5': {"┏━╸", "┗━┓", "┗━┛"},
	'6': {"┏━╸", "┣━┓", "┗━┛"},
	'7': {"╺━┓", "  ┃", "  ╹"},
	'8': {"┏━┓", "┣━┫", "┗━┛"},
	'9': {"┏━┓", "┗━┫", "┗━┛"},
	'/': {"  ╱", " ╱ ", "╱  "},
	'.': {" ", " ", "▪"},
	':': {" ", "▪", "▪"},
	'%': {"▪ ╱", " ╱ ", "╱ ▪"},
	'-': {"   ", "╺━╸", "   "},
	'+': {"   ", "╺╋╸", "   "},
	'×': {"  ", "╲╱", "╱╲"},
	' ': {" ", " ", " "},
}

// bigText draws s three rows high: the characters of bigGlyphs big, any
// other (units: "ms", "s", "req/s") small on the bottom row, so "412 ms"
// reads as a big 412 followed by its unit.
func bigText(s string) [3]string {
	var rows [3]strings.Builder
	big := true // after a small letter, "/" in "req/s" stays small
	for i, r := range []rune(s) {
		g, ok := bigGlyphs[r]
		if r >= '0' && r <= '9' {
			big = true // "9m37s": the 37 is big again
		}
		if ok && big {
			for row := range rows {
				if i > 0 && r != '.' && r != ':' && r != ' ' {
					rows[row].WriteByte(' ')
				}
				rows[row].WriteString(g[row])
			}
			continue
		}
		if r != ' ' && !ok {
			big = false
		}
		rows[0].WriteByte(' ')
		rows[1].WriteByte(' ')
		rows[2].WriteRune(r)
	}
	return [3]string{rows[0].String(), rows[1].String(), rows[2].String()}
}
