//go:build exercises

package callbacks

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"conclab/exercises/kit"
	"conclab/exercises/kit/kittest"
	"conclab/labs/trace"
)

const ms = time.Millisecond

// The model: the customer and the discount are asked at 0; the order when
// the customer's name is in; every price when the order is in; the receipt
// is done when the slowest of the chain and the discount is.
func items(s *Shop, id int) []Item { return s.Orders[s.Customers[id]].Items }

func slowestPrice(s *Shop, id int) time.Duration {
	var d time.Duration
	for _, it := range items(s, id) {
		d = max(d, s.Prices[it.Name].Delay)
	}
	return d
}

func receiptTime(s *Shop, id int) time.Duration {
	return max(s.CustomerDelay+s.OrderDelay+slowestPrice(s, id), s.DiscountDelay)
}

// oneByOne is how long the calls take one after another.
func oneByOne(s *Shop, id int) time.Duration {
	d := s.CustomerDelay + s.OrderDelay + s.DiscountDelay
	for _, it := range items(s, id) {
		d += s.Prices[it.Name].Delay
	}
	return d
}

// wantTotal is the receipt's total, in cents, worked out line by line.
func wantTotal(s *Shop, id int) int {
	cents := 0
	for _, it := range items(s, id) {
		cents += it.Qty * s.Prices[it.Name].Cents
	}
	return cents * (100 - s.Discount) / 100
}

// slowDiscount is Today with a discount service slower than the chain.
func slowDiscount() *Shop {
	s := *Today
	s.DiscountDelay = 1200 * ms
	return &s
}

// withBob is Today with customer 8, bob, who ordered nothing.
func withBob() *Shop {
	s := *Today
	s.Customers = maps.Clone(Today.Customers)
	s.Customers[8] = "bob"
	s.Orders = maps.Clone(Today.Orders)
	s.Orders["bob"] = Order{}
	return &s
}

// bigOrder is a shop with 6 items, whose price service is slow.
func bigOrder() *Shop {
	return &Shop{
		Customers: map[int]string{3: "cy"},
		Orders: map[string]Order{"cy": {Items: []Item{
			{"milk", 2}, {"eggs", 1}, {"rice", 4}, {"figs", 1}, {"salt", 1}, {"oats", 2},
		}}},
		Prices: map[string]Price{
			"milk": {99, 700 * ms}, "eggs": {250, 900 * ms}, "rice": {180, 800 * ms},
			"figs": {600, 1100 * ms}, "salt": {45, 700 * ms}, "oats": {310, 1000 * ms},
		},
		Discount:      25,
		CustomerDelay: 100 * ms,
		OrderDelay:    200 * ms,
		DiscountDelay: 300 * ms,
	}
}

func TestReceiptModel(t *testing.T) {
	tests := []struct {
		name       string
		s          *Shop
		id         int
		want, slow time.Duration
		total      int
	}{
		// 200 + 300 + tea's 400 beside the discount's 600; one by one
		// 200 + 300 + 600 + 400 + 100 + 250. (700 + 420 + 840) * 0.9.
		{"Today", Today, 7, 900 * ms, 1850 * ms, 1764},
		{"slow discount", slowDiscount(), 7, 1200 * ms, 2450 * ms, 1764},
		{"bob", withBob(), 8, 600 * ms, 1100 * ms, 0},
		// 100 + 200 + figs' 1100; (198 + 250 + 720 + 600 + 45 + 620) * 0.75 = 1824.75.
		{"big order", bigOrder(), 3, 1400 * ms, 5800 * ms, 1824},
	}
	for _, tt := range tests {
		if got := receiptTime(tt.s, tt.id); got != tt.want {
			t.Errorf("receiptTime(%s) = %v, want %v", tt.name, got, tt.want) // guards the check itself
		}
		if got := oneByOne(tt.s, tt.id); got != tt.slow {
			t.Errorf("oneByOne(%s) = %v, want %v", tt.name, got, tt.slow)
		}
		if got := wantTotal(tt.s, tt.id); got != tt.total {
			t.Errorf("wantTotal(%s) = %d, want %d", tt.name, got, tt.total)
		}
		// ReceiptCallbacks, the callback chain, takes the model's time.
		synctest.Test(t, func(t *testing.T) {
			log, total := kit.New(), make(chan int, 1)
			ReceiptCallbacks(log, tt.s, tt.id, func(cents int) { total <- cents })
			if got := <-total; got != tt.total || log.Elapsed() != tt.want {
				t.Errorf("ReceiptCallbacks(%s) = %d at %v, want %d at %v", tt.name, got, log.Elapsed(), tt.total, tt.want)
			}
		})
	}
}

