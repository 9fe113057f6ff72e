package docker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
)

// owner is who made an object, read from its labels.
type owner struct {
	session string
	pid     int
	host    string
}

// ownerOf reads our labels; ok is false unless the object carries all of
// them (managed, session, pid), so nothing else is ever touched. Note that
// containers inherit our image's managed label: that alone is not enough.
func ownerOf(labels map[string]string) (o owner, ok bool) {
	if labels[sandbox.LabelManaged] != "true" || labels[sandbox.LabelSession] == "" {
		return owner{}, false
	}
	pid, err := strconv.Atoi(labels[sandbox.LabelPID])
	if err != nil || pid <= 0 {
		return owner{}, false
	}
	return owner{session: labels[sandbox.LabelSession], pid: pid, host: labels[LabelHost]}, true
}

// gone reports whether the process that made the object (at created) has
// ended: no such pid, or a process that started later reused it. A pid of
// another machine (a shared daemon) cannot be checked: it counts as alive.
func (o owner) gone(created time.Time) bool {
	if host, _ := os.Hostname(); o.host != "" && o.host != host {
		return false
	}
	return !pidAlive(o.pid) || !created.IsZero() && pidStartedAfter(o.pid, created)
}

// CleanOptions say what Clean removes besides leftovers of ended sessions.
type CleanOptions struct {
	All    bool // also containers and networks of running coldstart sessions
	Images bool // also our cached workload images
}

// Sweep removes the containers and networks of coldstart sessions whose
// process is gone (killed, crashed), and says what it removed. It never
// touches an object without our labels, nor one of a live session.
func (e *Engine) Sweep(ctx context.Context) (removed []string, err error) {
	return e.Clean(ctx, CleanOptions{})
}

// Clean is Sweep, plus what opts ask for.
func (e *Engine) Clean(ctx context.Context, opts CleanOptions) (removed []string, err error) {
	doomed := func(labels map[string]string, created time.Time) bool {
		o, ok := ownerOf(labels)
		return ok && (opts.All || o.gone(created))
	}
	removed, err = e.removeWhere(ctx, doomed)
	if err != nil || !opts.Images {
		return removed, err
	}
	images, err := e.removeImages(ctx)
	return append(removed, images...), err
}

// removeSession removes every container and the network of one session.
func (e *Engine) removeSession(ctx context.Context, session string) ([]string, error) {
	return e.removeWhere(ctx, func(labels map[string]string, _ time.Time) bool {
		o, ok := ownerOf(labels)
		return ok && o.session == session
	})
}

// removeWhere force-removes our containers, then our networks, whose
// labels match.
func (e *Engine) removeWhere(ctx context.Context, match func(labels map[string]string, created time.Time) bool) (removed []string, err error) {
	ours := make(client.Filters).Add("label", sandbox.LabelManaged+"=true")
	cs, err := e.cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: ours})
	if err != nil {
		return nil, e.wrap("list containers", err)
	}
	var errs []error
	for _, c := range cs.Items {
		if !match(c.Labels, time.Unix(c.Created, 0)) {
			continue
		}
		name := strings.TrimPrefix(firstOr(c.Names, c.ID[:12]), "/")
		_, err := e.cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true})
		switch {
		case err == nil:
			removed = append(removed, "container "+name)
		case !cerrdefs.IsNotFound(err) && !cerrdefs.IsConflict(err): // gone, or already being removed
			errs = append(errs, e.wrap("remove container "+name, err))
		}
	}
	ns, err := e.cli.NetworkList(ctx, client.NetworkListOptions{Filters: ours})
	if err != nil {
		return removed, errors.Join(append(errs, e.wrap("list networks", err))...)
	}
	for _, n := range ns.Items {
		if !match(n.Labels, n.Created) {
			continue
		}
		_, err := e.cli.NetworkRemove(ctx, n.ID, client.NetworkRemoveOptions{})
		switch {
		case err == nil:
			removed = append(removed, "network "+n.Name)
		case !cerrdefs.IsNotFound(err):
			errs = append(errs, e.wrap("remove network "+n.Name, err))
		}
	}
	return removed, errors.Join(errs...)
}

// removeImages removes our workload images (they are rebuilt in a fraction
// of a second when next needed). An image a container still uses stays.
func (e *Engine) removeImages(ctx context.Context) (removed []string, err error) {
	f := make(client.Filters).Add("label", sandbox.LabelManaged+"=true", LabelImage+"=workload")
	imgs, err := e.cli.ImageList(ctx, client.ImageListOptions{Filters: f})
	if err != nil {
		return nil, e.wrap("list images", err)
	}
	var errs []error
	for _, img := range imgs.Items {
		if img.Labels[sandbox.LabelManaged] != "true" || img.Labels[LabelImage] != "workload" {
			continue
		}
		name := firstOr(img.RepoTags, img.ID)
		if _, err := e.cli.ImageRemove(ctx, img.ID, client.ImageRemoveOptions{PruneChildren: true}); err != nil {
			if !cerrdefs.IsNotFound(err) {
				errs = append(errs, e.wrap("remove image "+name, err))
			}
			continue
		}
		removed = append(removed, "image "+name)
	}
	return removed, errors.Join(errs...)
}

// RemoveImage removes one of our images by reference (for benchmarks of a
// first preparation). It refuses images without our label.
func (e *Engine) RemoveImage(ctx context.Context, ref string) error {
	img, err := e.cli.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return e.wrap("inspect image "+ref, err)
	}
	if img.Config == nil || img.Config.Labels[sandbox.LabelManaged] != "true" || img.Config.Labels[LabelImage] != "workload" {
		return fmt.Errorf("docker: image %s was not made by coldstart; not removing it", ref)
	}
	_, err = e.cli.ImageRemove(ctx, img.ID, client.ImageRemoveOptions{PruneChildren: true})
	return e.wrap("remove image "+ref, err)
}

func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}
