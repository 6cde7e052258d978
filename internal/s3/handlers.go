package s3

// handlers maps each operation nubo implements to its handler; every other
// operation of the model answers NotImplemented.
func handlers() map[string]handler {
	return map[string]handler{
		"ListBuckets":       (*Service).listBuckets,
		"CreateBucket":      (*Service).createBucket,
		"DeleteBucket":      (*Service).deleteBucket,
		"HeadBucket":        (*Service).headBucket,
		"GetBucketLocation": (*Service).getBucketLocation,

		"GetBucketVersioning": (*Service).getBucketVersioning,
		"PutBucketVersioning": (*Service).putBucketVersioning,
		"GetBucketTagging":    (*Service).getBucketTagging,
		"PutBucketTagging":    (*Service).putBucketTagging,
		"DeleteBucketTagging": (*Service).deleteBucketTagging,
		"GetBucketCors":       (*Service).getBucketCors,
		"PutBucketCors":       (*Service).putBucketCors,
		"DeleteBucketCors":    (*Service).deleteBucketCors,

		"ListObjects":        (*Service).listObjects,
		"ListObjectsV2":      (*Service).listObjectsV2,
		"ListObjectVersions": (*Service).listObjectVersions,

		"PutObject":           (*Service).putObject,
		"GetObject":           (*Service).getObject,
		"HeadObject":          (*Service).headObject,
		"DeleteObject":        (*Service).deleteObject,
		"DeleteObjects":       (*Service).deleteObjects,
		"CopyObject":          (*Service).copyObject,
		"GetObjectAttributes": (*Service).getObjectAttributes,
		"GetObjectTagging":    (*Service).getObjectTagging,
		"PutObjectTagging":    (*Service).putObjectTagging,
		"DeleteObjectTagging": (*Service).deleteObjectTagging,
		opPostObject:          (*Service).postObject,

		"GetBucketPolicy":                    (*Service).getBucketPolicy,
		"GetBucketPolicyStatus":              (*Service).getBucketPolicyStatus,
		"GetBucketLifecycleConfiguration":    (*Service).getBucketLifecycleConfiguration,
		"GetBucketWebsite":                   (*Service).getBucketWebsite,
		"GetBucketReplication":               (*Service).getBucketReplication,
		"GetObjectLockConfiguration":         (*Service).getObjectLockConfiguration,
		"GetBucketOwnershipControls":         (*Service).getBucketOwnershipControls,
		"GetPublicAccessBlock":               (*Service).getPublicAccessBlock,
		"GetBucketLogging":                   (*Service).getBucketLogging,
		"GetBucketNotificationConfiguration": (*Service).getBucketNotificationConfiguration,
		"GetBucketRequestPayment":            (*Service).getBucketRequestPayment,
		"GetBucketAccelerateConfiguration":   (*Service).getBucketAccelerateConfiguration,
		"GetBucketAcl":                       (*Service).getBucketAcl,
		"PutBucketAcl":                       (*Service).putBucketAcl,
		"GetObjectAcl":                       (*Service).getObjectAcl,
		"PutObjectAcl":                       (*Service).putObjectAcl,

		"CreateMultipartUpload":   (*Service).createMultipartUpload,
		"UploadPart":              (*Service).uploadPart,
		"UploadPartCopy":          (*Service).uploadPartCopy,
		"CompleteMultipartUpload": (*Service).completeMultipartUpload,
		"AbortMultipartUpload":    (*Service).abortMultipartUpload,
		"ListParts":               (*Service).listParts,
		"ListMultipartUploads":    (*Service).listMultipartUploads,
	}
}

// opNote is the compatibility doc's entry for an operation nubo
// implements: whether it is complete, and what it covers or leaves out.
type opNote struct {
	Partial bool
	Note    string
}

