package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
)

// Status is how a test ended, as test2json says it.
type Status string

// Test statuses. A test that started and never ended (the binary died or
// was stopped while it ran) is Running.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Skip    Status = "skip"
	Running Status = "run"
)

// TestResult is one test or subtest of a run.
type TestResult struct {
	// Name is the test's name as `go test` prints it ("TestExhibition/24_boards").
	Name string
	// Status is how it ended.
	Status Status
	// Output is what it printed, "=== RUN" and "--- FAIL" lines included.
	// When the run printed more than the Runner keeps, the middle is cut
	// and marked.
	Output string
	// Elapsed is the test's own wall-clock time.
	Elapsed time.Duration
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Test    string
	Output  string
	Elapsed float64
}

// tailKeep is how much of each test's output is kept past the budget: its
// end, where panics and timeouts print their stacks.
const tailKeep = 64 << 10

// collector reads a test2json stream. It keeps at most budget bytes of
// output text in order, and past that the last tailKeep bytes of each test.
type collector struct {
	budget int

	tests   []*TestResult
	byName  map[string]*testOut
	pkg     testOut  // output outside any test ("FAIL\tpkg", a timeout's dump)
	build   []string // build-output lines
	started bool     // the test binary started (Action "start")
	broken  bool     // the build failed (Action "build-fail")
	result  Status   // the package's result: Pass, Fail, or "" (none)

	read, text int64    // bytes read from the stream; bytes of output text seen
	truncated  bool     // some output was not kept
	loose      []string // lines that are not test2json events
	onStart    func()   // called when the test binary starts, if set
}

// testOut is the output kept for one test: a head within the budget, and a
// rolling tail past it.
type testOut struct {
	res     *TestResult
	head    strings.Builder
	tail    []byte
	dropped int64
}

func newCollector(budget int) *collector {
	return &collector{budget: budget, byName: map[string]*testOut{}}
}

// read consumes the stream until EOF or until it has read more than limit
// bytes (then it returns errOutputLimit; the caller stops the child).
func (c *collector) readFrom(r io.Reader, limit int64) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		c.read += int64(len(line))
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than 64 KiB is not test2json's (it splits long
			// output): count it and skip to its end.
			c.truncated = true
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				c.read += int64(len(line))
			}
			line = nil
		}
		if len(line) > 0 {
			c.line(line)
		}
		if limit > 0 && c.read > limit {
			return errOutputLimit
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

var errOutputLimit = errors.New("output limit")

func (c *collector) line(b []byte) {
	b = bytes.TrimRight(b, "\r\n")
	if len(b) == 0 {
		return
	}
	var e event
	if b[0] != '{' || json.Unmarshal(b, &e) != nil || e.Action == "" {
		if len(c.loose) < 100 {
			c.loose = append(c.loose, string(b))
		}
		return
	}
	switch e.Action {
	case "start":
		c.started = true
		if c.onStart != nil {
			c.onStart()
		}
	case "build-output":
		if len(c.build) < 500 {
			c.build = append(c.build, strings.TrimRight(e.Output, "\n"))
		}
	case "build-fail":
		c.broken = true
	case "run":
		c.test(e.Test)
	case "output":
		c.output(e.Test, e.Output)
	case "pass", "fail", "skip":
		if e.Test == "" {
			c.result = Status(e.Action)
			return
		}
		t := c.test(e.Test).res
		t.Status = Status(e.Action)
		t.Elapsed = time.Duration(e.Elapsed * float64(time.Second))
	}
}

func (c *collector) test(name string) *testOut {
	if name == "" {
		return &c.pkg
	}
	if t, ok := c.byName[name]; ok {
		return t
	}
	t := &testOut{res: &TestResult{Name: name, Status: Running}}
	c.byName[name] = t
	c.tests = append(c.tests, t.res)
	return t
}

func (c *collector) output(test, s string) {
	c.text += int64(len(s))
	t := c.test(test)
	if c.budget >= len(s) && t.dropped == 0 {
		c.budget -= len(s)
		t.head.WriteString(s)
		return
	}
	c.truncated = true
	t.dropped += int64(len(s))
	t.tail = append(t.tail, s...)
	if len(t.tail) > 2*tailKeep {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-tailKeep:]...)
	}
}

// finish fills in every test's Output.
func (c *collector) finish() {
	for _, t := range c.byName {
		t.res.Output = t.text()
	}
	c.pkg.res = &TestResult{Output: c.pkg.text()}
}

func (t *testOut) text() string {
	if t.dropped == 0 {
		return t.head.String()
	}
	tail := t.tail
	if len(tail) > tailKeep {
		tail = tail[len(tail)-tailKeep:]
	}
	cut := t.dropped - int64(len(tail))
	if i := bytes.IndexByte(tail, '\n'); cut > 0 && i >= 0 {
		cut += int64(i + 1) // start the tail on a line of its own
		tail = tail[i+1:]
	}
	var b strings.Builder
	b.WriteString(t.head.String())
	if cut > 0 {
		b.WriteString("\n[… " + sizeOf(cut) + " of output not kept …]\n")
	}
	b.Write(tail)
	return b.String()
}
