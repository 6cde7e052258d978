package server

// wireKinesis builds the Kinesis component. It is filled in as the service lands.
func wireKinesis(d *Deps) (*Component, error) { return nil, nil }