// operationNotes are the notes of docs/compatibility/s3.md.
func operationNotes() map[string]opNote {
	return map[string]opNote{
		"CreateBucket":                       {true, "LocationConstraint with AWS's region rules (IllegalLocationConstraintException, InvalidLocationConstraint); BucketAlreadyOwnedByYou (200 on a us-east-1 re-create, as AWS); ACLs other than private, object lock and object ownership other than BucketOwnerEnforced answer an error"},
		"ListBuckets":                        {false, "max-buckets, continuation-token, prefix, bucket-region"},
		"HeadBucket":                         {false, "x-amz-bucket-region"},
		"DeleteBucket":                       {false, "BucketNotEmpty while any version or delete marker remains"},
		"GetObject":                          {true, "single byte ranges, conditional reads, partNumber, response-* overrides, checksum mode; SSE-C answers NotImplemented"},
		"HeadObject":                         {true, "as GetObject"},
		"PutObject":                          {true, "conditional writes (If-None-Match: *, If-Match), Content-MD5, flexible checksums in headers or aws-chunked trailers (CRC64NVME by default, as AWS); SSE-KMS, SSE-C, object lock and archive storage classes answer an error; ACLs behave as under BucketOwnerEnforced"},
		"CopyObject":                         {false, "metadata and tagging directives, copy-source conditions and versionId, checksum algorithm"},
		"DeleteObjects":                      {true, "quiet mode, per-key errors, at most 1000 keys, Content-MD5 or x-amz-checksum-* required; conditional entries by ETag (as If-Match); LastModifiedTime and Size (directory buckets only in AWS) get a per-key NotImplemented"},
		"DeleteObject":                       {true, "versionId and delete markers; conditional deletes with If-Match (an ETag or *, judged against the current version: 412 PreconditionFailed, 404 NoSuchKey when there is none); x-amz-if-match-last-modified-time and x-amz-if-match-size (directory buckets only in AWS) answer NotImplemented"},
		"GetObjectAttributes":                {false, "ETag, Checksum, ObjectParts, StorageClass, ObjectSize"},
		"ListObjects":                        {false, "prefix, delimiter, marker, max-keys, encoding-type=url"},
		"ListObjectsV2":                      {false, "prefix, delimiter, continuation-token, start-after, max-keys, encoding-type=url, fetch-owner"},
		"ListObjectVersions":                 {false, "versions and delete markers in key order, key-marker, version-id-marker"},
		"UploadPartCopy":                     {false, "x-amz-copy-source-range and copy-source conditions"},
		"CompleteMultipartUpload":            {false, "composite and full-object checksums, conditional writes, x-amz-mp-object-size, idempotent retry"},
		"PutBucketVersioning":                {true, "Enabled and Suspended; MFA delete answers NotImplemented"},
		"PutBucketCors":                      {false, "honoured on preflight OPTIONS and on actual responses"},
		"GetBucketPolicy":                    {true, "always NoSuchBucketPolicy: policies cannot be set (PutBucketPolicy is not yet)"},
		"GetBucketPolicyStatus":              {true, "always NoSuchBucketPolicy"},
		"GetBucketLifecycleConfiguration":    {true, "always NoSuchLifecycleConfiguration: lifecycle rules cannot be set yet"},
		"GetBucketWebsite":                   {true, "always NoSuchWebsiteConfiguration"},
		"GetBucketReplication":               {true, "always ReplicationConfigurationNotFoundError"},
		"GetObjectLockConfiguration":         {true, "always ObjectLockConfigurationNotFoundError"},
		"GetBucketOwnershipControls":         {false, "BucketOwnerEnforced, S3's default for new buckets and the only ownership nubo has"},
		"GetPublicAccessBlock":               {false, "all four settings true, S3's default for new buckets (nubo never serves anonymous reads)"},
		"GetBucketLogging":                   {true, "always empty: access logging cannot be set"},
		"GetBucketNotificationConfiguration": {true, "always empty: notifications cannot be set"},
		"GetBucketRequestPayment":            {false, "BucketOwner"},
		"GetBucketAccelerateConfiguration":   {true, "always empty: acceleration cannot be set"},
		"GetBucketAcl":                       {false, "the owner with FULL_CONTROL, as under BucketOwnerEnforced"},
		"GetObjectAcl":                       {false, "the owner with FULL_CONTROL, as under BucketOwnerEnforced"},
		"PutBucketAcl":                       {true, "canned private or bucket-owner-full-control only; anything else is AccessControlListNotSupported, as under BucketOwnerEnforced"},
		"PutObjectAcl":                       {true, "canned private or bucket-owner-full-control only; anything else is AccessControlListNotSupported, as under BucketOwnerEnforced"},
		opPostObject:                         {false, "browser form uploads (POST /bucket, multipart/form-data) with a signed POST policy; not an operation of the S3 model"},
	}
}
