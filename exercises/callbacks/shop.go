package callbacks

import (
	"fmt"
	"sync"
	"time"

	"conclab/exercises/kit"
)

// Shop answers the calls that a receipt needs, each after its delay: who
// customer id is, what that customer ordered, what each item costs, and
// the day's discount. Its methods are safe for concurrent use: they only
// read the Shop.
type Shop struct {
	Customers map[int]string   // by id
	Orders    map[string]Order // by customer
	Prices    map[string]Price // by item
	Discount  int              // percent off the whole receipt

	CustomerDelay, OrderDelay, DiscountDelay time.Duration
}

// Order is what a customer ordered.
type Order struct {
	Items []Item
}

// Item is one line of an order: Qty of item Name.
type Item struct {
	Name string
	Qty  int
}

// Price is what one item costs, in cents, and how long the price service
// takes to say so.
type Price struct {
	Cents int
	Delay time.Duration
}

// asked counts the requests of each run (each Log) by what they ask for:
// a request made again gets a lane of its own in the trace, "price of tea
// (2)", even while the first one still waits.
var asked = struct {
	sync.Mutex
	n map[*kit.Log]map[string]int
}{n: map[*kit.Log]map[string]int{}}

// call stands for a request to a service: the goroutine that makes it
// waits for the answer, and only it.
func call(log *kit.Log, task string, d time.Duration) {
	asked.Lock()
	if asked.n[log] == nil {
		asked.n[log] = map[string]int{}
	}
	asked.n[log][task]++
	if n := asked.n[log][task]; n > 1 {
		task = fmt.Sprintf("%s (%d)", task, n)
	}
	asked.Unlock()
	log.Wait(task, "io")
	<-log.After(d) // time.After(d), on the log's clock
	log.Done(task)
}

// FetchCustomer returns the name of customer id.
func (s *Shop) FetchCustomer(log *kit.Log, id int) string {
	call(log, fmt.Sprintf("customer %d", id), s.CustomerDelay)
	return s.Customers[id]
}

// FetchOrder returns what customer ordered.
func (s *Shop) FetchOrder(log *kit.Log, customer string) Order {
	call(log, "order of "+customer, s.OrderDelay)
	return s.Orders[customer]
}

// FetchPrice returns the price of one item, in cents.
func (s *Shop) FetchPrice(log *kit.Log, item string) int {
	p := s.Prices[item]
	call(log, "price of "+item, p.Delay)
	return p.Cents
}

// FetchDiscount returns the day's discount, in percent.
func (s *Shop) FetchDiscount(log *kit.Log) int {
	call(log, "discount", s.DiscountDelay)
	return s.Discount
}

// The same calls in callback style: each returns at once, and calls then
// with the answer, later, on a goroutine of its own.

// OnCustomer fetches customer id, then calls then with the name.
func (s *Shop) OnCustomer(log *kit.Log, id int, then func(customer string)) {
	go func() { then(s.FetchCustomer(log, id)) }()
}

// OnOrder fetches what customer ordered, then calls then with it.
func (s *Shop) OnOrder(log *kit.Log, customer string, then func(Order)) {
	go func() { then(s.FetchOrder(log, customer)) }()
}

// OnPrice fetches the price of item, then calls then with it.
func (s *Shop) OnPrice(log *kit.Log, item string, then func(cents int)) {
	go func() { then(s.FetchPrice(log, item)) }()
}

// OnDiscount fetches the day's discount, then calls then with it.
func (s *Shop) OnDiscount(log *kit.Log, then func(percent int)) {
	go func() { then(s.FetchDiscount(log)) }()
}

// Total is what a receipt comes to: the sum of the lines' costs (the
// price of each item times its quantity), less the discount, rounded
// down to the cent.
func Total(costs []int, discount int) int {
	sum := 0
	for _, c := range costs {
		sum += c
	}
	return sum * (100 - discount) / 100
}

// Today is the lab's shop: customer 7 is ada, who ordered 2 teas, a loaf
// of bread and 3 jars of jam.
var Today = &Shop{
	Customers: map[int]string{7: "ada"},
	Orders:    map[string]Order{"ada": {Items: []Item{{"tea", 2}, {"bread", 1}, {"jam", 3}}}},
	Prices: map[string]Price{
		"tea":   {350, 400 * time.Millisecond},
		"bread": {420, 100 * time.Millisecond},
		"jam":   {280, 250 * time.Millisecond},
	},
	Discount:      10,
	CustomerDelay: 200 * time.Millisecond,
	OrderDelay:    300 * time.Millisecond,
	DiscountDelay: 600 * time.Millisecond,
}
