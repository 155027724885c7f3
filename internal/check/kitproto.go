package check

// What conclab's runner and exercises/kit/kittest (the harness inside the
// learner's test binary) agree on. kittest declares them for the checks;
// they are repeated here so that conclab does not link kittest, and with it
// the testing package, into its binary. TestKittestProtocol checks that
// both say the same.
const (
	// traceDirEnv is kittest.TraceDirEnv: the directory where a check
	// writes its traces.
	traceDirEnv = "CONCLAB_TRACE_DIR"
	// kitClockNote is kittest.KitClockNote: the start of the line a check
	// judged on the kit clock prints.
	kitClockNote = "conclab: judged on the kit clock, not testing/synctest's: "
)
