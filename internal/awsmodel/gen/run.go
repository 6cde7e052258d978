package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Run generates the package <outDir>/<svc> for each service from
// <modelsDir>/<svc>.json. Files are written only when their content changes,
// so an up-to-date tree is left untouched.
func Run(modelsDir, outDir string, services []string) error {
	for _, svc := range services {
		files, err := GenerateService(modelsDir, svc)
		if err != nil {
			return err
		}
		dir := filepath.Join(outDir, svc)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			path := filepath.Join(dir, name)
			if old, err := os.ReadFile(path); err == nil && string(old) == string(files[name]) {
				continue
			}
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// GenerateService generates the package of one service from
// <modelsDir>/<svc>.json; the package is named after the service, without
// dashes (cloudwatch-logs becomes cloudwatchlogs).
func GenerateService(modelsDir, svc string) (Files, error) {
	file := svc + ".json"
	data, err := os.ReadFile(filepath.Join(modelsDir, file))
	if err != nil {
		return nil, fmt.Errorf("reading model: %w", err)
	}
	return Generate(data, file, strings.ReplaceAll(svc, "-", ""))
}
