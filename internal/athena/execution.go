package athena

import (
	"strconv"
	"time"

	"github.com/nubo-dev/nubo/internal/athena/results"
	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	"github.com/nubo-dev/nubo/internal/awsproto"
)

// Query states.
const (
	stateQueued    = "QUEUED"
	stateRunning   = "RUNNING"
	stateSucceeded = "SUCCEEDED"
	stateFailed    = "FAILED"
	stateCancelled = "CANCELLED"
)

// What an execution's results are, for GetQueryResults.
const (
	resultRows   = "rows"   // a SELECT: <id>.csv with a header row
	resultText   = "text"   // DDL, SHOW, DESCRIBE: <id>.txt, tab-separated, no header
	resultUpdate = "update" // CTAS, INSERT, UNLOAD: an update count
)

// execution is the durable record of one query execution.
type execution struct {
	ID        string   `json:"id"`
	Query     string   `json:"query"`
	WorkGroup string   `json:"workGroup"`
	Database  string   `json:"database,omitempty"`
	Catalog   string   `json:"catalog,omitempty"`
	Params    []string `json:"params,omitempty"`
	Token     string   `json:"token,omitempty"`
	// OutputDir is the s3:// directory results go to (with a trailing "/").
	OutputDir string `json:"outputDir"`
	// ResultFile is the s3:// location of the result file, once known.
	ResultFile    string `json:"resultFile,omitempty"`
	StatementType string `json:"statementType"`
	Substatement  string `json:"substatement"`
	State         string `json:"state"`
	Reason        string `json:"reason,omitempty"`
	ErrorCategory int    `json:"errorCategory,omitempty"`
	ErrorType     int    `json:"errorType,omitempty"`

	Submitted time.Time `json:"submitted"`
	Started   time.Time `json:"started,omitzero"`
	Completed time.Time `json:"completed,omitzero"`
	// PlanningMillis is the time spent resolving tables and translating.
	PlanningMillis int64  `json:"planningMillis,omitempty"`
	DataScanned    int64  `json:"dataScanned,omitempty"`
	ManifestFile   string `json:"manifestFile,omitempty"`
	// ResultKind is resultRows, resultText or resultUpdate.
	ResultKind  string           `json:"resultKind,omitempty"`
	Columns     []results.Column `json:"columns,omitempty"`
	UpdateCount int64            `json:"updateCount,omitempty"`
	OutputRows  int64            `json:"outputRows,omitempty"`
	OutputBytes int64            `json:"outputBytes,omitempty"`
}

func (e *execution) finished() bool {
	return e.State == stateSucceeded || e.State == stateFailed || e.State == stateCancelled
}

// revTime orders the list index newest first.
func revTime(t time.Time) string {
	return strconv.FormatInt(1<<62-t.UnixNano(), 36)
}

// saveExecution writes the record durably.
func (s *Service) saveExecution(e *execution) error {
	return putJSON(s.kv, key("q", e.ID), e)
}

// execution returns a query's current record: the live copy while it is
// queued or running, else the stored one; nil when unknown.
func (s *Service) execution(id string) (*execution, error) {
	s.mu.Lock()
	if lq, ok := s.live[id]; ok {
		e := *lq.exec
		s.mu.Unlock()
		return &e, nil
	}
	s.mu.Unlock()
	var e execution
	found, err := getJSON(s.kv, key("q", id), &e)
	if err != nil || !found {
		return nil, err
	}
	return &e, nil
}

func ms(d time.Duration) *int64 {
	v := d.Milliseconds()
	return &v
}

// toAPI renders the record as Athena's QueryExecution.
func (e *execution) toAPI() awsathena.QueryExecution {
	q := awsathena.QueryExecution{
		QueryExecutionId:    e.ID,
		Query:               e.Query,
		StatementType:       e.StatementType,
		SubstatementType:    e.Substatement,
		WorkGroup:           e.WorkGroup,
		EngineVersion:       &awsathena.EngineVersion{SelectedEngineVersion: "AUTO", EffectiveEngineVersion: "Athena engine version 3"},
		ResultConfiguration: &awsathena.ResultConfiguration{OutputLocation: e.ResultFile},
		ExecutionParameters: e.Params,
		QueryExecutionContext: &awsathena.QueryExecutionContext{
			Database: e.Database, Catalog: e.Catalog,
		},
		Status: &awsathena.QueryExecutionStatus{
			State:              e.State,
			StateChangeReason:  e.Reason,
			SubmissionDateTime: awsproto.NewTimestamp(e.Submitted),
		},
		ResultReuseConfiguration: &awsathena.ResultReuseConfiguration{
			ResultReuseByAgeConfiguration: &awsathena.ResultReuseByAgeConfiguration{Enabled: new(bool)},
		},
	}
	if e.ResultFile == "" {
		q.ResultConfiguration.OutputLocation = ""
	}
	if e.finished() {
		q.Status.CompletionDateTime = awsproto.NewTimestamp(e.Completed)
	}
	if e.ErrorCategory != 0 {
		cat, typ, retry := int32(e.ErrorCategory), int32(e.ErrorType), false
		q.Status.AthenaError = &awsathena.AthenaError{ErrorCategory: &cat, ErrorType: &typ, Retryable: &retry, ErrorMessage: e.Reason}
	}
	q.Statistics = e.statistics()
	return q
}

// statistics reports the timings Athena reports. nubo has no separate
// planning service, so pre-processing is 0 and the service processing
// time is what follows the engine (writing results).
func (e *execution) statistics() *awsathena.QueryExecutionStatistics {
	st := &awsathena.QueryExecutionStatistics{DataScannedInBytes: &e.DataScanned}
	end := e.Completed
	if !e.finished() {
		end = time.Now()
	}
	queued := end.Sub(e.Submitted)
	if !e.Started.IsZero() {
		queued = e.Started.Sub(e.Submitted)
	}
	var engine time.Duration
	if !e.Started.IsZero() {
		engine = end.Sub(e.Started)
	}
	zero := int64(0)
	st.QueryQueueTimeInMillis = ms(queued)
	st.EngineExecutionTimeInMillis = ms(engine)
	st.TotalExecutionTimeInMillis = ms(end.Sub(e.Submitted))
	st.QueryPlanningTimeInMillis = &e.PlanningMillis
	st.ServicePreProcessingTimeInMillis = &zero
	st.ServiceProcessingTimeInMillis = &zero
	if e.ManifestFile != "" {
		st.DataManifestLocation = e.ManifestFile
	}
	return st
}
