package docker

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/workload"
)

// The workload image: one static binary, a passwd/group naming a non-root
// user, and an empty /tmp. No registry is involved: the image is imported
// from a tar we write, and tagged by content so a second run reuses it.
const (
	ImageRepo     = "coldstart-workload"
	LabelImage    = "dev.coldstart.image" // "workload" on our images
	binaryPath    = "/coldstart-workload"
	containerPort = "8080"
	userID        = 65532
	// imageRecipe is hashed into the tag: bump it when the rootfs layout or
	// the image configuration below changes.
	imageRecipe = "coldstart-workload-image v1"
)

// Image is the prepared workload image.
type Image struct {
	Ref    string        // coldstart-workload:<12 hex>
	ID     string        // sha256:...
	Cached bool          // it was already there
	Took   time.Duration // how long preparing it took
}

// prepareMu makes concurrent preparations in one process (parallel tests,
// several runtimes) import the image once.
var prepareMu sync.Mutex

// PrepareImage makes sure the workload image exists, importing it when
// missing. progress, if not nil, hears what is happening (it may be slow the
// first time: the workload binary may have to be built too).
func (e *Engine) PrepareImage(ctx context.Context, progress func(string)) (Image, error) {
	return e.prepareImage(ctx, progress, imageTag)
}

// prepareImage is PrepareImage with the tag made by tagOf(binary sha256).
func (e *Engine) prepareImage(ctx context.Context, progress func(string), tagOf func(string) string) (Image, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	start := time.Now()
	prepareMu.Lock()
	defer prepareMu.Unlock()

	// Locating the binary is instant, unless it must be built first.
	slow := time.AfterFunc(300*time.Millisecond, func() { say("building the workload binary (first run only)") })
	bin, sum, err := workload.LinuxStatic(ctx)
	slow.Stop()
	if err != nil {
		return Image{}, fmt.Errorf("workload image: %w", err)
	}
	ref := ImageRepo + ":" + tagOf(sum)
	if id, ok, err := e.ourImage(ctx, ref); err != nil {
		return Image{}, err
	} else if ok {
		return Image{Ref: ref, ID: id, Cached: true, Took: time.Since(start)}, nil
	}

	say("building image %s", ref)
	if err := e.importImage(ctx, bin, sum, ref); err != nil {
		return Image{}, err
	}
	id, ok, err := e.ourImage(ctx, ref)
	if err != nil {
		return Image{}, err
	}
	if !ok {
		return Image{}, fmt.Errorf("docker: image %s is missing right after importing it", ref)
	}
	took := time.Since(start)
	say("image %s ready in %d ms", ref, took.Milliseconds())
	e.pruneImages(ctx, id)
	return Image{Ref: ref, ID: id, Took: took}, nil
}

// pruneImages removes our workload images of other builds made more than a
// day ago, so upgrades do not pile them up. Younger ones may still be about
// to run (another coldstart version at work); images in use stay anyway.
func (e *Engine) pruneImages(ctx context.Context, keep string) {
	f := make(client.Filters).Add("label", sandbox.LabelManaged+"=true", LabelImage+"=workload")
	imgs, err := e.cli.ImageList(ctx, client.ImageListOptions{Filters: f})
	if err != nil {
		slog.Warn("docker: could not list old workload images to prune", "err", err)
		return
	}
	for _, img := range imgs.Items {
		if img.ID != keep && img.Labels[LabelImage] == "workload" && time.Since(time.Unix(img.Created, 0)) > 24*time.Hour {
			_, err := e.cli.ImageRemove(ctx, img.ID, client.ImageRemoveOptions{PruneChildren: true})
			if err != nil && !cerrdefs.IsConflict(err) && !cerrdefs.IsNotFound(err) { // in use, or gone: fine
				slog.Warn("docker: could not prune an old workload image", "err", err, "image", img.ID)
			}
		}
	}
}

