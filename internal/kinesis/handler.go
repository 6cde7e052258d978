package kinesis

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/nubo-dev/nubo/internal/awsproto"
)

// TargetPrefix is Kinesis' X-Amz-Target prefix.
const TargetPrefix = "Kinesis_20131202"

// Handler serves the Kinesis API over HTTP: awsJson 1.1, its CBOR variant,
// and SubscribeToShard's event stream.
type Handler struct {
	svc     *Service
	api     *awsproto.JSONService
	cbor    *awsproto.CBORCodec
	buffers bufferPool
}

// NewHandler builds the HTTP front of svc.
func NewHandler(svc *Service, logger *slog.Logger) (*Handler, error) {
	cbor, err := awsproto.NewCBORCodec()
	if err != nil {
		return nil, err
	}
	api := &awsproto.JSONService{TargetPrefix: TargetPrefix, Version: "1.1", Logger: logger,
		// PutRecords may carry 500 records of up to 10 MiB each in base64.
		MaxBody: 64 << 20}
	api.SetCodec(awsproto.CBORContentType, cbor)
	h := &Handler{svc: svc, api: api, cbor: cbor}
	h.register()
	return h, nil
}

func (h *Handler) register() {
	s, api := h.svc, h.api
	awsproto.Register(api, "AddTagsToStream", s.AddTagsToStream)
	awsproto.Register(api, "CreateStream", s.CreateStream)
	awsproto.Register(api, "DecreaseStreamRetentionPeriod", s.DecreaseStreamRetentionPeriod)
	awsproto.Register(api, "DeleteResourcePolicy", s.DeleteResourcePolicy)
	awsproto.Register(api, "DeleteStream", s.DeleteStream)
	awsproto.Register(api, "DeregisterStreamConsumer", s.DeregisterStreamConsumer)
	awsproto.Register(api, "DescribeAccountSettings", s.DescribeAccountSettings)
	awsproto.Register(api, "DescribeLimits", s.DescribeLimits)
	awsproto.Register(api, "DescribeStream", s.DescribeStream)
	awsproto.Register(api, "DescribeStreamConsumer", s.DescribeStreamConsumer)
	awsproto.Register(api, "DescribeStreamSummary", s.DescribeStreamSummary)
	awsproto.Register(api, "DisableEnhancedMonitoring", s.DisableEnhancedMonitoring)
	awsproto.Register(api, "EnableEnhancedMonitoring", s.EnableEnhancedMonitoring)
	awsproto.Register(api, "GetRecords", s.GetRecords)
	awsproto.Register(api, "GetResourcePolicy", s.GetResourcePolicy)
	awsproto.Register(api, "GetShardIterator", s.GetShardIterator)
	awsproto.Register(api, "IncreaseStreamRetentionPeriod", s.IncreaseStreamRetentionPeriod)
	awsproto.Register(api, "ListShards", s.ListShards)
	awsproto.Register(api, "ListStreamConsumers", s.ListStreamConsumers)
	awsproto.Register(api, "ListStreams", s.ListStreams)
	awsproto.Register(api, "ListTagsForResource", s.ListTagsForResource)
	awsproto.Register(api, "ListTagsForStream", s.ListTagsForStream)
	awsproto.Register(api, "MergeShards", s.MergeShards)
	awsproto.Register(api, "PutRecord", s.PutRecord)
	awsproto.Register(api, "PutRecords", s.PutRecords)
	awsproto.Register(api, "PutResourcePolicy", s.PutResourcePolicy)
	awsproto.Register(api, "RegisterStreamConsumer", s.RegisterStreamConsumer)
	awsproto.Register(api, "RemoveTagsFromStream", s.RemoveTagsFromStream)
	awsproto.Register(api, "SplitShard", s.SplitShard)
	awsproto.Register(api, "StartStreamEncryption", s.StartStreamEncryption)
	awsproto.Register(api, "StopStreamEncryption", s.StopStreamEncryption)
	awsproto.Register(api, "TagResource", s.TagResource)
	awsproto.Register(api, "UntagResource", s.UntagResource)
	awsproto.Register(api, "UpdateAccountSettings", s.UpdateAccountSettings)
	awsproto.Register(api, "UpdateMaxRecordSize", s.UpdateMaxRecordSize)
	awsproto.Register(api, "UpdateShardCount", s.UpdateShardCount)
	awsproto.Register(api, "UpdateStreamMode", s.UpdateStreamMode)
	awsproto.Register(api, "UpdateStreamRecordDistributionStrategy", s.UpdateStreamRecordDistributionStrategy)
	awsproto.Register(api, "UpdateStreamWarmThroughput", s.UpdateStreamWarmThroughput)
	// Channels deliver a stream to a general purpose S3 bucket (ops_channels.go).
	awsproto.Register(api, "CreateChannel", s.CreateChannel)
	awsproto.Register(api, "DeleteChannel", s.DeleteChannel)
	awsproto.Register(api, "DescribeChannel", s.DescribeChannel)
	awsproto.Register(api, "ListChannels", s.ListChannels)
	awsproto.Register(api, "UpdateChannel", s.UpdateChannel)
}

// Operations lists the operation names the handler answers, including
// SubscribeToShard, which ServeHTTP serves as an event stream.
func (h *Handler) Operations() []string { return append(h.api.Operations(), "SubscribeToShard") }

// ServeHTTP dispatches one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), TargetPrefix+"."); ok && r.Method == http.MethodPost {
		switch op {
		case "SubscribeToShard":
			h.subscribe(w, r)
			return
		case "PutRecords", "GetRecords":
			if h.codecFor(r) != awsproto.Codec(h.cbor) && h.serveFast(w, r, op) {
				return
			}
		}
	}
	h.api.ServeHTTP(w, r)
}

// WriteError renders an error in the request's codec (JSON or CBOR).
func (h *Handler) WriteError(w http.ResponseWriter, r *http.Request, e *awsproto.Error) {
	h.api.WriteError(w, r, e)
}

// codecFor picks the codec of a request by its Content-Type.
func (h *Handler) codecFor(r *http.Request) awsproto.Codec {
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	if strings.TrimSpace(ct) == awsproto.CBORContentType {
		return h.cbor
	}
	return awsproto.JSONCodec{Version: "1.1"}
}
