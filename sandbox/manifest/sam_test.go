package manifest

import (
	"os"
	"strings"
	"testing"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// samBase is a valid template; cases edit it or append properties from
// line 20 on.
const samBase = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
    Environment:
      Variables:
        LOG_LEVEL: info
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.13
      CodeUri: src/
      MemorySize: 512
      Environment:
        Variables:
          TABLE: orders
`

func TestParseSAM(t *testing.T) {
	f, notes, err := ParseSAM("template.yaml", []byte(samBase))
	if err != nil || len(notes) > 0 {
		t.Fatalf("notes %v, err %v", notes, err)
	}
	want := &Function{Name: "Fn", MemoryMB: 512, Timeout: 10 * time.Second,
		Env:     map[string]string{"LOG_LEVEL": "info", "TABLE": "orders"},
		Handler: "app.handler", Runtime: "python3.13", CodeURI: "src/"}
	if !equal(f, want) {
		t.Errorf("got  %+v\nwant %+v", f, want)
	}
}

func TestParseSAMDefaultsAndOverrides(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		got  func(*Function) any
		want any
	}{
		{"memory defaults to 128 MB", edit(samBase, "      MemorySize: 512\n", ""), func(f *Function) any { return f.MemoryMB }, 128},
		{"timeout defaults to 3 s", edit(samBase, "    Timeout: 10\n", ""), func(f *Function) any { return f.Timeout }, 3 * time.Second},
		{"the function's scalar overrides Globals", samBase + "      Timeout: 20\n", func(f *Function) any { return f.Timeout }, 20 * time.Second},
		{"the function's variable overrides Globals'", samBase + "          LOG_LEVEL: debug\n", func(f *Function) any { return f.Env["LOG_LEVEL"] }, "debug"},
		{"numbers in variables are strings", samBase + "          PORT: 8080\n", func(f *Function) any { return f.Env["PORT"] }, "8080"},
		{"no reserved concurrency is nil", samBase, func(f *Function) any { return f.Reserved }, (*int)(nil)},
		{"reserved 0 is kept (it throttles every call)", samBase + "      ReservedConcurrentExecutions: 0\n", func(f *Function) any { return *f.Reserved }, 0},
		{"Transform as a list", edit(samBase, "Transform: AWS::Serverless-2016-10-31", "Transform: [AWS::Serverless-2016-10-31]"), func(f *Function) any { return f.Handler }, "app.handler"},
		{"provisioned via alias in Globals", edit(samBase, "    Timeout: 10\n", "    AutoPublishAlias: live\n") + "      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 3\n",
			func(f *Function) any { return [2]any{f.Alias, f.Provisioned} }, [2]any{"live", 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, _, err := ParseSAM("template.yaml", []byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.got(f); !equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseSAMProblems(t *testing.T) {
	tests := []problemCase{
		{"memory too small", edit(samBase, "MemorySize: 512", "MemorySize: 64"), 16, "Resources.Fn.Properties.MemorySize", "64 is out of range: 128 to 10240 MB"},
		{"memory too large", edit(samBase, "MemorySize: 512", "MemorySize: 10241"), 16, "Resources.Fn.Properties.MemorySize", "out of range"},
		{"timeout too long in Globals", edit(samBase, "Timeout: 10", "Timeout: 901"), 5, "Resources.Fn.Properties.Timeout", "901 is out of range: 1 to 900 seconds"},
		{"timeout not a number", samBase + "      Timeout: 3s\n", 20, "Resources.Fn.Properties.Timeout", "must be a whole number"},
		{"unknown property", samBase + "      MemorySise: 256\n", 20, "Resources.Fn.Properties.MemorySise", `unknown property of AWS::Serverless::Function; did you mean "MemorySize"?`},
		{"unknown property in Globals", edit(samBase, "    Timeout: 10", "    Timout: 10"), 5, "Globals.Function.Timout", `did you mean "Timeout"?`},
		{"Events in Globals", edit(samBase, "    Timeout: 10", "    Events: {}"), 5, "Globals.Function.Events", "SAM does not accept Events in Globals"},
		{"provisioned without alias", samBase + "      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 2\n", 21, "Resources.Fn.Properties.ProvisionedConcurrencyConfig", "requires AutoPublishAlias"},
		{"provisioned above reserved", samBase + "      AutoPublishAlias: live\n      ReservedConcurrentExecutions: 1\n      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 2\n", 23, "Resources.Fn.Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", "2 is more than ReservedConcurrentExecutions (1)"},
		{"provisioned config typo", samBase + "      AutoPublishAlias: live\n      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrency: 2\n", 22, "Resources.Fn.Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrency", "unknown key"},
		{"reserved above the unreserved floor", samBase + "      ReservedConcurrentExecutions: 950\n", 20, "Resources.Fn.Properties.ReservedConcurrentExecutions", "0 to 900"},
		{"!Ref short tag", edit(samBase, "MemorySize: 512", "MemorySize: !Ref Memory"), 16, "Resources.Fn.Properties.MemorySize", "intrinsic function !Ref: the demo has no CloudFormation"},
		{"Fn::Sub long form in a variable", samBase + "          URL:\n            Fn::Sub: https://${Api}\n", 21, "Resources.Fn.Properties.Environment.Variables.URL", "intrinsic function Fn::Sub"},
		{"!GetAtt in Globals", edit(samBase, "LOG_LEVEL: info", "LOG_LEVEL: !GetAtt Cfg.Level"), 8, "Resources.Fn.Properties.Environment.Variables.LOG_LEVEL", "intrinsic function !GetAtt"},
		{"bad variable name", samBase + "          1ST: x\n", 20, "Resources.Fn.Properties.Environment.Variables.1ST", "must start with a letter"},
		{"variables over 4 KB", samBase + "          BIG: " + strings.Repeat("x", 4096) + "\n", 19, "Resources.Fn.Properties.Environment.Variables", "Lambda allows 4096 in all"},
		{"no handler", edit(samBase, "      Handler: app.handler\n", ""), 13, "Resources.Fn.Properties.Handler", "required"},
		{"no transform", edit(samBase, "Transform: AWS::Serverless-2016-10-31\n", ""), 1, "Transform", "must be AWS::Serverless-2016-10-31"},
		{"wrong format version", edit(samBase, "2010-09-09", "2024-01-01"), 1, "AWSTemplateFormatVersion", `the only version is "2010-09-09"`},
		{"unknown section", samBase + "Output: {}\n", 20, "Output", `unknown key; did you mean "Outputs"?`},
		{"two functions", samBase + "  Fn2:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a, Runtime: b, CodeUri: c}\n", 20, "Resources.Fn2", "a second AWS::Serverless::Function"},
		{"no function", edit(samBase, "Type: AWS::Serverless::Function", "Type: AWS::S3::Bucket"), 10, "Resources", "no AWS::Serverless::Function"},
		{"duplicate property", samBase + "      MemorySize: 256\n", 20, "Resources.Fn.Properties.MemorySize", "set twice (first on line 16)"},
		{"syntax", edit(samBase, "MemorySize: 512", "MemorySize: [512"), 16, "", "YAML syntax"},
	}
	checkProblems(t, "template.yaml", ParseSAM, tests)
}

func TestParseSAMNotes(t *testing.T) {
	tests := []noteCase{
		{"Events", samBase + "      Events:\n        Api: {Type: Api}\n", 20, "Resources.Fn.Properties.Events"},
		{"VpcConfig in Globals", edit(samBase, "    Timeout: 10", "    VpcConfig: {SubnetIds: [a]}"), 5, "Globals.Function.VpcConfig"},
		{"Layers with an intrinsic is fine", samBase + "      Layers: [!Ref Layer]\n", 20, "Resources.Fn.Properties.Layers"},
		{"another resource", samBase + "  Bucket:\n    Type: AWS::S3::Bucket\n", 21, "Resources.Bucket"},
		{"Globals for Api", edit(samBase, "Resources:\n", "  Api: {Cors: '*'}\nResources:\n"), 9, "Globals.Api"},
		{"Outputs", samBase + "Outputs: {Url: {Value: !Ref Fn}}\n", 20, "Outputs"},
	}
	checkNotes(t, "template.yaml", ParseSAM, tests)
}

func TestSAMExample(t *testing.T) {
	b, err := os.ReadFile("testdata/provisioned.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, notes, err := ParseSAM("provisioned.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	if f.Provisioned != 2 || f.Reserved == nil || *f.Reserved != 10 || f.Alias != "live" || f.MemoryMB != 1024 || f.Timeout != 10*time.Second {
		t.Errorf("got %+v", f)
	}
	if len(notes) != 1 || notes[0].Path != "Resources.CheckoutFunction.Properties.Events" {
		t.Errorf("want one note for Events, got %v", notes)
	}
}

// TestMerge covers SAM's rules for Globals: scalars override, maps merge,
// lists are the global entries then the function's.
func TestMerge(t *testing.T) {
	tests := []struct{ global, local, want string }{
		{"a: 1", "a: 2", "a: 2"},
		{"a: 1", "b: 2", "a: 1\nb: 2"},
		{"m: {x: 1, y: 1}", "m: {y: 2, z: 2}", "m: {x: 1, y: 2, z: 2}"},
		{"l: [a, b]", "l: [c]", "l: [a, b, c]"},
		{"m: {x: 1}", "m: [1]", "m: [1]"},
	}
	for _, tc := range tests {
		var g, l, w yaml.Node
		for i, s := range []string{tc.global, tc.local, tc.want} {
			if err := yaml.Unmarshal([]byte(s), []*yaml.Node{&g, &l, &w}[i]); err != nil {
				t.Fatal(err)
			}
		}
		var got, want any
		if err := merge(g.Content[0], l.Content[0]).Decode(&got); err != nil {
			t.Fatal(err)
		}
		_ = w.Content[0].Decode(&want)
		if !equal(got, want) {
			t.Errorf("merge(%s, %s) = %v, want %v", tc.global, tc.local, got, want)
		}
	}
}
