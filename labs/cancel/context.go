package cancel

import (
	"errors"

	"conclab/labs/sched"
)

// Canceled is the error Err returns once a context is cancelled: the same
// text as context.Canceled.
//
//lint:ignore ST1012 named after context.Canceled, which it stands for
var Canceled = errors.New("context canceled")

// Context is the part of context.Context this lab uses, on the virtual
// clock: Done, a signal that fires when the context is cancelled (the
// channel cancel closes), and Err. Cancelling a context cancels the
// contexts derived from it, as in package context. Make one with
// Background, WithCancel or WithCancelCause.
type Context struct {
	done     *sched.Signal
	err      error
	cause    error
	children []*Context
}

// Background is context.Background(): a context that is never cancelled.
func Background() *Context { return &Context{done: &sched.Signal{}} }

// Done fires when the context is cancelled: <-ctx.Done().
func (c *Context) Done() *sched.Signal { return c.done }

// Err is nil until the context is cancelled, then Canceled.
func (c *Context) Err() error { return c.err }

// Cause is context.Cause(ctx): the error the context was cancelled with
// (Canceled when none was given), nil before.
func Cause(c *Context) error { return c.cause }

// WithCancel is context.WithCancel: a context derived from parent, and the
// function that cancels it (cancelling twice does nothing more). The
// context is cancelled when cancel is called or when parent is, whichever
// comes first.
func WithCancel(parent *Context) (*Context, func(t *sched.Task)) {
	ctx, cancel := WithCancelCause(parent)
	return ctx, func(t *sched.Task) { cancel(t, nil) }
}

// WithCancelCause is context.WithCancelCause: cancel records cause (nil
// means Canceled), which Cause returns; Err is Canceled all the same.
func WithCancelCause(parent *Context) (*Context, func(t *sched.Task, cause error)) {
	ctx := &Context{done: &sched.Signal{}}
	if parent.err != nil {
		ctx.err, ctx.cause = parent.err, parent.cause
		ctx.done.Fire(nil) // a new signal: no task waits on it yet
	} else {
		parent.children = append(parent.children, ctx)
	}
	return ctx, ctx.cancel
}

// cancel cancels c and the contexts derived from it, once, waking every
// task that waits on Done.
func (c *Context) cancel(t *sched.Task, cause error) {
	if c.err != nil {
		return
	}
	if cause == nil {
		cause = Canceled
	}
	c.err, c.cause = Canceled, cause
	c.done.Fire(t)
	for _, child := range c.children {
		child.cancel(t, cause)
	}
	c.children = nil
}
