package manifest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// Function is an AWS SAM AWS::Serverless::Function in the engine's terms,
// with Globals.Function merged in and Lambda's defaults applied.
type Function struct {
	Name        string        // the resource's logical ID
	MemoryMB    int           // 128 to 10,240; default 128
	Timeout     time.Duration // 1 s to 900 s; default 3 s
	Reserved    *int          // ReservedConcurrentExecutions; nil when unset
	Provisioned int           // ProvisionedConcurrentExecutions on Alias; 0 when unset
	Alias       string        // AutoPublishAlias
	Env         map[string]string
	Handler     string
	Runtime     string
	CodeURI     string
}

// Lambda's limits and defaults, per the AWS Lambda developer guide
// ("Configure function timeout", "Configure memory", "Lambda quotas").
const (
	samTransform          = "AWS::Serverless-2016-10-31"
	samFormatVersion      = "2010-09-09"
	lambdaMinMemoryMB     = 128
	lambdaMaxMemoryMB     = 10240
	lambdaDefaultMemoryMB = 128
	lambdaMinTimeout      = 1
	lambdaMaxTimeout      = 900
	lambdaDefaultTimeout  = 3
	lambdaAccountLimit    = 1000 // concurrent executions per Region, default quota
	lambdaUnreserved      = 100  // must stay unreserved in the account
	lambdaEnvBytes        = 4096 // all environment variables together
)

// samChecker collects a template's problems and notes.
type samChecker struct {
	file  string
	notes []Note
	ps    Problems
}

func (c *samChecker) errorf(n *yaml.Node, path, format string, args ...any) {
	c.ps = append(c.ps, Problem{File: c.file, Line: n.Line, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *samChecker) note(n *yaml.Node, path string) {
	c.notes = append(c.notes, Note{File: c.file, Line: n.Line, Path: path, Message: "valid SAM but not modelled here; ignored"})
}

// keys checks a mapping's keys against a table: unknown keys are errors,
// ignored ones notes. It returns the modelled and quiet values by key.
func (c *samChecker) keys(n *yaml.Node, path string, table map[string]rule) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		c.errorf(n, path, "must be a mapping")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		r, ok := table[k.Value]
		switch {
		case !ok:
			c.errorf(k, p, "unknown key%s", suggest(k.Value, table))
		case out[k.Value] != nil:
			// duplicateKeys below reports it
		case r == ignored:
			c.note(k, p)
		default:
			out[k.Value] = v
		}
	}
	c.ps = append(c.ps, duplicateKeys(c.file, n, path)...)
	return out
}

// ParseSAM reads an AWS SAM template holding one AWS::Serverless::Function.
// The error, if any, is Problems.
func ParseSAM(file string, data []byte) (*Function, []Note, error) {
	docs, syntax := readDocs(file, data)
	if syntax != nil {
		return nil, nil, Problems{*syntax}
	}
	if len(docs) != 1 {
		return nil, nil, Problems{{File: file, Line: 1, Message: "a SAM template is one YAML document"}}
	}
	c := &samChecker{file: file}
	f := c.template(docs[0].root)
	if len(c.ps) > 0 {
		return nil, c.notes, c.ps.err()
	}
	return f, c.notes, nil
}

func (c *samChecker) template(root *yaml.Node) *Function {
	top := c.keys(root, "", templateKeys)
	if len(c.ps) > 0 {
		return nil
	}
	if v := top["AWSTemplateFormatVersion"]; v != nil && scalar(v) != samFormatVersion {
		c.errorf(v, "AWSTemplateFormatVersion", "%q: the only version is %q", scalar(v), samFormatVersion)
	}
	if t := top["Transform"]; t == nil || !hasTransform(t) {
		c.errorf(root, "Transform", "must be %s: without it this is plain CloudFormation, not SAM", samTransform)
	}
	var global *yaml.Node
	if g := top["Globals"]; g != nil {
		if g.Kind != yaml.MappingNode {
			c.errorf(g, "Globals", "must be a mapping")
		}
		for i := 0; g.Kind == yaml.MappingNode && i+1 < len(g.Content); i += 2 {
			if k := g.Content[i]; k.Value != "Function" {
				c.notes = append(c.notes, Note{File: c.file, Line: k.Line, Path: "Globals." + k.Value,
					Message: "valid SAM but not modelled here; ignored"})
			}
		}
		if global = get(g, "Function"); global != nil {
			c.properties(global, "Globals.Function", true)
		}
	}
	res := top["Resources"]
	if res == nil || res.Kind != yaml.MappingNode {
		c.errorf(root, "Resources", "required: a mapping holding one AWS::Serverless::Function")
		return nil
	}
	var name string
	var props *yaml.Node
	for i := 0; i+1 < len(res.Content); i += 2 {
		k, v := res.Content[i], res.Content[i+1]
		path := "Resources." + k.Value
		r := c.keys(v, path, resourceKeys)
		typ := r["Type"]
		switch {
		case typ == nil:
			c.errorf(v, path+".Type", "required")
		case scalar(typ) != "AWS::Serverless::Function":
			c.notes = append(c.notes, Note{File: c.file, Line: typ.Line, Path: path,
				Message: fmt.Sprintf("%s is valid SAM but not modelled here; ignored", scalar(typ))})
		case name != "":
			c.errorf(k, path, "a second AWS::Serverless::Function; the exercise models one (%s)", name)
		default:
			name, props = k.Value, r["Properties"]
			if props == nil {
				props = &yaml.Node{Kind: yaml.MappingNode, Line: v.Line}
			}
			c.properties(props, path+".Properties", false)
		}
	}
	if name == "" {
		if len(c.ps) == 0 {
			c.errorf(res, "Resources", "no AWS::Serverless::Function")
		}
		return nil
	}
	// Go on after property problems: the learner sees every one at once.
	return c.function(name, "Resources."+name+".Properties", merge(global, props))
}

