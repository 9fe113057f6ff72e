package docker

import "context"

// PrepareImageTagged prepares the workload image under tag, so a benchmark
// can measure a first preparation without removing the shared image that
// other tests or demos may be running.
func PrepareImageTagged(ctx context.Context, e *Engine, tag string) (Image, error) {
	return e.prepareImage(ctx, nil, func(string) string { return tag })
}
