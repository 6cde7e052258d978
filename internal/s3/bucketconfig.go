package s3

import (
	"net/http"
	"strconv"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// The read side of bucket features nubo does not let anyone configure.
// Their answers are what S3 says about a new bucket with the same
// settings, so tools that read every sub-resource (Terraform, consoles)
// work: no policy, lifecycle, website, replication or object lock; the
// owner-enforced ownership and the public access block every new S3 bucket
// gets; ACLs that grant the owner full control and nothing else.

func (s *Service) getBucketPolicy(w http.ResponseWriter, r *request) error {
	return s.notConfigured(r, "NoSuchBucketPolicy", "The bucket policy does not exist")
}

func (s *Service) getBucketPolicyStatus(w http.ResponseWriter, r *request) error {
	return s.notConfigured(r, "NoSuchBucketPolicy", "The bucket policy does not exist")
}

func (s *Service) getBucketLifecycleConfiguration(w http.ResponseWriter, r *request) error {
	return s.notConfigured(r, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist")
}

func (s *Service) getBucketWebsite(w http.ResponseWriter, r *request) error {
	return s.notConfigured(r, "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration")
}

func (s *Service) getBucketReplication(w http.ResponseWriter, r *request) error {
	return s.notConfigured(r, "ReplicationConfigurationNotFoundError", "The replication configuration was not found")
}

func (s *Service) getObjectLockConfiguration(w http.ResponseWriter, r *request) error {
	return s.notConfigured(r, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
}

// notConfigured answers S3's 404 for a sub-resource a bucket does not have.
func (s *Service) notConfigured(r *request, code, msg string) error {
	if _, err := s.getBucket(r); err != nil {
		return err
	}
	return awsproto.NewError(code, http.StatusNotFound, "%s", msg).With("BucketName", r.Bucket)
}

// writeDocument answers with a fixed XML document once the bucket is known.
func (s *Service) writeDocument(w http.ResponseWriter, r *request, doc string) error {
	if _, err := s.getBucket(r); err != nil {
		return err
	}
	writeRawXML(w, doc)
	return nil
}

func writeRawXML(w http.ResponseWriter, doc string) {
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + doc
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(body))
}

func (s *Service) getBucketOwnershipControls(w http.ResponseWriter, r *request) error {
	return s.writeDocument(w, r, `<OwnershipControls xmlns="`+s3Namespace+`"><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>`)
}

func (s *Service) getPublicAccessBlock(w http.ResponseWriter, r *request) error {
	return s.writeDocument(w, r, `<PublicAccessBlockConfiguration xmlns="`+s3Namespace+`"><BlockPublicAcls>true</BlockPublicAcls>`+
		`<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`)
}

func (s *Service) getBucketLogging(w http.ResponseWriter, r *request) error {
	return s.writeDocument(w, r, `<BucketLoggingStatus xmlns="`+s3Namespace+`"/>`)
}

func (s *Service) getBucketNotificationConfiguration(w http.ResponseWriter, r *request) error {
	return s.writeDocument(w, r, `<NotificationConfiguration xmlns="`+s3Namespace+`"/>`)
}

func (s *Service) getBucketRequestPayment(w http.ResponseWriter, r *request) error {
	return s.writeDocument(w, r, `<RequestPaymentConfiguration xmlns="`+s3Namespace+`"><Payer>BucketOwner</Payer></RequestPaymentConfiguration>`)
}

func (s *Service) getBucketAccelerateConfiguration(w http.ResponseWriter, r *request) error {
	return s.writeDocument(w, r, `<AccelerateConfiguration xmlns="`+s3Namespace+`"/>`)
}

// ownerOnlyACL is the ACL of every bucket and object under
// BucketOwnerEnforced ownership.
const ownerOnlyACL = `<AccessControlPolicy xmlns="` + s3Namespace + `"><Owner><ID>` + canonicalUserID + `</ID></Owner>` +
	`<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` +
	canonicalUserID + `</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`

func (s *Service) getBucketAcl(w http.ResponseWriter, r *request) error {
	return s.writeDocument(w, r, ownerOnlyACL)
}

func (s *Service) getObjectAcl(w http.ResponseWriter, r *request) error {
	o, err := s.lookupObject(r, r.query.Get("versionId"))
	if err != nil {
		return err
	}
	setVersionHeader(w.Header(), o)
	writeRawXML(w, ownerOnlyACL)
	return nil
}

// putACL accepts what BucketOwnerEnforced ownership accepts: a canned ACL
// that leaves the owner in full control. Grants and ACL documents are
// refused with AccessControlListNotSupported, as S3 refuses them.
func putACL(r *request) error {
	switch r.Header.Get("X-Amz-Acl") {
	case "private", "bucket-owner-full-control":
	default:
		return errACLNotSupported()
	}
	for _, name := range []string{"X-Amz-Grant-Full-Control", "X-Amz-Grant-Read", "X-Amz-Grant-Read-Acp", "X-Amz-Grant-Write", "X-Amz-Grant-Write-Acp"} {
		if r.Header.Get(name) != "" {
			return errACLNotSupported()
		}
	}
	if r.ContentLength > 0 {
		return errACLNotSupported()
	}
	return nil
}

func (s *Service) putBucketAcl(w http.ResponseWriter, r *request) error {
	if _, err := s.getBucket(r); err != nil {
		return err
	}
	if err := putACL(r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Service) putObjectAcl(w http.ResponseWriter, r *request) error {
	o, err := s.lookupObject(r, r.query.Get("versionId"))
	if err != nil {
		return err
	}
	if err := putACL(r); err != nil {
		return err
	}
	setVersionHeader(w.Header(), o)
	w.WriteHeader(http.StatusOK)
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