func hasTransform(n *yaml.Node) bool {
	if n.Kind == yaml.SequenceNode {
		return slices.ContainsFunc(n.Content, hasTransform)
	}
	return scalar(n) == samTransform
}

// properties checks a function's property names.
func (c *samChecker) properties(n *yaml.Node, path string, globals bool) {
	if n.Kind != yaml.MappingNode {
		c.errorf(n, path, "must be a mapping")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		p := join(path, k.Value)
		f, ok := functionProperties[k.Value]
		switch {
		case !ok:
			c.errorf(k, p, "unknown property of AWS::Serverless::Function%s", suggest(k.Value, functionProperties))
		case globals && !f.inGlobals:
			c.errorf(k, p, "SAM does not accept %s in Globals; set it on the function", k.Value)
		case f.rule == ignored:
			c.note(k, p)
		}
	}
	if ps := duplicateKeys(c.file, n, path); len(ps) > 0 {
		c.ps = append(c.ps, ps...)
	}
}

// merge applies SAM's Globals rules: the function's scalars override,
// maps merge key by key, lists are the global entries then the
// function's. Nodes keep their lines, so problems point at whichever
// file position set the value.
func merge(global, local *yaml.Node) *yaml.Node {
	switch {
	case global == nil:
		return local
	case local == nil:
		return global
	case global.Kind == yaml.MappingNode && local.Kind == yaml.MappingNode && local.Tag == global.Tag:
		out := &yaml.Node{Kind: yaml.MappingNode, Tag: local.Tag, Line: local.Line, Column: local.Column}
		for i := 0; i+1 < len(global.Content); i += 2 {
			k := global.Content[i]
			out.Content = append(out.Content, k, merge(global.Content[i+1], get(local, k.Value)))
		}
		for i := 0; i+1 < len(local.Content); i += 2 {
			if get(global, local.Content[i].Value) == nil {
				out.Content = append(out.Content, local.Content[i], local.Content[i+1])
			}
		}
		return out
	case global.Kind == yaml.SequenceNode && local.Kind == yaml.SequenceNode:
		out := *local
		out.Content = append(slices.Clip(global.Content), local.Content...)
		return &out
	}
	return local
}

