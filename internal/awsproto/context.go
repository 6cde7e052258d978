package awsproto

import "context"

// Identity is who signed a request, as the edge verified it.
type Identity struct {
	AccessKey string
	AccountID string
	Region    string
	// Service is the signing name from the credential scope.
	Service string
	// Anonymous is true for requests that carried no signature.
	Anonymous bool
}

type identityKey struct{}

// WithIdentity stores the caller's identity in ctx.
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom returns the caller's identity, or an anonymous one.
func IdentityFrom(ctx context.Context) *Identity {
	if id, ok := ctx.Value(identityKey{}).(*Identity); ok {
		return id
	}
	return &Identity{Anonymous: true, AccountID: DefaultAccountID, Region: DefaultRegion}
}

// DefaultAccountID is the account every nubo resource belongs to.
const DefaultAccountID = "000000000000"

// DefaultRegion is used where a request names no region.
const DefaultRegion = "us-east-1"
