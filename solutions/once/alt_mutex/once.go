// Package once is an exercise of the locks lab: an expensive value made
// once, when first needed, by whichever goroutine needs it first — while
// the others that need it meanwhile wait for that one load.
//
// The shop's Service serves requests, each in a goroutine of its own, and
// every request needs the shop's config. Loading it from the Store takes
// 2 s (LoadTime). Four requests come, at 0 s, 0.5 s, 1 s and 3 s: loaded
// once, by the first request, the config is in at 2 s, so the first three
// are served at 2 s and the fourth at once, at 3 s.
//
// As shipped, Config loads the config on every call: 4 loads of 2 s, and
// the requests are served at 2 s, 2.5 s, 3 s and 5 s. A flag ("loaded
// yet?") checked before the load does not fix it: the load takes 2 s, and
// until it ends the flag says no to every request that looks, so each of
// them loads the config again. And a flag set before the load (the first
// caller claims it, the others skip the load) lets the others go on with
// no config at all. The check of the flag and the load must be one step
// for everyone else: sync.Once's Do runs its function once, and "no call
// to Do returns until the one call to f returns" (the sync package's
// docs).
//
// Goal: the config is loaded once, by the first request; every request is
// served with that config, as soon as it is in — at 2 s, 2 s, 2 s and 3 s.
//
// Change Service, NewService and Config only. Check your work with
// `conclab check once`; stuck? `conclab hint once`.
package once

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"conclab/exercises/kit"
)

// LoadTime is how long a load of the config takes.
const LoadTime = 2 * time.Second

// Config is the shop's config; Version is the number of the load that made
// it (1 for the first).
type Config struct {
	Version int
}

// Store is where the config lives.
type Store struct {
	loads atomic.Int32
}

// Load loads the config from the store: it takes LoadTime, in a lane of the
// trace of its own ("load 1", "load 2"...), and returns a new Config each
// time, numbered by load.
func (st *Store) Load(log *kit.Log) *Config {
	n := int(st.loads.Add(1))
	task := fmt.Sprintf("load %d", n)
	log.Printf(task, "loading the config (load %d)", n)
	log.Sleep(task, LoadTime) // reading it from the network
	log.Done(task)
	return &Config{Version: n}
}

// Service serves requests with the shop's config, loaded from its Store
// when a request first needs it.
type Service struct {
	log   *kit.Log
	store *Store
	// Answer, part 1: a mutex, a flag (a nil config: not loaded yet) and
	// the config.
	mu     sync.Mutex
	config *Config
}

// NewService returns a Service whose config comes from store.
func NewService(log *kit.Log, store *Store) *Service {
	return &Service{log: log, store: store}
}

// Config returns the shop's config. The first call loads it from the Store;
// every call returns that same config, once it is in. Requests call it
// from goroutines of their own, at the same time.
func (s *Service) Config() *Config {
	// Answer, part 2: the lock is held from the check of the flag to the
	// end of the load, so the check and the load are one step for every
	// other caller: a request that comes during the load waits in Lock,
	// and then finds the config loaded. Simple, and exactly what sync.Once
	// does inside (solutions/once/once.go), but every call takes the
	// lock, even long after the load; Once's Do checks an atomic flag
	// first and locks only until the load is done.
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.config == nil {
		s.config = s.store.Load(s.log)
	}
	return s.config
}

// Request is a request to the shop: its name, and when it comes.
type Request struct {
	Name string
	At   time.Duration
}

// Serve serves every request, each in a goroutine of its own, when it
// comes, and returns once all are served.
func (s *Service) Serve(reqs []Request) {
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Go(func() { s.serve(r) })
	}
	wg.Wait()
}

// serve waits for r to come, gets the config and prints "served with
// config #1" (or "served with no config").
func (s *Service) serve(r Request) {
	<-s.log.After(r.At) // time.After(r.At), on the Log's clock
	s.log.Wait(r.Name, "config")
	cfg := s.Config()
	s.log.Run(r.Name)
	if cfg == nil {
		s.log.Printf(r.Name, "%s: served with no config", r.Name)
	} else {
		s.log.Printf(r.Name, "%s: served with config #%d", r.Name, cfg.Version)
	}
	s.log.Done(r.Name)
}
