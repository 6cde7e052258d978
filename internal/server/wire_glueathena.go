package server

// wireGlueAthena builds the GlueAthena component. It is filled in as the service lands.
func wireGlueAthena(d *Deps) (*Component, error) { return nil, nil }
