package sql

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ExportOptions says how Export writes a query's rows.
type ExportOptions struct {
	// Format is "parquet", "csv" or "json" (newline-delimited).
	Format string
	// Compression is the codec: for parquet "snappy", "gzip", "zstd",
	// "uncompressed"; for csv and json "gzip", "zstd" or "none".
	Compression string
	// Delimiter, Quote and Null apply to csv; an empty Quote writes values
	// unquoted (Hive's text format).
	Delimiter, Quote, Null string
	// PartitionBy writes Hive-style key=value/ directories for these columns.
	PartitionBy []string
	// FilePrefix names the files written (an extension is added for
	// compressed text).
	FilePrefix string
}

// ExportFile is one file an export wrote, relative to the export directory.
type ExportFile struct {
	Name string // slash-separated, e.g. "dt=2024-01-01/q_0.parquet"
	Size int64
}

// Export is the output of Session.Export, in a scratch directory of the
// engine until Remove.
type Export struct {
	dir   string
	Files []ExportFile
	Rows  int64
}

// Export runs query and writes its rows to files in a new scratch
// directory. Cancelling ctx interrupts DuckDB.
func (s *Session) Export(ctx context.Context, tempDir, query string, opts ExportOptions) (*Export, error) {
	dir, err := os.MkdirTemp(tempDir, "export-")
	if err != nil {
		return nil, fmt.Errorf("sql: export dir: %w", err)
	}
	x := &Export{dir: dir}
	copyOpts, target := exportTarget(dir, opts)
	n, err := s.Exec(ctx, "COPY ("+query+") TO "+quote(target)+" ("+strings.Join(copyOpts, ", ")+")")
	if err != nil {
		x.Remove()
		return nil, err
	}
	x.Rows = n
	if err := x.scan(); err != nil {
		x.Remove()
		return nil, err
	}
	return x, nil
}

func exportTarget(dir string, opts ExportOptions) ([]string, string) {
	prefix := opts.FilePrefix
	if prefix == "" {
		prefix = "data"
	}
	ext := ""
	var o []string
	switch opts.Format {
	case "parquet":
		o = append(o, "FORMAT parquet")
		if opts.Compression != "" {
			o = append(o, "COMPRESSION "+quote(opts.Compression))
		}
	default:
		if opts.Format == "json" {
			o = append(o, "FORMAT json")
		} else {
			o = append(o, "FORMAT csv", "HEADER false", "DELIMITER "+quote(opts.Delimiter), "QUOTE "+quote(opts.Quote),
				"ESCAPE "+quote(opts.Quote), "NULLSTR "+quote(opts.Null))
		}
		switch opts.Compression {
		case "gzip":
			o, ext = append(o, "COMPRESSION 'gzip'"), ".gz"
		case "zstd":
			o, ext = append(o, "COMPRESSION 'zstd'"), ".zst"
		default:
			o = append(o, "COMPRESSION 'none'")
		}
	}
	if len(opts.PartitionBy) > 0 {
		cols := make([]string, len(opts.PartitionBy))
		for i, c := range opts.PartitionBy {
			cols[i] = QuoteIdent(c)
		}
		// DuckDB names the files <prefix>_<i>.<format>[.gz].
		o = append(o, "PARTITION_BY ("+strings.Join(cols, ", ")+")", "FILENAME_PATTERN "+quote(prefix+"_{i}"),
			"WRITE_PARTITION_COLUMNS false")
		return o, dir
	}
	return o, filepath.Join(dir, prefix+ext)
}

func (x *Export) scan() error {
	return filepath.WalkDir(x.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(x.dir, path)
		if err != nil {
			return err
		}
		x.Files = append(x.Files, ExportFile{Name: filepath.ToSlash(rel), Size: info.Size()})
		sort.Slice(x.Files, func(i, j int) bool { return x.Files[i].Name < x.Files[j].Name })
		return nil
	})
}

// Open reads one exported file.
func (x *Export) Open(name string) (io.ReadCloser, error) {
	return os.Open(filepath.Join(x.dir, filepath.FromSlash(name)))
}

// Remove deletes the export's scratch directory.
func (x *Export) Remove() error { return os.RemoveAll(x.dir) }
