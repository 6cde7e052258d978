package ddl

func (p *parser) show() (Statement, error) {
	var err error
	switch {
	case p.accept("databases"), p.accept("schemas"):
		st := &ShowDatabases{}
		if p.accept("like") {
			st.Like, err = p.str()
		}
		return st, err
	case p.accept("tables"):
		st := &ShowTables{}
		if p.accept("in") || p.accept("from") {
			if st.Database, err = p.ident(); err != nil {
				return nil, err
			}
		}
		if p.accept("like") || p.i < len(p.toks) {
			st.Like, err = p.str()
		}
		return st, err
	case p.accept("partitions"):
		n, err := p.name()
		return &ShowPartitions{Name: n}, err
	case p.accept("create", "table"):
		n, err := p.name()
		return &ShowCreateTable{Name: n}, err
	case p.accept("columns"):
		if !p.accept("in") && !p.accept("from") {
			return nil, p.unexpected("'IN', 'FROM'")
		}
		n, err := p.name()
		if err != nil {
			return nil, err
		}
		if p.accept("in") || p.accept("from") {
			if n.Database, err = p.ident(); err != nil {
				return nil, err
			}
		}
		return &ShowColumns{Name: n}, nil
	case p.accept("tblproperties"):
		n, err := p.name()
		if err != nil {
			return nil, err
		}
		st := &ShowTableProperties{Name: n}
		if p.accept("(") {
			if st.Property, err = p.str(); err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
		}
		return st, nil
	}
	return nil, p.unexpected("'COLUMNS', 'CREATE TABLE', 'DATABASES', 'PARTITIONS', 'SCHEMAS', 'TABLES', 'TBLPROPERTIES'")
}

func (p *parser) describe() (Statement, error) {
	st := &Describe{}
	if p.accept("formatted") || p.accept("extended") {
		st.Formatted = true
	}
	var err error
	if st.Name, err = p.name(); err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		st.Column, err = p.ident()
	}
	return st, err
}
