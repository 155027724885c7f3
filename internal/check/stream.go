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

// event is one line of `go test -json` (cmd/test2json, and the go
// command's build events, which name the package in ImportPath).
type event struct {
	Action     string
	Package    string `json:",omitempty"`
	ImportPath string `json:",omitempty"`
	Test       string `json:",omitempty"`
	Output     string `json:",omitempty"`
	Elapsed    float64
}

// parseEvent parses one line of the stream (its end trimmed); ok is false
// for a line that is not a test2json event.
func parseEvent(b []byte) (e event, ok bool) {
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &e) != nil || e.Action == "" {
		return event{}, false
	}
	return e, true
}

// pkgPath is the import path of the package an event is about: Package,
// or for the build events the package whose test binary was built
// ("conclab/x [conclab/x.test]" and "conclab/x.test" are conclab/x).
func (e event) pkgPath() string {
	if e.Package != "" || e.ImportPath == "" {
		return e.Package
	}
	path, _, _ := strings.Cut(e.ImportPath, " ")
	return strings.TrimSuffix(path, ".test")
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

// readFrom consumes the stream until EOF or until it has read more than
// limit bytes (then it returns errOutputLimit; the caller stops the child).
func (c *collector) readFrom(r io.Reader, limit int64) error {
	read, skipped, err := eachLine(r, limit, c.line)
	c.read += read
	c.truncated = c.truncated || skipped
	return err
}

// eachLine calls f with each line of r, its end trimmed, until EOF, or
// until it has read more than limit bytes (errOutputLimit; 0: no limit).
// A line longer than 64 KiB is not test2json's (it splits long output):
// it is counted and skipped (skipped is then true).
func eachLine(r io.Reader, limit int64, f func([]byte)) (read int64, skipped bool, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		read += int64(len(line))
		if errors.Is(err, bufio.ErrBufferFull) {
			skipped = true
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				read += int64(len(line))
			}
			line = nil
		}
		if line = bytes.TrimRight(line, "\r\n"); len(line) > 0 {
			f(line)
		}
		if limit > 0 && read > limit {
			return read, skipped, errOutputLimit
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return read, skipped, nil
			}
			return read, skipped, err
		}
	}
}

var errOutputLimit = errors.New("output limit")

// line takes one line of the stream (its end trimmed).
func (c *collector) line(b []byte) {
	e, ok := parseEvent(b)
	if !ok {
		if len(c.loose) < 100 {
			c.loose = append(c.loose, string(b))
		}
		return
	}
	c.event(e)
}

// event takes one event.
func (c *collector) event(e event) {
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
