package tui

import (
	"context"
	"fmt"
	"os"

	"conclab/internal/realrun"
	"conclab/labs"
)

// ServerEnv names the environment variable that points the TUI's real runs
// at a running conclab serve (ServerFromEnv): CONCLAB_SERVER=http://HOST:PORT.
const ServerEnv = "CONCLAB_SERVER"

// WithRealServer sends the requests of the real runs (the lab screen's R)
// to the running conclab serve at url, as realrun.CheckServer returns it —
// check it first — instead of a slow server of each run's own; the
// measured lanes' titles say which server they measured. A classroom sets
// it for every student's session. The default ("") is a server per run.
func WithRealServer(url string) Option {
	return func(m *Model, _ *[]*labs.Lab) { m.realServer = url }
}

// ServerFromEnv reads ServerEnv: no option when it is unset or empty,
// WithRealServer of the checked URL when it names a running conclab serve,
// and an error in one line (realrun.CheckServer's) when it does not.
func ServerFromEnv(ctx context.Context) ([]Option, error) {
	raw := os.Getenv(ServerEnv)
	if raw == "" {
		return nil, nil
	}
	url, err := realrun.CheckServer(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ServerEnv, err)
	}
	return []Option{WithRealServer(url)}, nil
}
