package manifest

import (
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// rule says what the embedded engines do with a field.
type rule int

const (
	modelled rule = iota // read and acted on
	quiet                // harmless metadata: accepted without a note
	ignored              // valid but not modelled: a note
	refused              // would change the outcome: an error, remove it
)

// This file is the one place that decides, field by field, what the
// embedded engines model: Kubernetes fields first, then SAM's.

// fields lists, per kind, the paths the engines model and the ones they
// refuse. List indices are written []. Everything else that a document sets
// to a non-zero value is valid Kubernetes (the strict decode checked that)
// but ignored here, and becomes a Note. A parent of a listed path is walked
// into; a listed path covers its whole subtree.
var fields = map[string]map[string]rule{
	"Deployment": {
		"apiVersion": modelled, "kind": modelled, "metadata.name": modelled,
		"metadata.labels": quiet, "metadata.annotations": quiet,

		"spec.replicas":                              modelled,
		"spec.selector.matchLabels":                  modelled,
		"spec.selector.matchExpressions":             refused,
		"spec.strategy.type":                         modelled,
		"spec.strategy.rollingUpdate.maxSurge":       modelled,
		"spec.strategy.rollingUpdate.maxUnavailable": modelled,
		"spec.minReadySeconds":                       modelled,
		"spec.progressDeadlineSeconds":               modelled,
		"spec.revisionHistoryLimit":                  modelled,
		"spec.paused":                                refused,

		"spec.template.metadata.labels":      modelled,
		"spec.template.metadata.annotations": quiet,

		"spec.template.spec.containers[].name":                      modelled,
		"spec.template.spec.containers[].image":                     modelled,
		"spec.template.spec.containers[].command":                   modelled,
		"spec.template.spec.containers[].args":                      modelled,
		"spec.template.spec.containers[].env[].name":                modelled,
		"spec.template.spec.containers[].env[].value":               modelled,
		"spec.template.spec.containers[].env[].valueFrom":           refused,
		"spec.template.spec.containers[].envFrom":                   refused,
		"spec.template.spec.containers[].ports[].name":              modelled,
		"spec.template.spec.containers[].ports[].containerPort":     modelled,
		"spec.template.spec.containers[].resources.requests.cpu":    modelled,
		"spec.template.spec.containers[].resources.requests.memory": modelled,
		"spec.template.spec.containers[].resources.limits.cpu":      modelled,
		"spec.template.spec.containers[].resources.limits.memory":   modelled,
		"spec.template.spec.containers[].volumeMounts":              refused,
		"spec.template.spec.containers[].lifecycle":                 refused,
		"spec.template.spec.containers[].readinessProbe.exec":       refused,
		"spec.template.spec.containers[].readinessProbe.tcpSocket":  refused,
		"spec.template.spec.containers[].readinessProbe.grpc":       refused,
		"spec.template.spec.containers[].livenessProbe.exec":        refused,
		"spec.template.spec.containers[].livenessProbe.tcpSocket":   refused,
		"spec.template.spec.containers[].livenessProbe.grpc":        refused,
		"spec.template.spec.containers[].startupProbe.exec":         refused,
		"spec.template.spec.containers[].startupProbe.tcpSocket":    refused,
		"spec.template.spec.containers[].startupProbe.grpc":         refused,

		"spec.template.spec.terminationGracePeriodSeconds":                                                           modelled,
		"spec.template.spec.restartPolicy":                                                                           modelled, // must be Always
		"spec.template.spec.topologySpreadConstraints[].maxSkew":                                                     modelled,
		"spec.template.spec.topologySpreadConstraints[].topologyKey":                                                 modelled,
		"spec.template.spec.topologySpreadConstraints[].whenUnsatisfiable":                                           modelled,
		"spec.template.spec.topologySpreadConstraints[].labelSelector":                                               modelled,
		"spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[].topologyKey":   modelled,
		"spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[].labelSelector": modelled,

		"spec.template.spec.initContainers":       refused,
		"spec.template.spec.ephemeralContainers":  refused,
		"spec.template.spec.volumes":              refused,
		"spec.template.spec.hostNetwork":          refused,
		"spec.template.spec.hostPID":              refused,
		"spec.template.spec.nodeName":             refused,
		"spec.template.spec.nodeSelector":         refused,
		"spec.template.spec.affinity.podAffinity": refused,
		"status": quiet, // what a kubectl get -o yaml leaves behind
	},
	"Service": {
		"apiVersion": modelled, "kind": modelled, "metadata.name": modelled,
		"metadata.labels": quiet, "metadata.annotations": quiet,
		"spec.type":               modelled,
		"spec.selector":           modelled,
		"spec.ports[].name":       modelled,
		"spec.ports[].port":       modelled,
		"spec.ports[].targetPort": modelled,
		"spec.ports[].protocol":   modelled, // TCP only
		"status":                  quiet,
	},
	"HorizontalPodAutoscaler": {
		"apiVersion": modelled, "kind": modelled, "metadata.name": modelled,
		"metadata.labels": quiet, "metadata.annotations": quiet,
		"spec.scaleTargetRef":                                modelled,
		"spec.minReplicas":                                   modelled,
		"spec.maxReplicas":                                   modelled,
		"spec.metrics[].type":                                modelled,
		"spec.metrics[].resource.name":                       modelled,
		"spec.metrics[].resource.target.type":                modelled,
		"spec.metrics[].resource.target.averageUtilization":  modelled,
		"spec.metrics[].pods.metric.name":                    modelled,
		"spec.metrics[].pods.target.type":                    modelled,
		"spec.metrics[].pods.target.averageValue":            modelled,
		"spec.behavior.scaleUp.stabilizationWindowSeconds":   modelled,
		"spec.behavior.scaleUp.policies":                     modelled,
		"spec.behavior.scaleUp.selectPolicy":                 modelled,
		"spec.behavior.scaleDown.stabilizationWindowSeconds": modelled,
		"spec.behavior.scaleDown.policies":                   modelled,
		"spec.behavior.scaleDown.selectPolicy":               modelled,
		"status":                                             quiet,
	},
}

func init() {
	// A probe's httpGet fields and timings are the same for all three.
	d := fields["Deployment"]
	for _, p := range []string{"readinessProbe", "livenessProbe", "startupProbe"} {
		for _, f := range []string{"httpGet.path", "httpGet.port", "initialDelaySeconds",
			"periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold"} {
			d["spec.template.spec.containers[]."+p+"."+f] = modelled
		}
	}
}

// The SAM side: template sections, resource attributes and function
// properties. Unknown names are errors; ignored ones are notes.

// samField is how the engine treats a template key or function property.
type samField struct {
	rule
	inGlobals bool // SAM accepts it in Globals.Function
}

// templateKeys are the top-level sections of a SAM template.
var templateKeys = map[string]rule{
	"AWSTemplateFormatVersion": modelled, "Transform": modelled, "Resources": modelled,
	"Globals": modelled, "Description": quiet,
	"Parameters": ignored, "Mappings": ignored, "Conditions": ignored,
	"Outputs": ignored, "Metadata": ignored, "Rules": ignored,
}

// functionProperties are AWS::Serverless::Function's properties (SAM
// specification, "AWS::Serverless::Function"). Properties SAM refuses in
// Globals are marked; every other one may be set there too.
var functionProperties = map[string]samField{
	"MemorySize":                   {modelled, true},
	"Timeout":                      {modelled, true},
	"ReservedConcurrentExecutions": {modelled, true},
	"ProvisionedConcurrencyConfig": {modelled, true},
	"AutoPublishAlias":             {modelled, true},
	"Environment":                  {modelled, true},
	"Handler":                      {modelled, true},
	"Runtime":                      {modelled, true},
	"CodeUri":                      {modelled, true},
	"Description":                  {quiet, true},
	"FunctionName":                 {quiet, false},

	"Events": {ignored, false}, "Policies": {ignored, false}, "Role": {ignored, false},
	"Architectures": {ignored, true}, "AssumeRolePolicyDocument": {ignored, true},
	"AutoPublishAliasAllProperties": {ignored, true}, "AutoPublishCodeSha256": {ignored, true},
	"CodeSigningConfigArn": {ignored, true}, "DeadLetterQueue": {ignored, true},
	"DeploymentPreference": {ignored, true}, "EphemeralStorage": {ignored, true},
	"EventInvokeConfig": {ignored, true}, "FileSystemConfigs": {ignored, true},
	"FunctionUrlConfig": {ignored, true}, "ImageConfig": {ignored, true},
	"ImageUri": {ignored, true}, "InlineCode": {ignored, true}, "KmsKeyArn": {ignored, true},
	"Layers": {ignored, true}, "LoggingConfig": {ignored, true}, "PackageType": {ignored, true},
	"PermissionsBoundary": {ignored, true}, "PropagateTags": {ignored, true},
	"RecursiveLoop": {ignored, true}, "RolePath": {ignored, true},
	"RuntimeManagementConfig": {ignored, true}, "SnapStart": {ignored, true},
	"SourceKMSKeyArn": {ignored, true}, "Tags": {ignored, true}, "Tracing": {ignored, true},
	"VersionDescription": {ignored, true}, "VpcConfig": {ignored, true},
}

// resourceKeys are a CloudFormation resource's attributes.
var resourceKeys = map[string]rule{
	"Type": modelled, "Properties": modelled,
	"DependsOn": ignored, "Condition": ignored, "Metadata": ignored,
	"DeletionPolicy": ignored, "UpdateReplacePolicy": ignored,
}

var listIndex = regexp.MustCompile(`\[\d+\]`)

// checkModelled walks a document and sorts every set field by the table:
// notes for ignored ones, problems for refused ones.
func checkModelled(file, kind string, root *yaml.Node) (notes []Note, ps Problems) {
	table := fields[kind]
	// line is the field's key line, where the learner looks.
	var walk func(n *yaml.Node, path string, line int)
	walk = func(n *yaml.Node, path string, line int) {
		pattern := listIndex.ReplaceAllString(path, "[]")
		r, listed := table[pattern]
		switch {
		case isZero(n):
			return
		case listed && r == refused:
			ps = append(ps, Problem{File: file, Line: line, Path: path,
				Message: "valid Kubernetes but not modelled here, and it would change the outcome; remove it"})
			return
		case listed:
			return
		case path != "" && !hasChild(table, pattern):
			notes = append(notes, Note{File: file, Line: line, Path: path,
				Message: "valid Kubernetes but not modelled here; it is ignored"})
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], join(path, n.Content[i].Value), n.Content[i].Line)
			}
		case yaml.SequenceNode:
			for i, e := range n.Content {
				walk(e, path+"["+strconv.Itoa(i)+"]", e.Line)
			}
		}
	}
	walk(root, "", root.Line)
	return notes, ps
}

// hasChild reports whether the table lists something below pattern.
func hasChild(table map[string]rule, pattern string) bool {
	for p := range table {
		if strings.HasPrefix(p, pattern+".") || strings.HasPrefix(p, pattern+"[]") {
			return true
		}
	}
	return false
}

// isZero is a field left at its zero value, which Kubernetes treats as
// unset: null, false, 0, "", {} or [].
func isZero(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		return len(n.Content) == 0
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return true
		case "!!bool":
			return n.Value == "false"
		case "!!int", "!!float":
			return strings.Trim(n.Value, "+-0.") == ""
		case "!!str":
			return n.Value == ""
		}
	}
	return false
}
