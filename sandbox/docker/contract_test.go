package docker_test

import (
	"context"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/coldstart-dev/coldstart/sandbox"
	"github.com/coldstart-dev/coldstart/sandbox/docker"
	"github.com/coldstart-dev/coldstart/sandbox/dockertest"
	"github.com/coldstart-dev/coldstart/sandbox/runtimetest"
)

func TestContract(t *testing.T) {
	dockertest.Engine(t)
	runtimetest.Run(t, func(t *testing.T) sandbox.Runtime {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		rt, err := docker.New(ctx, docker.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return rt
	}, runtimetest.Options{Leftovers: func(t *testing.T, rt sandbox.Runtime) []string {
		return sessionObjects(t, rt.(*docker.Runtime).Session())
	}})
}

// sessionObjects lists the containers and networks labelled with session.
func sessionObjects(t *testing.T, session string) []string {
	t.Helper()
	cli := dockertest.Client(t)
	ctx := context.Background()
	f := make(client.Filters).Add("label", sandbox.LabelSession+"="+session)
	var out []string
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs.Items {
		out = append(out, "container "+c.Names[0])
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns.Items {
		out = append(out, "network "+n.Name)
	}
	return out
}
