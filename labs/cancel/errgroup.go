package cancel

import "conclab/labs/sched"

// Group is golang.org/x/sync/errgroup's Group, on the virtual clock: Go
// starts a goroutine, Wait waits for all of them and returns the first
// error. A Group made by WithContext cancels its context the first time a
// function passed to Go returns an error, or when Wait returns, whichever
// comes first. The zero Group does not cancel anything.
type Group struct {
	cancel func(t *sched.Task, cause error)
	tasks  []*sched.Task // the WaitGroup: what Wait waits for
	err    error
}

// WithContext is errgroup.WithContext: a Group, and a context derived from
// ctx that the group cancels (with context.WithCancelCause).
func WithContext(ctx *Context) (*Group, *Context) {
	ctx, cancel := WithCancelCause(ctx)
	return &Group{cancel: cancel}, ctx
}

// Go calls f in a new goroutine named name. The first f to return an
// error sets the group's error and cancels its context (errgroup guards
// this with a sync.Once; tasks on the virtual clock never run at once).
func (g *Group) Go(t *sched.Task, name string, f func(t *sched.Task) error) {
	g.tasks = append(g.tasks, t.Go(name, func(t *sched.Task) {
		if err := f(t); err != nil && g.err == nil {
			g.err = err
			if g.cancel != nil {
				g.cancel(t, g.err)
			}
		}
	}))
}

// Wait waits until every function passed to Go has returned, cancels the
// context, and returns the first error, if any.
func (g *Group) Wait(t *sched.Task) error {
	t.Wait(g.tasks...)
	if g.cancel != nil {
		g.cancel(t, g.err)
	}
	return g.err
}
