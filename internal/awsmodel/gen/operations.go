package gen

import (
	"bytes"
	"fmt"
	"strings"
)

// typeName is the Go type name of an operation's input or output.
func (g *generator) typeName(id string) string {
	if id == "smithy.api#Unit" {
		return g.unitName
	}
	return g.typeNames[id]
}

func (g *generator) emitOperations() ([]byte, error) {
	var b bytes.Buffer
	g.header(&b)
	svcName := shapeName(g.svcID)
	version := g.svc.Version
	fmt.Fprintf(&b, "// ServiceName is the name of the model's service shape (%s);\n", g.svcID)
	b.WriteString("// awsJson services use it as the X-Amz-Target prefix.\n")
	fmt.Fprintf(&b, "const ServiceName = %q\n\n", svcName)
	b.WriteString("// APIVersion is the API version the model describes.\n")
	fmt.Fprintf(&b, "const APIVersion = %q\n\n", version)
	b.WriteString("// Operations lists every operation of the API in alphabetical order, with\n")
	b.WriteString("// its input and output types.\n")
	b.WriteString("var Operations = []string{\n")
	for _, op := range g.ops {
		fmt.Fprintf(&b, "\t%q, // %s -> %s\n", op.Name, g.typeName(op.Input), g.typeName(op.Output))
	}
	b.WriteString("}\n\n")
	b.WriteString("// OperationInfo names the Go types of an operation's input and output.\n")
	b.WriteString("type OperationInfo struct {\n\tName, Input, Output string\n}\n\n")
	b.WriteString("// OperationShapes describes the operations of Operations, in the same order.\n")
	b.WriteString("var OperationShapes = []OperationInfo{\n")
	for _, op := range g.ops {
		fmt.Fprintf(&b, "\t{%q, %q, %q},\n", op.Name, g.typeName(op.Input), g.typeName(op.Output))
	}
	b.WriteString("}\n")
	if strings.Contains(b.String(), `""`) {
		return nil, fmt.Errorf("an operation's input or output has no Go type")
	}
	return b.Bytes(), nil
}