func imageTag(binarySum string) string {
	h := sha256.Sum256([]byte(imageRecipe + "\n" + binarySum))
	return hex.EncodeToString(h[:])[:12]
}

// ourImage reports whether ref exists and carries our label (a foreign image
// with the same name is an error, never overwritten silently).
func (e *Engine) ourImage(ctx context.Context, ref string) (id string, ok bool, err error) {
	img, err := e.cli.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, e.wrap("inspect image "+ref, err)
	}
	if img.Config == nil || img.Config.Labels[sandbox.LabelManaged] != "true" {
		return "", false, fmt.Errorf("docker: an image named %s exists but was not made by coldstart; remove or rename it (docker rmi %s)", ref, ref)
	}
	return img.ID, true, nil
}

func (e *Engine) importImage(ctx context.Context, bin, sum, ref string) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeRootfs(pw, bin)) }()
	defer pr.Close()

	res, err := e.cli.ImageImport(ctx, client.ImageImportSource{Source: pr, SourceName: "-"}, ref,
		client.ImageImportOptions{Changes: imageChanges(sum), Message: "coldstart demo workload"})
	if err != nil {
		return e.wrap("import image "+ref, err)
	}
	defer res.Close()
	return e.wrap("import image "+ref, readProgress(res))
}

// imageChanges is the image configuration, as Dockerfile instructions.
func imageChanges(sum string) []string {
	uid := strconv.Itoa(userID)
	return []string{
		"USER " + uid + ":" + uid,
		`ENTRYPOINT ["` + binaryPath + `", "` + workload.Subcommand + `"]`,
		"EXPOSE " + containerPort + "/tcp",
		"ENV " + workload.EnvPort + "=" + containerPort,
		"LABEL " + sandbox.LabelManaged + "=true",
		"LABEL " + LabelImage + "=workload",
		"LABEL dev.coldstart.workload.sha256=" + sum,
	}
}

// readProgress drains the daemon's JSON message stream, returning the first
// error it reports.
func readProgress(r io.Reader) error {
	dec := json.NewDecoder(bufio.NewReader(r))
	for {
		var m struct {
			Error       string `json:"error"`
			ErrorDetail struct {
				Message string `json:"message"`
			} `json:"errorDetail"`
		}
		if err := dec.Decode(&m); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if m.ErrorDetail.Message != "" {
			return fmt.Errorf("%s", m.ErrorDetail.Message)
		}
		if m.Error != "" {
			return fmt.Errorf("%s", m.Error)
		}
	}
}

// writeRootfs writes the image's whole filesystem as a tar. Timestamps are
// fixed so the same binary always gives the same layer.
func writeRootfs(w io.Writer, bin string) error {
	f, err := os.Open(bin)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	mtime := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tw := tar.NewWriter(w)
	dir := func(name string, mode int64) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: mode, ModTime: mtime})
	}
	file := func(name string, mode int64, body []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(body)), ModTime: mtime}); err != nil {
			return err
		}
		_, err := tw.Write(body)
		return err
	}
	uid := strconv.Itoa(userID)
	steps := []func() error{
		func() error { return dir("etc/", 0o755) },
		func() error {
			return file("etc/passwd", 0o644, []byte("root:x:0:0:root:/:/sbin/nologin\n"+
				"coldstart:x:"+uid+":"+uid+":coldstart demo workload:/tmp:/sbin/nologin\n"))
		},
		func() error { return file("etc/group", 0o644, []byte("root:x:0:\ncoldstart:x:"+uid+":\n")) },
		func() error { return dir("tmp/", 0o1777) },
		func() error {
			hdr := &tar.Header{Typeflag: tar.TypeReg, Name: binaryPath[1:], Mode: 0o755, Size: info.Size(), ModTime: mtime}
			if err := tw.WriteHeader(hdr); err != nil {
				return err
			}
			_, err := io.Copy(tw, f)
			return err
		},
		tw.Close,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("write the image rootfs: %w", err)
		}
	}
	return nil
}
