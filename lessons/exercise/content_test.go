package exercise_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/coldstart-dev/coldstart/content"
	"github.com/coldstart-dev/coldstart/lessons"
	"github.com/coldstart-dev/coldstart/lessons/exercise"
)

// The built-in exercises load cleanly against the built-in lessons, exactly
// as the binary reads them.
func TestEmbeddedExercises(t *testing.T) {
	lessonCat, problems := lessons.Load(lessons.Dir{FS: content.FS, Name: "content"})
	for _, p := range problems {
		t.Error(p)
	}
	cat, problems := exercise.Loader{Lessons: lessonCat}.Load(lessons.Dir{FS: content.Exercises, Name: "content"})
	for _, p := range problems {
		t.Error(p)
	}
	if len(cat.All()) == 0 {
		t.Fatal("no exercises embedded")
	}
	for _, x := range cat.All() {
		for _, f := range x.Files {
			start, err1 := x.StartFile(f)
			sol, err2 := x.SolutionFile(f)
			if err1 != nil || err2 != nil || bytes.Equal(start, sol) {
				t.Errorf("%s: %s: the starting file and the solution must both exist and differ (%v, %v)", x.Dir, f, err1, err2)
			}
		}
	}
	x := cat.Exercise("zero-downtime-rollout")
	if x == nil || len(cat.ForLesson("rolling-deploys")) != 1 {
		t.Fatal("the example exercise does not follow the rolling-deploys lesson")
	}
	// The example's checks read as the task says: a run that dropped
	// requests is "not yet", with the numbers.
	m := exercise.Measurements{
		"failed_requests": exercise.NumberValue(7), "requests": exercise.NumberValue(300),
		"first_failure_s": exercise.NumberValue(10.7),
	}
	c := x.Checks[0]
	if ok, err := c.Assert.Eval(m); ok || err != nil {
		t.Errorf("%s passed on 7 failed requests (%v)", c.ID, err)
	}
	if got, want := c.NotYet.Fill(m), "7 of 300 requests failed during the rollout, the first 10.7 s into the run: the Service sent them to Pods that could not answer."; got != want {
		t.Errorf("not_yet = %q, want %q", got, want)
	}
}

// The example's manifests are what kubectl would accept, and the solution
// differs from the start in exactly what the hints say.
func TestExampleManifests(t *testing.T) {
	type container struct {
		Ports []struct {
			Name          string `yaml:"name"`
			ContainerPort int    `yaml:"containerPort"`
		} `yaml:"ports"`
		ReadinessProbe *struct {
			HTTPGet struct {
				Path string `yaml:"path"`
				Port int    `yaml:"port"`
			} `yaml:"httpGet"`
		} `yaml:"readinessProbe"`
	}
	type doc struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Spec       struct {
			Replicas int `yaml:"replicas"`
			Selector struct {
				MatchLabels map[string]string `yaml:"matchLabels"`
			} `yaml:"selector"`
			Strategy struct {
				RollingUpdate struct {
					MaxUnavailable int `yaml:"maxUnavailable"`
					MaxSurge       int `yaml:"maxSurge"`
				} `yaml:"rollingUpdate"`
			} `yaml:"strategy"`
			Template struct {
				Metadata struct {
					Labels map[string]string `yaml:"labels"`
				} `yaml:"metadata"`
				Spec struct {
					Containers []container `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	read := func(name string) (deploy, svc map[string]any, d doc) {
		data, err := fs.ReadFile(content.Exercises, "exercises/zero-downtime-rollout/"+name)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		kinds := ""
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err != nil {
				break
			}
			var m map[string]any
			_ = n.Decode(&m)
			kinds += fmt.Sprint(m["apiVersion"], " ", m["kind"], ";")
			switch m["kind"] {
			case "Deployment":
				deploy = m
				if err := n.Decode(&d); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			case "Service":
				svc = m
			}
		}
		if kinds != "apps/v1 Deployment;v1 Service;" {
			t.Fatalf("%s holds %s, want an apps/v1 Deployment and a v1 Service", name, kinds)
		}
		return deploy, svc, d
	}
	for _, name := range []string{"files/app.yaml", "solution/app.yaml"} {
		_, svc, d := read(name)
		labels := d.Spec.Template.Metadata.Labels
		for k, v := range d.Spec.Selector.MatchLabels {
			if labels[k] != v {
				t.Errorf("%s: the Deployment's selector %s=%s does not match its Pod labels %v", name, k, v, labels)
			}
		}
		sel, _ := svc["spec"].(map[string]any)["selector"].(map[string]any)
		for k, v := range sel {
			if labels[k] != v {
				t.Errorf("%s: the Service's selector %s=%v matches no Pod (labels %v)", name, k, v, labels)
			}
		}
		if d.Spec.Replicas != 3 || len(d.Spec.Template.Spec.Containers) != 1 {
			t.Fatalf("%s: want 3 replicas of one container: %+v", name, d.Spec)
		}
		c := d.Spec.Template.Spec.Containers[0]
		ru := d.Spec.Strategy.RollingUpdate
		if name == "files/app.yaml" {
			if c.ReadinessProbe != nil || ru.MaxUnavailable < 1 || ru.MaxSurge < 2 {
				t.Errorf("the starting file already fixes the rollout: %+v %+v", c.ReadinessProbe, ru)
			}
			continue
		}
		if c.ReadinessProbe == nil || len(c.Ports) != 1 || c.ReadinessProbe.HTTPGet.Port != c.Ports[0].ContainerPort || ru.MaxUnavailable != 0 || ru.MaxSurge != 1 {
			t.Errorf("the solution must add a readinessProbe on the container port and set maxUnavailable 0, maxSurge 1: %+v %+v", c, ru)
		}
	}
}
