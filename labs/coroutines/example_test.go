package coroutines_test

import (
	"fmt"

	"conclab/labs"
	"conclab/labs/coroutines"
)

// The puzzles, from easy to subtle.
func ExamplePuzzles() {
	for _, p := range coroutines.Puzzles() {
		fmt.Printf("%-15s %-7s %s\n", p.Name, p.Level, p.Title)
	}
	// Output:
	// buffered        easy    a buffered channel, closed, then drained
	// loopvar         easy    closures over a loop variable (Go 1.22 semantics)
	// select-default  easy    select with a default case never waits
	// waitgroup       medium  five goroutines and a sync.WaitGroup
	// ping-pong       medium  hand-offs over unbuffered channels
	// nil-closed      medium  select on a nil channel, a closed one and a cancelled context
	// pull            subtle  iter.Pull: a coroutine driven by hand, and pulled past its end
	// pull-stop       subtle  iter.Pull: stopping a coroutine early
	// range-break     subtle  range over a function, then break
}

// Checking a prediction: the verdict says which lines match, which differ,
// and which are missing or extra.
func ExampleCheck() {
	p, err := coroutines.Find("loopvar")
	if err != nil {
		fmt.Println(err)
		return
	}
	v := coroutines.Check(p, labs.SplitPrediction(`0 0\n1 1\n2 2`))
	fmt.Println(v.Correct, v.Matched, "of", v.Want)
	for _, l := range v.Lines {
		fmt.Printf("%d %s: printed %q, predicted %q\n", l.Line, l.Status, l.Want, l.Got)
	}
	// Output:
	// false 0 of 3
	// 1 differ: printed "0 3", predicted "0 0"
	// 2 differ: printed "1 3", predicted "1 1"
	// 3 differ: printed "2 3", predicted "2 2"
}

// The verdict as the command line shows it (the explanation is left out here).
func Example_render() {
	p, _ := coroutines.Find("waitgroup")
	v := coroutines.Check(p, []string{"[0 1 4 9 16]", "sum 31"})
	v.Explanation = ""
	fmt.Print(v.Render())
	// Output:
	// waitgroup: 1 of 2 lines right
	//    1 ok       [0 1 4 9 16]
	//    2 differs  sum 30
	//               you wrote: sum 31
}

// A puzzle is a real program: Run runs it and returns what it printed.
func ExamplePuzzle_Run() {
	p, _ := coroutines.Find("select-default")
	for _, line := range p.Run() {
		fmt.Println(line)
	}
	// Output:
	// sent 0
	// full, dropped 1
	// full, dropped 2
	// received 0
	// empty
}
