package server

// wireS3 builds the S3 component. It is filled in as the service lands.
func wireS3(d *Deps) (*Component, error) { return nil, nil }
