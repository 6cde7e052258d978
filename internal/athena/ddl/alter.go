package ddl

import "github.com/nubo-dev/nubo/internal/athena/dialect"

func (p *parser) alter() (Statement, error) {
	n, err := p.name()
	if err != nil {
		return nil, err
	}
	switch {
	case p.accept("add", "columns"):
		cols, err := p.columns()
		return &AddColumns{Name: n, Columns: cols}, err
	case p.accept("replace", "columns"):
		cols, err := p.columns()
		return &AddColumns{Name: n, Columns: cols, Replace: true}, err
	case p.accept("add"):
		st := &AddPartitions{Name: n, IfNotExists: p.accept("if", "not", "exists")}
		for p.at("partition") {
			spec, err := p.partitionSpec(true)
			if err != nil {
				return nil, err
			}
			st.Partitions = append(st.Partitions, spec)
		}
		if len(st.Partitions) == 0 {
			return nil, p.unexpected("'PARTITION'")
		}
		return st, nil
	case p.accept("drop"):
		st := &DropPartitions{Name: n, IfExists: p.accept("if", "exists")}
		for {
			spec, err := p.partitionSpec(false)
			if err != nil {
				return nil, err
			}
			st.Partitions = append(st.Partitions, spec)
			if !p.accept(",") {
				break
			}
		}
		return st, nil
	case p.accept("set", "tblproperties"):
		props, err := p.properties()
		return &SetTableProperties{Name: n, Properties: props}, err
	}
	return nil, p.unexpected("'ADD', 'DROP', 'SET TBLPROPERTIES', 'ADD COLUMNS', 'REPLACE COLUMNS'")
}

// partitionSpec reads PARTITION (k = 'v', ...) [LOCATION '...'].
func (p *parser) partitionSpec(withLocation bool) (PartitionSpec, error) {
	var spec PartitionSpec
	if err := p.expect("partition", "("); err != nil {
		return spec, err
	}
	for !p.accept(")") {
		k, err := p.ident()
		if err != nil {
			return spec, err
		}
		if err := p.expect("="); err != nil {
			return spec, err
		}
		v, err := p.value()
		if err != nil {
			return spec, err
		}
		spec.Keys = append(spec.Keys, k)
		spec.Values = append(spec.Values, v)
		if !p.accept(",") && !p.at(")") {
			return spec, p.unexpected("',', ')'")
		}
	}
	if withLocation && p.accept("location") {
		loc, err := p.str()
		if err != nil {
			return spec, err
		}
		spec.Location = loc
	}
	return spec, nil
}

// value reads a partition value: a string or a number (Hive accepts both).
func (p *parser) value() (string, error) {
	t := p.peek()
	if t.Kind == dialect.Number {
		p.i++
		return t.Text, nil
	}
	return p.str()
}
