package manifest

import (
	"fmt"
	"reflect"
	"regexp"

	yaml "go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	sigsyaml "sigs.k8s.io/yaml"
)

// kinds are the objects an exercise file may hold, with the one apiVersion
// accepted for each.
var kinds = map[string]string{
	"Deployment":              "apps/v1",
	"Service":                 "v1",
	"HorizontalPodAutoscaler": "autoscaling/v2",
}

const acceptedKinds = "apps/v1 Deployment, v1 Service, autoscaling/v2 HorizontalPodAutoscaler"

// objects are the decoded, defaulted documents of one file, each with the
// YAML it came from so later checks can name lines.
type objects struct {
	file       string
	deployment *appsv1.Deployment
	service    *corev1.Service
	hpa        *autoscalingv2.HorizontalPodAutoscaler
	roots      map[any]*yaml.Node // keyed by the object pointer
}

// ParseK8s reads a multi-document manifest file holding one Deployment and
// at most one Service and one HorizontalPodAutoscaler. It decodes them
// strictly into the upstream types, applies the API server's defaults,
// validates what the engine models, and returns the App. Notes list set
// fields the engine ignores. The error, if any, is Problems.
func ParseK8s(file string, data []byte) (*App, []Note, error) {
	objs, notes, err := decodeK8s(file, data)
	if err != nil {
		return nil, notes, err
	}
	app, more, err := objs.app()
	return app, append(notes, more...), err
}

func decodeK8s(file string, data []byte) (*objects, []Note, error) {
	docs, syntax := readDocs(file, data)
	if syntax != nil {
		return nil, nil, Problems{*syntax}
	}
	objs := &objects{file: file, roots: map[any]*yaml.Node{}}
	var notes []Note
	var ps Problems
	for _, d := range docs {
		obj, p := decodeDoc(file, d)
		if p != nil {
			ps = append(ps, p...)
			continue
		}
		kind := reflect.TypeOf(obj).Elem().Name()
		n, p := checkModelled(file, kind, d.root)
		notes, ps = append(notes, n...), append(ps, p...)
		dup := false
		switch o := obj.(type) {
		case *appsv1.Deployment:
			dup = objs.deployment != nil
			objs.deployment = o
		case *corev1.Service:
			dup = objs.service != nil
			objs.service = o
		case *autoscalingv2.HorizontalPodAutoscaler:
			dup = objs.hpa != nil
			objs.hpa = o
		}
		if dup {
			ps = append(ps, Problem{File: file, Line: lineOf(d.root, "kind"), Path: "kind",
				Message: "a second " + kind + "; an exercise file holds one of each kind"})
		}
		objs.roots[obj] = d.root
	}
	if len(ps) == 0 && objs.deployment == nil {
		ps = append(ps, Problem{File: file, Line: 1, Message: "no Deployment; the file must hold one apps/v1 Deployment"})
	}
	return objs, notes, ps.err()
}

// decodeDoc checks a document's kind and fields, then decodes it.
func decodeDoc(file string, d doc) (any, Problems) {
	if d.root.Kind != yaml.MappingNode {
		return nil, Problems{{File: file, Line: d.line, Message: "a document must be a mapping with apiVersion and kind"}}
	}
	apiVersion, kind := scalar(get(d.root, "apiVersion")), scalar(get(d.root, "kind"))
	want, ok := kinds[kind]
	switch {
	case !ok:
		return nil, Problems{{File: file, Line: lineOf(d.root, "kind"), Path: "kind",
			Message: fmt.Sprintf("kind %q is not accepted; accepted are %s", kind, acceptedKinds)}}
	case apiVersion != want:
		return nil, Problems{{File: file, Line: lineOf(d.root, "apiVersion"), Path: "apiVersion",
			Message: fmt.Sprintf("apiVersion %q for %s; accepted is %s", apiVersion, kind, want)}}
	}
	var obj any
	switch kind {
	case "Deployment":
		obj = &appsv1.Deployment{}
	case "Service":
		obj = &corev1.Service{}
	default:
		obj = &autoscalingv2.HorizontalPodAutoscaler{}
	}
	if ps := unknownFields(file, d.root, reflect.TypeOf(obj), ""); len(ps) > 0 {
		return nil, ps
	}
	// Re-encode the document alone; its lines no longer match the file, so
	// errors are located by field path instead.
	b, err := yaml.Marshal(d.root)
	if err == nil {
		err = sigsyaml.UnmarshalStrict(b, obj)
	}
	if err != nil {
		return nil, Problems{decodeProblem(file, d, err)}
	}
	switch o := obj.(type) {
	case *appsv1.Deployment:
		defaultDeployment(o)
	case *corev1.Service:
		defaultService(o)
	case *autoscalingv2.HorizontalPodAutoscaler:
		defaultHPA(o)
	}
	return obj, nil
}

var typeError = regexp.MustCompile(`cannot unmarshal (\S+) into Go struct field [^.\s]+\.(\S+) of type (\S+)`)

// decodeProblem locates a decode error, typically a value of the wrong type
// ("replicas: three"), by the field path encoding/json reports.
func decodeProblem(file string, d doc, err error) Problem {
	if m := typeError.FindStringSubmatch(err.Error()); m != nil {
		return Problem{File: file, Line: lineOf(d.root, m[2]), Path: m[2],
			Message: fmt.Sprintf("a %s where %s belongs", m[1], m[3])}
	}
	return Problem{File: file, Line: d.line, Message: err.Error()}
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
