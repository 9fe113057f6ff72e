package manifest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	yaml "go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"
)

func addSeeds(f *testing.F, docs ...string) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, d := range docs {
		f.Add([]byte(d))
	}
}

// FuzzParseK8s: no input panics, and an accepted file, written back out
// from its defaulted objects, parses to the same App. That holds only if
// defaulting is idempotent and the parser reads everything it accepts.
func FuzzParseK8s(f *testing.F) {
	addSeeds(f, base, base+service, base+hpa, base+service+hpa+"  behavior:\n    scaleUp:\n      policies: [{type: Pods, value: 2, periodSeconds: 30}]\n",
		base+"  strategy: {type: Recreate}\n", base+"      hostNetwork: true\n", "kind: Service\n---\n---\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		app, _, err := ParseK8s("f.yaml", data)
		if err != nil {
			return
		}
		objs, _, err := decodeK8s("f.yaml", data)
		if err != nil {
			t.Fatalf("decoded once, not twice: %v", err)
		}
		// Typed nil pointers are not nil as an any: list only what is set.
		list := []any{objs.deployment}
		if objs.service != nil {
			list = append(list, objs.service)
		}
		if objs.hpa != nil {
			list = append(list, objs.hpa)
		}
		var out bytes.Buffer
		for _, o := range list {
			b, err := sigsyaml.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			out.WriteString("---\n")
			out.Write(b)
		}
		again, _, err := ParseK8s("again.yaml", out.Bytes())
		if err != nil {
			t.Fatalf("accepted\n%s\nbut not its re-encoding\n%s\n%v", data, out.Bytes(), err)
		}
		if !equal(app, again) {
			t.Fatalf("re-parse differs:\n%+v\n%+v", app, again)
		}
	})
}

// FuzzParseSAM: no input panics, and an accepted template, written back
// out from its Function, parses to the same Function.
func FuzzParseSAM(f *testing.F) {
	addSeeds(f, samBase, samBase+"      MemorySize: !Ref M\n", samBase+"      AutoPublishAlias: a\n      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		fn, _, err := ParseSAM("t.yaml", data)
		if err != nil {
			return
		}
		props := map[string]any{
			"Handler": fn.Handler, "Runtime": fn.Runtime, "CodeUri": fn.CodeURI,
			"MemorySize": fn.MemoryMB, "Timeout": int(fn.Timeout.Seconds()),
		}
		if fn.CodeURI == "" {
			props["InlineCode"] = "x"
		}
		if fn.Reserved != nil {
			props["ReservedConcurrentExecutions"] = *fn.Reserved
		}
		if fn.Alias != "" {
			props["AutoPublishAlias"] = fn.Alias
		}
		if fn.Provisioned > 0 {
			props["ProvisionedConcurrencyConfig"] = map[string]int{"ProvisionedConcurrentExecutions": fn.Provisioned}
		}
		if fn.Env != nil {
			props["Environment"] = map[string]any{"Variables": fn.Env}
		}
		b, err := yaml.Marshal(map[string]any{
			"Transform": samTransform,
			"Resources": map[string]any{fn.Name: map[string]any{"Type": "AWS::Serverless::Function", "Properties": props}},
		})
		if err != nil {
			t.Fatal(err)
		}
		again, _, err := ParseSAM("again.yaml", b)
		if err != nil {
			t.Fatalf("accepted\n%s\nbut not its re-encoding\n%s\n%v", data, b, err)
		}
		if !equal(fn, again) {
			t.Fatalf("re-parse differs:\n%+v\n%+v", fn, again)
		}
	})
}