func TestReceipt(t *testing.T) {
	tests := []struct {
		name string
		s    *Shop
		id   int
	}{
		{"ada's receipt: 1764 cents in 900 ms, not 1850 ms", Today, 7},
		{"a discount slower than the chain: 1.2 s", slowDiscount(), 7},
		{"bob ordered nothing: 0 cents, when the discount comes at 600 ms", withBob(), 8},
		{"6 items, all priced at once: 1.4 s", bigOrder(), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kittest.Run(t, func(t *testing.T, log *kit.Log) {
				total := Receipt(log, tt.s, tt.id)
				checkReceipt(t, log, tt.s, tt.id, total)
			})
		})
	}
}

// calls are the requests of a run, by what they asked for ("price of
// tea"; a repeat's lane is "price of tea (2)"): when each began, sorted.
func calls(tr *trace.Trace) map[string][]time.Duration {
	cs := map[string][]time.Duration{}
	for _, task := range tr.Tasks {
		name := repeat.ReplaceAllString(task.Name, "")
		for _, s := range task.Spans {
			if s.State == trace.Waiting && s.On == trace.OnIO {
				cs[name] = append(cs[name], s.Start)
			}
		}
	}
	for _, starts := range cs {
		slices.Sort(starts)
	}
	return cs
}

var repeat = regexp.MustCompile(` \([0-9]+\)$`)

func checkReceipt(t *testing.T, log *kit.Log, s *Shop, id, total int) {
	t.Helper()
	elapsed, want := log.Elapsed(), receiptTime(s, id)
	customer := s.Customers[id]
	if elapsed == oneByOne(s, id) && log.MostWaiting("io") == 1 && elapsed != want {
		t.Fatalf("the calls were made one after another: %s of virtual time, want %s — fetch the discount in a "+
			"goroutine started first, and the prices all at once, a goroutine per item (sync.WaitGroup)",
			kit.Seconds(elapsed), kit.Seconds(want))
	}
	if total != wantTotal(s, id) {
		t.Fatalf("Receipt returned %d cents at %s, want %d: did it return before every price and the discount were in? "+
			"Wait for them all (sync.WaitGroup, the discount's channel), and give each item's goroutine its own "+
			"element of the costs to write", total, kit.Seconds(elapsed), wantTotal(s, id))
	}
	cs := calls(log.Trace())
	asked := map[string]time.Duration{
		"discount":                     0,
		fmt.Sprintf("customer %d", id): 0,
		"order of " + customer:         s.CustomerDelay,
	}
	for _, it := range items(s, id) {
		asked["price of "+it.Name] = s.CustomerDelay + s.OrderDelay
	}
	for _, task := range slices.Sorted(maps.Keys(cs)) {
		if _, ok := asked[task]; !ok {
			t.Fatalf("Receipt asked for the %s, want only the customer, the order, the discount and the prices of "+
				"the %d items", task, len(items(s, id)))
		}
	}
	for _, task := range slices.Sorted(maps.Keys(asked)) {
		if n := len(cs[task]); n != 1 {
			t.Fatalf("Receipt asked for the %s %d times, want once: each call's answer is all you need (the "+
				"quantity multiplies the price)", task, n)
		}
	}
	if at := cs["discount"][0]; at != 0 {
		t.Fatalf("the discount was asked for at %s, want at 0 s, beside the customer: it needs nothing else — start "+
			"its goroutine first, and take its answer from a channel at the end", kit.Seconds(at))
	}
	if at := cs[fmt.Sprintf("customer %d", id)][0]; at != 0 {
		t.Fatalf("the customer was asked for at %s, want at 0 s: the chain need not wait for the discount — take the "+
			"discount's answer only when the total needs it", kit.Seconds(at))
	}
	for _, it := range items(s, id) {
		task := "price of " + it.Name
		if at := cs[task][0]; at != asked[task] {
			t.Fatalf("the %s was asked for at %s, want at %s, the moment the order came: every price needs only the "+
				"order, so fetch them all at once, a goroutine per item, and wait for them together (sync.WaitGroup)",
				task, kit.Seconds(at), kit.Seconds(asked[task]))
		}
	}
	if elapsed != want {
		t.Fatalf("Receipt returned at %s, want %s, when the last answer came: wait for the prices and the discount, "+
			"and no longer", kit.Seconds(elapsed), kit.Seconds(want))
	}
}
