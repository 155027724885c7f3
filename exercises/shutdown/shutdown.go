// Package shutdown is an exercise of the cancel lab: a graceful shutdown
// that drains the queue.
//
// A Server runs a few workers that take jobs from a queue, first come,
// first served. Shutdown must be graceful: stop accepting jobs (Submit
// returns ErrClosed from then on), finish every job already accepted, and
// return only when they are all done, with every worker gone.
//
// As shipped, Shutdown only stops accepting. With 2 workers and 8 jobs
// queued at 0 s (100, 60, 80, 40, 120, 30, 50, 70 ms), Shutdown at 0.15 s
// returns at once, while the workers are still at the queue: whoever
// called it would exit with jobs half done. And once the queue is empty
// the workers wait for more for ever: nothing tells them there will be no
// more.
//
// Goal: Shutdown at 0.15 s returns at 0.29 s, the moment the last queued
// job is done, every worker having ended; a Submit after Shutdown began
// gets ErrClosed (and never panics).
//
// Change Shutdown only. Check your work with `conclab check shutdown`;
// stuck? `conclab hint shutdown`.
package shutdown

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// ErrClosed is Submit's error once Shutdown has begun.
var ErrClosed = errors.New("server shutting down")

// ErrFull is Submit's error when the queue has no room.
var ErrFull = errors.New("queue full")

// Job is a piece of work: Cost is the CPU time it takes.
type Job struct {
	ID   int
	Cost time.Duration
}

// Server runs workers that do the jobs submitted to it. Make one with Start.
type Server struct {
	log  *kit.Log
	jobs chan Job       // the queue
	wg   sync.WaitGroup // the workers

	mu     sync.Mutex // guards closed, and sends on jobs
	closed bool
}

// Start starts a server with workers workers and room for queue jobs in
// its queue.
func Start(log *kit.Log, workers, queue int) *Server {
	s := &Server{log: log, jobs: make(chan Job, queue)}
	for i := range workers {
		name := fmt.Sprintf("worker %d", i+1)
		s.wg.Go(func() {
			defer log.Done(name)
			log.Wait(name, "queue")
			for j := range s.jobs { // until the queue is closed and empty
				log.Work(name, j.Cost)
				log.Printf(name, "job %d done", j.ID)
				log.Wait(name, "queue")
			}
		})
	}
	return s
}

// Submit queues j. It returns ErrClosed once Shutdown has begun, and
// ErrFull when the queue has no room.
func (s *Server) Submit(j Job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.jobs <- j:
		return nil
	default:
		return ErrFull
	}
}

// Shutdown stops accepting jobs, lets the workers finish every job queued,
// and returns once they have all ended.
func (s *Server) Shutdown() {
	s.mu.Lock()
	s.closed = true // no Submit queues anything from now on
	s.mu.Unlock()
	// TODO: the workers' range over s.jobs ends only when the channel is
	// closed and empty; and Shutdown must wait until they have ended.
}