// function reads the merged properties into a Function.
func (c *samChecker) function(name, path string, props *yaml.Node) *Function {
	f := &Function{Name: name, MemoryMB: lambdaDefaultMemoryMB, Timeout: lambdaDefaultTimeout * time.Second}
	at := func(key string) (*yaml.Node, string) {
		n := get(props, key)
		if n != nil && c.intrinsic(n, join(path, key)) {
			return nil, ""
		}
		return n, join(path, key)
	}
	if n, p := at("MemorySize"); n != nil {
		f.MemoryMB = c.intIn(n, p, lambdaMinMemoryMB, lambdaMaxMemoryMB, "MB")
	}
	if n, p := at("Timeout"); n != nil {
		f.Timeout = time.Duration(c.intIn(n, p, lambdaMinTimeout, lambdaMaxTimeout, "seconds")) * time.Second
	}
	if n, p := at("ReservedConcurrentExecutions"); n != nil {
		r := c.intIn(n, p, 0, lambdaAccountLimit-lambdaUnreserved, "")
		f.Reserved = &r
	}
	if n, p := at("AutoPublishAlias"); n != nil {
		f.Alias = c.str(n, p)
	}
	if n, p := at("ProvisionedConcurrencyConfig"); n != nil {
		cfg := c.keys(n, p, map[string]rule{"ProvisionedConcurrentExecutions": modelled})
		if v := cfg["ProvisionedConcurrentExecutions"]; v != nil && !c.intrinsic(v, p+".ProvisionedConcurrentExecutions") {
			p := p + ".ProvisionedConcurrentExecutions"
			f.Provisioned = c.intIn(v, p, 1, lambdaAccountLimit-lambdaUnreserved, "")
			if f.Reserved != nil && f.Provisioned > *f.Reserved {
				c.errorf(v, p, "%d is more than ReservedConcurrentExecutions (%d)", f.Provisioned, *f.Reserved)
			}
		} else if v == nil {
			c.errorf(n, p, "needs ProvisionedConcurrentExecutions")
		}
		if f.Alias == "" {
			c.errorf(n, p, "requires AutoPublishAlias: provisioned concurrency applies to a published version, which SAM publishes only with an alias")
		}
	}
	if n, p := at("Environment"); n != nil {
		env := c.keys(n, p, map[string]rule{"Variables": modelled})
		if v := env["Variables"]; v != nil && !c.intrinsic(v, p+".Variables") {
			f.Env = c.variables(v, p+".Variables")
		}
	}
	// Handler and Runtime are required for a .zip function, and the code
	// comes from CodeUri unless it is InlineCode.
	for _, s := range []struct {
		key      string
		dst      *string
		required bool
	}{
		{"Handler", &f.Handler, true},
		{"Runtime", &f.Runtime, true},
		{"CodeUri", &f.CodeURI, get(props, "InlineCode") == nil},
	} {
		n, p := at(s.key)
		switch {
		case n != nil:
			*s.dst = c.str(n, p)
			if *s.dst == "" && s.required {
				c.errorf(n, p, "must not be empty")
			}
		case s.required && get(props, s.key) == nil:
			c.errorf(props, join(path, s.key), "required")
		}
	}
	return f
}

// intrinsic reports a CloudFormation function (!Ref, !Sub, Fn::GetAtt …)
// where the engine needs a literal: there is no CloudFormation to resolve it.
func (c *samChecker) intrinsic(n *yaml.Node, path string) bool {
	name := ""
	switch {
	case strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!"):
		name = n.Tag
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 &&
		(n.Content[0].Value == "Ref" || strings.HasPrefix(n.Content[0].Value, "Fn::")):
		name = n.Content[0].Value
	default:
		return false
	}
	c.errorf(n, path, "intrinsic function %s: the demo has no CloudFormation to resolve it; write the value itself", name)
	return true
}

func (c *samChecker) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		c.errorf(n, path, "must be a string")
		return ""
	}
	return n.Value
}

func (c *samChecker) intIn(n *yaml.Node, path string, lo, hi int, unit string) int {
	v, err := strconv.Atoi(scalar(n))
	if n.Kind != yaml.ScalarNode || err != nil {
		c.errorf(n, path, "must be a whole number")
		return 0
	}
	if v < lo || v > hi {
		c.errorf(n, path, "%d is out of range: %s", v, strings.TrimSpace(fmt.Sprintf("%d to %d %s", lo, hi, unit)))
	}
	return v
}

// variables reads Environment.Variables. CloudFormation turns numbers and
// booleans into strings; Lambda wants keys of letters, digits and _
// starting with a letter, and 4 KB in all.
func (c *samChecker) variables(n *yaml.Node, path string) map[string]string {
	if n.Kind != yaml.MappingNode {
		c.errorf(n, path, "must be a mapping of names to values")
		return nil
	}
	env := map[string]string{}
	size := 0
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		if !validEnvName(k.Value) {
			c.errorf(k, p, "name must start with a letter and hold only letters, digits and _")
		}
		if c.intrinsic(v, p) {
			continue
		}
		env[k.Value] = c.str(v, p)
		size += len(k.Value) + len(env[k.Value])
	}
	if size > lambdaEnvBytes {
		c.errorf(n, path, "%d bytes; Lambda allows %d in all", size, lambdaEnvBytes)
	}
	return env
}

func validEnvName(s string) bool {
	if len(s) < 2 || !isLetter(s[0]) {
		return false
	}
	for i := range len(s) {
		if b := s[i]; !isLetter(b) && (b < '0' || b > '9') && b != '_' {
			return false
		}
	}
	return true
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
