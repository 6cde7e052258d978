package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// services are the packages committed under internal/awsmodel.
var services = []string{"kinesis", "athena", "glue"}

// modelsDir finds the AWS models: $NUBO_AWS_MODELS, else the team's shared
// copy beside the repository.
func modelsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NUBO_AWS_MODELS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "aws-models")
	}
	if _, err := os.Stat(filepath.Join(dir, "kinesis.json")); err != nil {
		t.Skipf("AWS models not found (set NUBO_AWS_MODELS): %v", err)
	}
	return dir
}

// TestCommittedOutputUpToDate regenerates every package into a temporary
// directory and compares it with the committed files.
func TestCommittedOutputUpToDate(t *testing.T) {
	tmp := t.TempDir()
	if err := Run(modelsDir(t), tmp, services); err != nil {
		t.Fatal(err)
	}
	for _, svc := range services {
		files, err := filepath.Glob(filepath.Join(tmp, svc, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: nothing generated (%v)", svc, err)
		}
		for _, f := range files {
			want, _ := os.ReadFile(f)
			committed := filepath.Join("..", svc, filepath.Base(f))
			got, err := os.ReadFile(committed)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s is out of date; run go generate ./internal/awsmodel", committed)
			}
		}
		stale, _ := filepath.Glob(filepath.Join("..", svc, "zz_*.go"))
		if len(stale) != len(files) {
			t.Errorf("%s: %d committed zz_ files, generator writes %d", svc, len(stale), len(files))
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	dir := modelsDir(t)
	a, err := GenerateService(dir, "kinesis")
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateService(dir, "kinesis")
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

// TestGenerateSmallModel covers naming rules on a hand-written model: a
// member named Validate, a shape clashing with a generated name, lower-case
// member names, jsonName, unions, and member-level constraints.
func TestGenerateSmallModel(t *testing.T) {
	model := `{"smithy":"2.0","shapes":{
	"ex#Svc":{"type":"service","version":"2024-01-01","operations":[{"target":"ex#Do"}]},
	"ex#Do":{"type":"operation","input":{"target":"ex#DoInput"},"output":{"target":"ex#Operations"}},
	"ex#DoInput":{"type":"structure","members":{
		"Validate":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}},
		"name":{"target":"ex#Name","traits":{"smithy.api#jsonName":"Name","smithy.api#length":{"max":3}}},
		"Choice":{"target":"ex#Choice"},
		"Count":{"target":"smithy.api#Integer","traits":{"smithy.api#range":{"min":1}}},
		"Ratio":{"target":"ex#Ratio"}}},
	"ex#Name":{"type":"string","traits":{"smithy.api#length":{"min":1,"max":10}}},
	"ex#Ratio":{"type":"double","traits":{"smithy.api#range":{"min":0,"max":1}}},
	"ex#Choice":{"type":"union","members":{"A":{"target":"smithy.api#String"},"B":{"target":"ex#Operations"}}},
	"ex#Operations":{"type":"structure","members":{"X":{"target":"smithy.api#Timestamp"}}}
	}}`
	files, err := Generate([]byte(model), "ex.json", "ex")
	if err != nil {
		t.Fatal(err)
	}
	shapes := strings.Join(strings.Fields(string(files["zz_shapes.go"])), " ")
	validate := strings.Join(strings.Fields(string(files["zz_validate.go"])), " ")
	for _, want := range []string{
		"Validate_ string `json:\"Validate,omitempty\"` // required",
		"Name string `json:\"Name,omitempty\"`",
		"Choice *Choice",
		"Count *int32",
		"type Operations_ struct",
		"A *string",
		"B *Operations_",
		"X *awsproto.Timestamp",
	} {
		if !strings.Contains(shapes, want) {
			t.Errorf("zz_shapes.go lacks %q:\n%s", want, shapes)
		}
	}
	for _, want := range []string{
		`e.Null(p + "validate")`,
		`validate.Length{Max: 3, HasMax: true}`,
		`e.String(p+"name", s.Name, ruleDoInputName)`,
		`validate.IntRange{Min: 1, HasMin: true}`,
		`MinText: "0.0"`,
		`MaxText: "1.0"`,
	} {
		if !strings.Contains(validate, want) {
			t.Errorf("zz_validate.go lacks %q:\n%s", want, validate)
		}
	}
}
