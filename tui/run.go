package tui

import (
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"conclab/internal/check"
	"conclab/tui/exercise"
	"conclab/tui/styles"
)

// RenderFPS caps how often Bubble Tea writes a new frame to the terminal.
// Its renderer wakes this often even when nothing changed (the app itself
// schedules nothing while paused), so it is the idle cost: 30 halves
// Bubble Tea's default of 60 and still shows every playback frame (20 a
// second, screen.DefaultFrame) and answers keys within 33 ms.
const RenderFPS = 30

// quitWait is how long conclab, on its way out, waits for the checks it
// was running to end once it has killed them.
const quitWait = 2 * time.Second

// Run runs the TUI on the terminal until the user quits (opts after the
// defaults: WithSetup opens a lab prepared), in the alternate
// screen with the mouse wheel on; styles follow the environment (TERM=dumb
// gets ASCII glyphs; NO_COLOR is honoured by Bubble Tea's colour profile).
//
// However it ends — q, ctrl+c, SIGTERM or SIGINT (which Bubble Tea turns
// into a quit), SIGHUP when the terminal closes (which Run does) — the
// terminal is restored and no check outlives conclab: see shutdown.
func Run(opts ...Option) error {
	opts = append([]Option{WithStyles(styles.FromEnv(os.Getenv)), WithProgress(loadProgress), WithRemember(remember), WithExercises(exercise.DefaultEnv()),
		WithPictures(Pictures{NoColor: os.Getenv("NO_COLOR") != ""})}, opts...)
	var model tea.Model = New(opts...)
	var p *tea.Program
	if os.Getenv(ExitAfterFirstFrame) != "" {
		model = exitAfterFirstFrame{model, sync.OnceFunc(func() { go p.Quit() })}
	}
	p = tea.NewProgram(model, tea.WithFPS(RenderFPS), tea.WithEnvironment(withoutTMUX(os.Environ())))
	stop := quitOnHangup(p)
	final, err := p.Run()
	stop()
	shutdown(final)
	return err
}

// quitOnHangup quits p on SIGHUP, as Bubble Tea does on SIGTERM: the
// program restores the terminal (the alternate screen left, the mouse
// off) and returns. Without it, a closed terminal would end conclab at
// once, its checks orphaned. The returned func stops listening.
func quitOnHangup(p *tea.Program) (stop func()) {
	hangup := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(hangup, syscall.SIGHUP)
	go func() {
		select {
		case <-hangup:
			check.StopChecks(0) // at once: the terminal is gone
			p.Quit()
		case <-done:
		}
	}()
	return func() {
		signal.Stop(hangup)
		close(done)
	}
}

// shutdown ends what a finished program leaves running: the open exercise
// screen's runs are cancelled (Model.Close) and every check still running
// has its whole process group killed, waiting at most quitWait for them.
func shutdown(final tea.Model) {
	if f, ok := final.(Model); ok {
		f.Close()
	}
	check.StopChecks(quitWait)
}

// ExitAfterFirstFrame is an environment variable for measuring start-up:
// set (to anything), conclab quits as soon as it has drawn its first frame,
// so that `time conclab` measures process start to first frame (plus
// restoring the terminal).
const ExitAfterFirstFrame = "CONCLAB_EXIT_AFTER_FIRST_FRAME"

// exitAfterFirstFrame quits once the model has drawn a frame with content.
type exitAfterFirstFrame struct {
	tea.Model
	quit func()
}

// Update passes msg on to the model.
func (e exitAfterFirstFrame) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	e.Model, cmd = e.Model.Update(msg)
	return e, cmd
}

// View draws the model's frame and, the first time it has content, quits.
func (e exitAfterFirstFrame) View() tea.View {
	v := e.Model.View()
	if v.Content != "" {
		e.quit() // the renderer writes this frame before the program ends
	}
	return v
}

// withoutTMUX is env without TMUX. Inside tmux, the colour profile
// detection runs `tmux info` twice to learn whether tmux passes true colour
// on (50 to 100 ms before the first frame); conclab draws with the 16 ANSI
// colours and one of the 256, so it never needs to know. Nothing else reads
// TMUX.
func withoutTMUX(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, "TMUX=") {
			out = append(out, kv)
		}
	}
	return out
}

// loadProgress reads the progress from the default store.
func loadProgress() (*check.Progress, string, error) {
	s, err := check.DefaultStore()
	if err != nil {
		return nil, "", err
	}
	return s.Load()
}

// remember saves a change to the progress in the default store.
func remember(change func(*check.Progress)) error {
	s, err := check.DefaultStore()
	if err != nil {
		return err
	}
	_, _, err = s.Update(change)
	return err
}
