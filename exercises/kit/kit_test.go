package kit_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"conclab/exercises/kit"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// span is a trace.Span without the worker, for short tables.
type span struct {
	state      trace.State
	on         string
	start, end time.Duration
}

func spans(tr *trace.Trace, task string) []span {
	t := tr.Task(task)
	if t == nil {
		return nil
	}
	var out []span
	for _, s := range t.Spans {
		out = append(out, span{s.State, s.On.String(), s.Start, s.End})
	}
	return out
}

func TestLogSpans(t *testing.T) {
	tests := []struct {
		name string
		run  func(log *kit.Log)
		task string
		want []span
	}{
		{"Sleep waits for a timer, then runs", func(log *kit.Log) {
			log.Sleep("A", 700*ms)
			log.Done("A")
		}, "A", []span{{trace.Waiting, "timer", 0, 700 * ms}}},
		{"Work runs", func(log *kit.Log) {
			log.Sleep("A", time.Second)
			log.Work("A", 5*time.Second)
			log.Done("A")
		}, "A", []span{{trace.Waiting, "timer", 0, time.Second}, {trace.Running, "", time.Second, 6 * time.Second}}},
		{"Block is blocked, not waiting", func(log *kit.Log) {
			log.Run("B")
			log.Block("B", "io", 2*time.Second)
			log.Work("B", time.Second)
			log.Done("B")
		}, "B", []span{{trace.Blocked, "io", 0, 2 * time.Second}, {trace.Running, "", 2 * time.Second, 3 * time.Second}}},
		{"Wait lasts until the next Run", func(log *kit.Log) {
			log.Wait("C", "chan")
			time.Sleep(300 * ms)
			log.Wait("C", "master")
			time.Sleep(200 * ms)
			log.Run("C")
			time.Sleep(ms)
		}, "C", []span{{trace.Waiting, "chan", 0, 300 * ms}, {trace.Waiting, "master", 300 * ms, 500 * ms}, {trace.Running, "", 500 * ms, 501 * ms}}},
		{"an open span ends when Trace is called", func(log *kit.Log) {
			log.Wait("D", "io")
			time.Sleep(time.Minute)
		}, "D", []span{{trace.Waiting, "io", 0, time.Minute}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				log := kit.New()
				tt.run(log)
				if got := spans(log.Trace(), tt.task); !slices.Equal(got, tt.want) {
					t.Errorf("spans(%s) = %v, want %v", tt.task, got, tt.want)
				}
			})
		})
	}
}

func TestLogLines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := kit.New()
		var wg sync.WaitGroup
		for _, c := range []struct {
			name  string
			delay time.Duration
		}{{"A", 700 * ms}, {"C", 300 * ms}} {
			wg.Go(func() {
				for n := 2; n > 0; n-- {
					log.Sleep(c.name, c.delay)
					log.Printf(c.name, "%s = %d", c.name, n)
				}
				log.Done(c.name)
			})
		}
		wg.Wait()
		tests := []struct {
			task string
			want string
		}{
			{"", "[C = 2 at 0.3 s, C = 1 at 0.6 s, A = 2 at 0.7 s, A = 1 at 1.4 s]"},
			{"A", "[A = 2 at 0.7 s, A = 1 at 1.4 s]"},
			{"nobody", "[]"},
		}
		for _, tt := range tests {
			var got []string
			for _, l := range log.Lines(tt.task) {
				got = append(got, l.Text+" at "+trace.Seconds(l.At)+" s")
			}
			if s := "[" + strings.Join(got, ", ") + "]"; s != tt.want {
				t.Errorf("Lines(%q) = %s, want %s", tt.task, s, tt.want)
			}
		}
		if got := log.Elapsed(); got != 1400*ms {
			t.Errorf("Elapsed() = %v, want 1.4s", got)
		}
	})
}

