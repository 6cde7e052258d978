package athena

import (
	"context"
	"errors"
	"time"

	"github.com/nubo-dev/nubo/internal/athena/dialect"
	awsathena "github.com/nubo-dev/nubo/internal/awsmodel/athena"
	sqlengine "github.com/nubo-dev/nubo/internal/engine/sql"
)

// enqueue starts a worker for an execution being recorded; it waits QUEUED
// for a slot of the pool, then runs. The caller records the execution
// concurrently and reports the outcome with recordDone, so that the query
// can already be planned and run on DuckDB while the record is fsynced.
func (s *Service) enqueue(e *execution, st *statement) (recordDone func(error)) {
	ctx, cancel := context.WithCancel(s.ctx)
	lq := &liveQuery{exec: e, cancel: cancel, recorded: make(chan struct{}), done: make(chan struct{})}
	s.mu.Lock()
	s.live[e.ID] = lq
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer cancel()
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			s.finish(lq, ctx.Err())
			return
		}
		defer func() { <-s.slots }()
		s.update(lq, func(e *execution) { e.State, e.Started = stateRunning, s.now() })
		err := s.run(ctx, lq, st)
		s.finish(lq, err)
	}()
	return func(err error) {
		lq.recordErr = err
		close(lq.recorded)
		if err != nil {
			cancel()
		}
	}
}

// update changes a live execution under the lock.
func (s *Service) update(lq *liveQuery, fn func(e *execution)) {
	s.mu.Lock()
	fn(lq.exec)
	s.mu.Unlock()
}

// finish records the outcome of a run and retires the live execution. The
// final state is made durable before anyone can see it, so a client never
// sees SUCCEEDED (or FAILED) for a record a crash would turn back.
func (s *Service) finish(lq *liveQuery, err error) {
	defer close(lq.done)
	if <-lq.recorded; lq.recordErr != nil {
		// Never acknowledged: StartQueryExecution reported the error.
		s.mu.Lock()
		delete(s.live, lq.exec.ID)
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	final := *lq.exec
	stopped := lq.stopped
	s.mu.Unlock()
	e := &final
	if e.Started.IsZero() {
		e.Started = s.now()
	}
	e.Completed = s.now()
	switch {
	case err == nil:
		e.State = stateSucceeded
	case stopped:
		e.State, e.Reason = stateCancelled, "Query cancelled by user"
	case s.ctx.Err() != nil:
		e.State, e.Reason = stateFailed, "INTERNAL_ERROR_QUERY_ENGINE: the query was interrupted because nubo stopped while it ran"
		e.ErrorCategory, e.ErrorType = categorySystem, typeInternal
	default:
		qe := s.asQueryError(err)
		e.State, e.Reason, e.ErrorCategory, e.ErrorType = stateFailed, qe.Reason(), qe.Category, qe.Type
	}
	if serr := s.saveExecution(e); serr != nil {
		s.logger.Error("athena: saving query execution", "id", e.ID, "err", serr)
	}
	s.mu.Lock()
	*lq.exec = final
	delete(s.live, final.ID)
	s.mu.Unlock()
}

// asQueryError turns any error of a run into Athena's failure reason.
func (s *Service) asQueryError(err error) *queryError {
	var qe *queryError
	if errors.As(err, &qe) {
		return qe
	}
	var de *dialect.Error
	if errors.As(err, &de) {
		return &queryError{Name: de.Code, Message: de.Message, Category: categoryUser, Type: typeUser}
	}
	var se *dialect.SyntaxError
	if errors.As(err, &se) {
		return &queryError{Name: "SYNTAX_ERROR", Message: se.Error(), Category: categoryUser, Type: typeUser}
	}
	var ee *sqlengine.Error
	if errors.As(err, &ee) {
		return engineError(ee, "", nil)
	}
	s.logger.Error("athena: query failed", "err", err)
	return &queryError{Name: "GENERIC_INTERNAL_ERROR", Message: err.Error(), Category: categorySystem, Type: typeEngine}
}

// run executes a statement by kind.
func (s *Service) run(ctx context.Context, lq *liveQuery, st *statement) error {
	e := s.snapshot(lq)
	if st.kind == kindQuery {
		// A SELECT runs on DuckDB while its record is written; it waits
		// for the record before writing its results (runQuery).
		return s.runQuery(ctx, lq, e, st)
	}
	if err := lq.awaitRecord(ctx); err != nil {
		return err
	}
	switch st.kind {
	case kindDDL:
		return s.runDDL(ctx, lq, e, st)
	case kindCTAS:
		return s.runCTAS(ctx, lq, e, st)
	case kindInsert:
		return s.runInsert(ctx, lq, e, st)
	case kindUnload:
		return s.runUnload(ctx, lq, e, st)
	case kindExplain:
		return s.runExplain(ctx, lq, e, st)
	case kindExecute:
		return s.runExecute(ctx, lq, e, st)
	case kindPrepare:
		return s.runPrepare(ctx, lq, e, st)
	case kindDeallocate:
		return s.runDeallocate(ctx, lq, e, st)
	}
	return userError("NOT_SUPPORTED", "%s", st.unsupported)
}

// snapshot copies a live execution.
func (s *Service) snapshot(lq *liveQuery) execution {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *lq.exec
}

// StopQueryExecution interrupts a queued or running query. Stopping a
// finished query succeeds and changes nothing, as in Athena.
func (s *Service) StopQueryExecution(ctx context.Context, in *awsathena.StopQueryExecutionInput) (*awsathena.StopQueryExecutionOutput, error) {
	s.mu.Lock()
	lq, ok := s.live[in.QueryExecutionId]
	if ok {
		lq.stopped = true
		lq.cancel()
	}
	s.mu.Unlock()
	if ok {
		return &awsathena.StopQueryExecutionOutput{}, nil
	}
	e, err := s.execution(in.QueryExecutionId)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, invalidRequest("QueryExecution %s was not found", in.QueryExecutionId)
	}
	return &awsathena.StopQueryExecutionOutput{}, nil
}

// millisSince is a duration in milliseconds.
func millisSince(t time.Time) int64 { return time.Since(t).Milliseconds() }
