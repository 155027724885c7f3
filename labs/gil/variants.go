package gil

import (
	"fmt"
	"time"

	"conclab/labs/sched"
)

// Kind is what a job spends its time on.
type Kind string

const (
	// CPU is a job that computes in Python code: it needs the interpreter,
	// and so the GIL, the whole time.
	CPU Kind = "cpu"
	// IO is a job that waits in a blocking call (reading a socket or a
	// file): CPython releases the GIL around it.
	IO Kind = "io"
)

// Work is the lab's jobs: how many, how long each takes, what they spend
// it on, how many cores the machine has, and how long a process takes to
// start.
type Work struct {
	Jobs  int
	Work  time.Duration
	Kind  Kind
	Cores int
	Spawn time.Duration
}

// Convoy is the convoy experiment: an I/O thread makes Reads blocking reads
// of Read each, beside a thread that computes for Work.
type Convoy struct {
	Reads int
	Read  time.Duration
	Work  time.Duration
}

// Job is job n: w.Work of CPU work (a loop in Python code) or one blocking
// call of w.Work (sock.recv, f.read: the GIL is released around it).
func Job(t *sched.Task, w Work, n int) {
	if w.Kind == CPU {
		t.Compute(w.Work)
	} else {
		t.Block(w.Work)
	}
	t.Printf("job %d done", n)
}

// Sequential: one thread does the jobs one after another.
func Sequential(t *sched.Task, w Work) {
	for n := 1; n <= w.Jobs; n++ {
		Job(t, w, n)
	}
}

// Threads: a thread per job, all started, then all joined:
//
//	threads = [threading.Thread(target=job, args=(n,)) for n in range(1, jobs+1)]
//	for th in threads: th.start()
//	for th in threads: th.join()
//
// Under CPython's GIL only one of them runs Python code at a time; a thread
// in a blocking call has released the GIL. Free-threaded CPython runs the
// very same program on all the cores.
func Threads(t *sched.Task, w Work) {
	threads := make([]*sched.Task, w.Jobs)
	for i := range threads {
		threads[i] = t.Go(fmt.Sprintf("thread %d", i+1), func(t *sched.Task) { Job(t, w, i+1) })
	}
	t.Wait(threads...)
}

// Processes: a pool of one process per core (multiprocessing.Pool(): since
// Python 3.13 its size is os.process_cpu_count()), each with its own
// interpreter and its own GIL. A process first starts (w.Spawn), then takes
// jobs from the pool's queue, one at a time, until none is left:
//
//	with multiprocessing.Pool() as pool:
//	    pool.map(job, range(1, jobs+1), chunksize=1)
func Processes(t *sched.Task, w Work) {
	queue := sched.NewChan[int]("jobs", w.Jobs)
	for n := 1; n <= w.Jobs; n++ {
		queue.Send(t, n)
	}
	queue.Close(t)
	pool := make([]*sched.Task, w.Cores)
	for i := range pool {
		pool[i] = t.Go(fmt.Sprintf("process %d", i+1), func(t *sched.Task) {
			t.Compute(w.Spawn) // start an interpreter, import the program
			for n, ok := queue.Recv(t); ok; n, ok = queue.Recv(t) {
				Job(t, w, n)
			}
		})
	}
	t.Wait(pool...)
}

// Goroutines: a goroutine per job and a WaitGroup. Go has no GIL: the
// goroutines run on GOMAXPROCS = Cores threads at once, and one in a
// blocking call holds no thread another needs.
func Goroutines(t *sched.Task, w Work) {
	var wg []*sched.Task // var wg sync.WaitGroup
	for n := 1; n <= w.Jobs; n++ {
		wg = append(wg, t.Go(fmt.Sprintf("goroutine %d", n), func(t *sched.Task) { Job(t, w, n) })) // wg.Go(func() { job(n) })
	}
	t.Wait(wg...) // wg.Wait()
}

// ConvoyThreads: a thread makes c.Reads blocking reads of c.Read each
// while another thread computes for c.Work. Under the GIL each read
// releases the lock, and when the read is done the I/O thread must get the
// lock back from the CPU-bound thread: it waits the switch interval before
// it may ask (David Beazley's convoy effect).
func ConvoyThreads(t *sched.Task, c Convoy) {
	io := t.Go("io", func(t *sched.Task) {
		for range c.Reads {
			t.Block(c.Read) // sock.recv(): the GIL is released, then taken back
		}
		t.Printf("%d reads done", c.Reads)
	})
	cpu := t.Go("cpu", func(t *sched.Task) {
		t.Compute(c.Work)
		t.Printf("computed for %s", c.Work)
	})
	t.Wait(io, cpu)
}
