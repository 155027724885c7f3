package dedup

import "sync"

// Loader loads the flag of a country code: a download, which takes a while.
type Loader func(code string) []byte

// Getter is what your test tests: a cache of flags, safe for concurrent
// use, that calls its Loader once per code.
type Getter interface {
	Get(code string) []byte
}

// Cache remembers the flags its Loader loaded, so that each flag is
// downloaded once. Make one with New. It is meant to be safe for
// concurrent use: a mutex guards its map.
type Cache struct {
	load Loader
	mu   sync.Mutex
	done map[string][]byte
}

// New returns an empty Cache that loads flags with load.
func New(load Loader) *Cache {
	return &Cache{load: load, done: map[string][]byte{}}
}

// Get returns the flag of code: from the cache if it was loaded before,
// else from the Loader, and keeps it.
func (c *Cache) Get(code string) []byte {
	c.mu.Lock()
	img, ok := c.done[code]
	c.mu.Unlock()
	if ok {
		return img
	}
	img = c.load(code)
	c.mu.Lock()
	c.done[code] = img
	c.mu.Unlock()
	return img
}
