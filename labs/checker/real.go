package checker

import (
	"net/http"
	"strconv"
	"sync"
)

// CheckRacy is the racy-tally variant as a real Go program: one goroutine
// per URL, each adding its status code to a shared map with no lock. It is
// here to be read and tested, not used: `go test -race` reports a DATA RACE
// on the map, and without -race the runtime may stop the program with
// "fatal error: concurrent map writes". A URL that cannot be reached counts
// as "error".
func CheckRacy(client *http.Client, urls []string) map[string]int {
	tally := map[string]int{}
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Go(func() {
			code := "error"
			if resp, err := client.Get(url); err == nil {
				resp.Body.Close()
				code = strconv.Itoa(resp.StatusCode)
			}
			tally[code]++ // DATA RACE: unsynchronized writes from many goroutines
		})
	}
	wg.Wait()
	return tally
}

// CheckLocked is CheckRacy made correct: a mutex makes the goroutines take
// turns at the map, so the race detector has nothing to report. (Sending
// each code down a channel to one counting goroutine works too.)
func CheckLocked(client *http.Client, urls []string) map[string]int {
	tally := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Go(func() {
			code := "error"
			if resp, err := client.Get(url); err == nil {
				resp.Body.Close()
				code = strconv.Itoa(resp.StatusCode)
			}
			mu.Lock()
			tally[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return tally
}
