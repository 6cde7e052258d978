package dialect

import "testing"

func TestScratch(t *testing.T) {
	for _, q := range []string{
		"SELECT a, count(*) FROM db.t GROUP BY a",
		"SELECT x.a AS A, 1.5, 'it''s', date_add('day', 1, DATE '2024-01-01') FROM awsdatacatalog.db.\"T\" x WHERE extract(year FROM ts) = 2024",
		"WITH c AS (SELECT * FROM t) SELECT * FROM c CROSS JOIN UNNEST(arr) AS u(x)",
		"SELECT transform(arr, x -> x + 1), cast(a as varchar(10)), try_cast(b AS array(integer)) FROM t",
		"SELECT a IS DISTINCT FROM b, trim(BOTH 'x' FROM s) FROM t LEFT JOIN u ON t.id = u.id, v",
		"VALUES (1, 'a'), (2, 'b')",
		"SELECT * FROM t CROSS JOIN UNNEST(m) AS u(k, v)",
	} {
		st, err := Parse(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := TranslateQuery(st, st.Nodes, func(r TableRef) (string, error) { return "view_" + r.Parts[len(r.Parts)-1], nil })
		if err != nil {
			t.Fatal(q, err)
		}
		t.Logf("%s\n  => %s  %v", q, tr.SQL, tr.Tables)
	}
}
