package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coldstart-dev/coldstart/sandbox/cluster"
	"github.com/coldstart-dev/coldstart/sandbox/record"
)

// runs are one realistic recording per demo, and the words its chart must
// show: the title and the axes' labels.
var runs = []struct {
	demo  string
	rec   func(testing.TB) *record.Recording
	words []string
}{
	{"cold-start", coldStartRun, []string{"Cold start", "time (s)", "latency (ms", "environments", "cold (Init ran first): 2", "warm (reused environment): 3", "throttled (429): 1"}},
	{"self-healing", selfHealingRun, []string{"Self-healing", "time (s)", "pods", "ready pods", "kill web-a", "kill node-2", "node-2 NotReady", "evict 1 pod", "ready web-e"}},
	{"rolling-deploy", rollingDeployRun, []string{"Rolling deploy", "time (s)", "pods", "pods of v1", "pods of v2", "replicas + maxSurge", "replicas − maxUnavailable", "revision 2: v2"}},
	{"autoscaling", func(t testing.TB) *record.Recording { return autoscalingRun(t, "rps", true) },
		[]string{"Autoscaling", "time (s)", "req/s per pod", "pods", "target", "desired replicas", "ready replicas", "scale-in held"}},
}

// CHART_OUT=dir keeps the drawn charts there, to look at them.
func keep(t *testing.T, name string, b []byte) {
	if dir := os.Getenv("CHART_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Error(err)
		}
	}
}

func TestDrawSVG(t *testing.T) {
	for _, run := range runs {
		t.Run(run.demo, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Draw(run.rec(t), &buf, "svg", DefaultSize); err != nil {
				t.Fatal(err)
			}
			keep(t, run.demo+".svg", buf.Bytes())
			text, err := svgText(buf.Bytes())
			if err != nil {
				t.Fatalf("not valid SVG: %v", err)
			}
			for _, w := range run.words {
				if !strings.Contains(text, w) {
					t.Errorf("no %q in the SVG's text: %q", w, text)
				}
			}
		})
	}
}

// svgText checks that b is an XML document whose root is <svg> and returns
// its text, all of it.
func svgText(b []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var text strings.Builder
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			text.Write(tok)
			text.WriteByte('\n')
		}
	}
	if root != "svg" {
		return "", &xml.SyntaxError{Msg: "root element is <" + root + ">, not <svg>"}
	}
	return text.String(), nil
}

func TestDrawPNG(t *testing.T) {
	for _, run := range runs {
		for _, size := range []Size{DefaultSize, {Width: 640, Height: 480}} {
			t.Run(fmt.Sprintf("%s/%dx%d", run.demo, size.Width, size.Height), func(t *testing.T) {
				var buf bytes.Buffer
				if err := Draw(run.rec(t), &buf, "png", size); err != nil {
					t.Fatal(err)
				}
				if size == DefaultSize {
					keep(t, run.demo+".png", buf.Bytes())
				}
				img, format, err := image.Decode(&buf)
				if err != nil {
					t.Fatal(err)
				}
				if format != "png" {
					t.Errorf("format %q, want png", format)
				}
				if got := img.Bounds().Size(); got != (image.Point{size.Width, size.Height}) {
					t.Errorf("size %v, want %dx%d", got, size.Width, size.Height)
				}
				if colours(img) < 5 {
					t.Errorf("%d colours: the chart is (nearly) blank", colours(img))
				}
			})
		}
	}
}

// colours counts the distinct colours of img, up to 100.
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X && len(seen) < 100; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

func TestDrawRefuses(t *testing.T) {
	rec := selfHealingRun(t)
	unknown := recording(t, "hello-world", summary(1))
	for _, tc := range []struct {
		name   string
		rec    *record.Recording
		format string
		size   Size
		want   string
	}{
		{"an unknown demo", unknown, "svg", DefaultSize, `no chart for demo "hello-world" (charts: autoscaling, cold-start, rolling-deploy, self-healing)`},
		{"an unknown format", rec, "gif", DefaultSize, `format "gif"`},
		{"an empty size", rec, "png", Size{}, "size 0x0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Draw(tc.rec, &buf, tc.format, tc.size)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

// A demo that recorded no state yet still draws: empty axes, not a panic.
func TestDrawEmpty(t *testing.T) {
	for _, run := range runs {
		t.Run(run.demo, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Draw(recording(t, run.demo), &buf, "png", DefaultSize); err != nil {
				t.Fatal(err)
			}
			if _, _, err := image.Decode(&buf); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		path, want string
		err        bool
	}{
		{"run.svg", "svg", false},
		{"/tmp/Run.PNG", "png", false},
		{"chart.jpeg", "", true},
		{"chart", "", true},
		{"svg", "", true},
	} {
		got, err := Format(tc.path)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("Format(%q) = %q, %v; want %q, error %v", tc.path, got, err, tc.want, tc.err)
		}
	}
}

// Marks too close to label apart keep one label that counts the rest.
func TestDrawCrowdedMarks(t *testing.T) {
	kill := func(at float64, pod string) entry {
		return event(at, kevent(at, cluster.Normal, cluster.ReasonKilling, "pod/"+pod, "Stopping container web"))
	}
	rec := recording(t, "self-healing",
		state(0, snap(0, 2, pod("web-a", "v1", "node-1", true), pod("web-b", "v1", "node-2", true))),
		kill(1, "web-a"), kill(1.1, "web-b"), kill(30, "web-c"), summary(60))
	var buf bytes.Buffer
	if err := Draw(rec, &buf, "svg", DefaultSize); err != nil {
		t.Fatal(err)
	}
	text, err := svgText(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]bool{"kill web-a +1": true, "kill web-b": false, "kill web-c": true} {
		if strings.Contains(text, w) != want {
			t.Errorf("%q in the chart: %v, want %v", w, !want, want)
		}
	}
}
