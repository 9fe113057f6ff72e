package tui

import "testing"

func TestBigText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [3]string
	}{
		{"3/4", [3]string{"┏━┓   ╱ ╻ ╻", " ━┫  ╱  ┗━┫", "┗━┛ ╱     ╹"}},
		{"0.64 s", [3]string{"┏━┓  ┏━╸ ╻ ╻  ", "┃ ┃  ┣━┓ ┗━┫  ", "┗━┛▪ ┗━┛   ╹ s"}},
		{"9m37s", [3]string{"┏━┓  ┏━┓ ╺━┓ ", "┗━┫   ━┫   ┃ ", "┗━┛m ┗━┛   ╹s"}},
		{"12 req/s", [3]string{"╺┓  ┏━┓      ", " ┃  ┏━┛      ", "╺┻╸ ┗━╸ req/s"}},
	} {
		got := bigText(tc.in)
		if got != tc.want {
			t.Errorf("bigText(%q) =\n%s\n%s\n%s\nwant\n%s\n%s\n%s", tc.in, got[0], got[1], got[2], tc.want[0], tc.want[1], tc.want[2])
		}
	}
}