func TestMostAtWorkAndWaiting(t *testing.T) {
	type job struct {
		start, length time.Duration // when the task begins and how long it works (or waits)
	}
	tests := []struct {
		name string
		jobs []job
		want int
	}{
		{"one task", []job{{0, time.Second}}, 1},
		{"apart", []job{{0, time.Second}, {2 * time.Second, time.Second}}, 1},
		{"two overlap", []job{{0, 2 * time.Second}, {time.Second, 2 * time.Second}, {4 * time.Second, time.Second}}, 2},
		{"three at once", []job{{0, 3 * time.Second}, {500 * ms, 3 * time.Second}, {time.Second, time.Second}}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				log := kit.New()
				var wg sync.WaitGroup
				for i, j := range tt.jobs {
					wg.Go(func() {
						time.Sleep(j.start)
						log.Work(fmt.Sprintf("worker %d", i), j.length)
					})
					wg.Go(func() {
						time.Sleep(j.start)
						log.Wait(fmt.Sprintf("client %d", i), "io")
						time.Sleep(j.length)
						log.Done(fmt.Sprintf("client %d", i))
					})
				}
				wg.Wait()
				if got := log.MostAtWork(); got != tt.want {
					t.Errorf("MostAtWork() = %d, want %d", got, tt.want)
				}
				if got := log.MostWaiting("io"); got != tt.want {
					t.Errorf(`MostWaiting("io") = %d, want %d`, got, tt.want)
				}
				if got := log.MostWaiting("timer"); got != 0 {
					t.Errorf(`MostWaiting("timer") = %d, want 0`, got)
				}
			})
		})
	}
}

// TestMostWaitingHandOver: a wait that ends at the instant another begins
// does not overlap it, as when a download takes the slot another gave back.
func TestMostWaitingHandOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := kit.New()
		slot := make(chan struct{}, 2)
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Go(func() {
				slot <- struct{}{}
				log.Wait(fmt.Sprint(i), "io")
				time.Sleep(500 * ms)
				log.Done(fmt.Sprint(i))
				<-slot
			})
		}
		wg.Wait()
		if got, elapsed := log.MostWaiting("io"), log.Elapsed(); got != 2 || elapsed != 1500*ms {
			t.Errorf(`MostWaiting("io") = %d after %v, want 2 after 1.5s`, got, elapsed)
		}
	})
}

func TestNilLog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log *kit.Log
		start := time.Now()
		log.SetLimit(time.Second)
		log.Sleep("A", time.Second)
		log.Work("A", 2*time.Second)
		log.Block("A", "io", 3*time.Second)
		log.Wait("A", "chan")
		log.Run("A")
		log.Printf("A", "A = %d", 1)
		log.Done("A")
		if got := time.Since(start); got != 6*time.Second {
			t.Errorf("a nil Log's Sleep, Work and Block took %v, want 6s: they still sleep", got)
		}
		if log.Elapsed() != 0 || log.Trace() != nil || log.Lines("") != nil || log.MostAtWork() != 0 || log.MostWaiting("io") != 0 {
			t.Errorf("a nil Log recorded something: %v %v %v %d %d", log.Elapsed(), log.Trace(), log.Lines(""), log.MostAtWork(), log.MostWaiting("io"))
		}
	})
}

func TestSetLimit(t *testing.T) {
	tests := []struct {
		name  string
		limit time.Duration
		sleep time.Duration
		panic string // "" for none
	}{
		{"no limit", 0, 100 * time.Hour, ""},
		{"just in time", 2 * time.Second, 2 * time.Second, ""},
		{"past it", 2 * time.Second, 2100 * ms, kit.LimitPrefix + `"spinner" was still running at 2.1 s of virtual time, past the check's limit of 2 s`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				log := kit.New()
				log.SetLimit(tt.limit)
				got := func() (msg string) {
					defer func() {
						if r := recover(); r != nil {
							msg = fmt.Sprint(r)
						}
					}()
					log.Sleep("spinner", tt.sleep)
					return ""
				}()
				if !strings.HasPrefix(got, tt.panic) || (got == "") != (tt.panic == "") {
					t.Errorf("Sleep(%v) with SetLimit(%v) panicked with %q, want %q", tt.sleep, tt.limit, got, tt.panic)
				}
			})
		})
	}
}

func TestSeconds(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{700 * ms, "0.7 s"}, {3655 * time.Second, "3655 s"}, {0, "0 s"}, {2100 * ms, "2.1 s"},
	}
	for _, tt := range tests {
		if got := kit.Seconds(tt.d); got != tt.want {
			t.Errorf("Seconds(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// A Log turns what goroutines do into a trace. In an exercise's checks it
// runs inside a testing/synctest bubble, where its clock is virtual; here it
// reads the wall clock, so only the output is shown.
func ExampleLog() {
	log := kit.New()
	var wg sync.WaitGroup
	for _, name := range []string{"A", "B"} {
		wg.Go(func() {
			log.Printf(name, "%s = %d", name, 3)
			log.Done(name)
		})
	}
	wg.Wait()
	fmt.Println(len(log.Lines("")), "lines")
	for _, l := range log.Lines("B") {
		fmt.Println(l.Task, "printed", l.Text)
	}
	fmt.Println(kit.Seconds(3655 * time.Second))
	// Output:
	// 2 lines
	// B printed B = 3
	// 3655 s
}
