package kinesis

import (
	"fmt"
	"time"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Errors as Kinesis words them. Codes and HTTP statuses come from the API
// model; the messages follow what the service returns.

func errf(code string, format string, args ...any) *awsproto.Error {
	return awsproto.NewError(code, 400, format, args...)
}

func invalidArgument(format string, args ...any) *awsproto.Error {
	return errf("InvalidArgumentException", format, args...)
}

func (s *Service) streamNotFound(name string) *awsproto.Error {
	return errf("ResourceNotFoundException", "Stream %s under account %s not found.", name, s.account)
}

func (s *Service) streamExists(name string) *awsproto.Error {
	return errf("ResourceInUseException", "Stream %s under account %s already exists.", name, s.account)
}

func (s *Service) streamNotActive(name, status string) *awsproto.Error {
	return errf("ResourceInUseException", "Stream %s under account %s not ACTIVE, instead in state %s", name, s.account, status)
}

func (s *Service) shardMissing(shardID, stream string) *awsproto.Error {
	return errf("ResourceNotFoundException", "Shard %s in stream %s under account %s does not exist", shardID, stream, s.account)
}

func (s *Service) shardNotFound(shardID, stream string) *awsproto.Error {
	return errf("ResourceNotFoundException", "Could not find shard %s in stream %s under account %s.", shardID, stream, s.account)
}

func (s *Service) rateExceeded(shardID, stream string) *awsproto.Error {
	return errf("ProvisionedThroughputExceededException", "%s", s.rateExceededMessage(shardID, stream))
}

func (s *Service) rateExceededMessage(shardID, stream string) string {
	return fmt.Sprintf("Rate exceeded for shard %s in stream %s under account %s.", shardID, stream, s.account)
}

func invalidIterator() *awsproto.Error {
	return invalidArgument("Invalid ShardIterator.")
}

// amzTime formats t the way Java's Date.toString does, which is how the
// iterator-expiry message shows times ("Thu Jan 22 01:22:02 UTC 2015").
func amzTime(t time.Time) string {
	return t.UTC().Format("Mon Jan 02 15:04:05 MST 2006")
}

func expiredIterator(issued, now time.Time) *awsproto.Error {
	return errf("ExpiredIteratorException",
		"Iterator expired. The iterator was created at time %s while right now it is %s which is further in the future than the tolerated delay of %d milliseconds.",
		amzTime(issued), amzTime(now), iteratorLifetime.Milliseconds())
}

func (s *Service) consumerNotFound(name, streamARN string) *awsproto.Error {
	return errf("ResourceNotFoundException", "Consumer %s under stream %s not found.", name, streamARN)
}

func (s *Service) consumerExists(name, streamARN string) *awsproto.Error {
	return errf("ResourceInUseException", "Consumer %s under stream %s already exists.", name, streamARN)
}

func limitExceeded(format string, args ...any) *awsproto.Error {
	return errf("LimitExceededException", format, args...)
}
