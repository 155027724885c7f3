package realrun_test

import (
	"context"
	"fmt"

	"conclab/internal/realrun"
	"conclab/labs"
)

// A front end starts a real run, redraws its lane from Snapshot while it
// goes on (here: once), and reads the result when it is over.
func Example() {
	l, _ := labs.Get("flags")
	values, _ := l.Resolve(map[string]string{"count": "4", "limit": "2", "delay": "200ms"})
	v, _ := realrun.Lookup("flags", "limited")
	run, err := realrun.Start(context.Background(), v, values, realrun.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = run.Snapshot() // the trace so far: call it on every redraw
	res, err := run.Wait()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("tally:", res.Facts["tally"])
	fmt.Println("at most in flight:", res.Facts["max_in_flight"])
	fmt.Println("predicted:", res.Facts[realrun.FactPredicted], "s")
	// Output:
	// tally: map[200:4]
	// at most in flight: 2
	// predicted: 0.4 s
}
