// Package validate is the small runtime behind the generated Validate
// methods in internal/awsmodel/<service>. It collects constraint violations
// the way AWS's Coral-based services report them and turns them into one
// ValidationException:
//
//	2 validation errors detected: Value 'my stream!' at 'streamName' failed to
//	satisfy constraint: Member must satisfy regular expression pattern:
//	[a-zA-Z0-9_.-]+; Value null at 'shardCount' failed to satisfy constraint:
//	Member must not be null
//
// Like AWS, it reports at most ten violations; the count in the message is the
// number reported. Rules (lengths, ranges, patterns, enums) are immutable
// values the generator emits as package-level variables.
package validate
