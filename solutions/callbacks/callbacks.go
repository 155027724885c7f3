//go:build exercises

// Package callbacks is an exercise of the styles lab: turn a callback
// chain into straight-line code, and keep its concurrency.
//
// A receipt takes four kinds of call to the Shop (shop.go), each a wait
// for a service: the customer's name (200 ms), then what that customer
// ordered (300 ms, it needs the name), then the price of each item of the
// order (tea 400 ms, bread 100 ms, jam 250 ms; each needs the order);
// and the day's discount (600 ms), which needs nothing.
//
// ReceiptCallbacks is written in callback style, the style of Twisted's
// Deferreds in the styles lab: each call returns at once and runs a
// function later, with the answer. It is fast — the discount is fetched
// beside the chain, the three prices all at once: max(200 + 300 + 400,
// 600) = 900 ms — but its steps are nested four deep, and it needs a
// mutex and a count of the prices still to come to know when it is done.
//
// In Go, a call that waits parks only its own goroutine: code that reads
// top to bottom, call after call, can keep that concurrency with a
// goroutine wherever two calls do not need each other. Receipt, as it
// is, makes the calls one after another: 200 + 600 + 300 + 400 + 100 +
// 250 = 1850 ms.
//
// Goal: Receipt returns the same total as ReceiptCallbacks (2 teas, a
// bread and 3 jams, 10% off: 1764 cents) in the same 900 ms, written top
// to bottom, with no callback: the discount fetched while the chain runs,
// each item's price fetched once, all of them at once, and Receipt
// returning the moment the last answer is in.
//
// The solution: a goroutine and a channel for the discount, a
// WaitGroup for the prices; solutions/callbacks/alt_errgroup does it with
// an errgroup.Group.
//
// Change Receipt only. Check your work with `conclab check callbacks`;
// stuck? `conclab hint callbacks`.
package callbacks

import (
	"sync"

	"conclab/exercises/kit"
)

// ReceiptCallbacks works out the total of customer id's receipt in
// callback style, and calls done with it.
func ReceiptCallbacks(log *kit.Log, s *Shop, id int, done func(total int)) {
	var (
		mu       sync.Mutex
		discount = -1 // -1 until it is known
		costs    []int
		left     = -1 // prices still to come; -1 until the order is known
	)
	// finish calls done once both the discount and every price are in:
	// whichever callback comes last calls it.
	finish := func() {
		if discount >= 0 && left == 0 {
			done(Total(costs, discount))
		}
	}
	s.OnDiscount(log, func(percent int) {
		mu.Lock()
		defer mu.Unlock()
		discount = percent
		finish()
	})
	s.OnCustomer(log, id, func(customer string) {
		s.OnOrder(log, customer, func(o Order) {
			mu.Lock()
			defer mu.Unlock()
			left = len(o.Items)
			for _, it := range o.Items {
				s.OnPrice(log, it.Name, func(cents int) {
					mu.Lock()
					defer mu.Unlock()
					costs = append(costs, cents*it.Qty)
					left--
					finish()
				})
			}
			finish() // an empty order has no price to wait for
		})
	})
}

// Receipt works out the total of customer id's receipt, in cents.
func Receipt(log *kit.Log, s *Shop, id int) int {
	// Answer, part 1: the discount needs nothing, so it starts first, in
	// a goroutine of its own, and runs while the chain below does. Its
	// channel has room for the answer: the goroutine never waits for
	// Receipt to take it.
	discount := make(chan int, 1)
	go func() { discount <- s.FetchDiscount(log) }()

	// Answer, part 2: the chain is straight-line code. Each call parks
	// this goroutine until its answer is in, and nothing else: the
	// discount's goroutine goes on meanwhile.
	customer := s.FetchCustomer(log, id)
	order := s.FetchOrder(log, customer)

	// Answer, part 3: the prices need only the order, not each other: a
	// goroutine per item, each writing its own element of costs (no lock:
	// no two goroutines write the same element), and one Wait for all of
	// them — where ReceiptCallbacks counted the prices still to come
	// under a mutex. An empty order starts none, and Wait returns at once.
	costs := make([]int, len(order.Items))
	var wg sync.WaitGroup
	for i, it := range order.Items {
		wg.Go(func() { costs[i] = s.FetchPrice(log, it.Name) * it.Qty })
	}
	wg.Wait()

	// Answer, part 4: the discount's answer, the one value the total
	// still waits for: here, or when it comes.
	return Total(costs, <-discount)
}
