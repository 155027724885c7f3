package slowserver_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"conclab/internal/slowserver"
)

// FuzzParseQuery: any query string is read without a panic, or refused in
// one line; what is accepted asks for a delay of 0s..max and a status of
// 200..599, and written back as a query reads back the same (round trip).
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "delay=1.5s", "status=418", "delay=0s&status=200", "delay=1ms&status=503", "delay=-1s", "delay=soon",
		"status=99", "delay=abc", "delay=2h", "delay=%zz", "status=abc", "delay=1h&delay=2s", "x=1;y=2", "delay=1m0.000000001s"} {
		f.Add(s, int64(time.Minute))
	}
	f.Fuzz(func(t *testing.T, raw string, maxNanos int64) {
		max := time.Duration(maxNanos)
		if max < 0 || max > time.Hour {
			max = time.Hour
		}
		q, err := slowserver.ParseQuery(raw, max)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("ParseQuery(%q) error %q, want one line", raw, err)
			}
			return
		}
		if q.HasDelay && (q.Delay < 0 || q.Delay > max) || !q.HasDelay && q.Delay != 0 {
			t.Fatalf("ParseQuery(%q, %v) delay = %+v, want 0s..%v", raw, max, q, max)
		}
		if q.HasStatus && (q.Status < 200 || q.Status > 599) || !q.HasStatus && q.Status != 0 {
			t.Fatalf("ParseQuery(%q) status = %+v, want 200..599", raw, q)
		}
		v := url.Values{}
		if q.HasDelay {
			v.Set("delay", q.Delay.String())
		}
		if q.HasStatus {
			v.Set("status", strconv.Itoa(q.Status))
		}
		back, err := slowserver.ParseQuery(v.Encode(), max)
		if err != nil || back != q {
			t.Fatalf("ParseQuery(%q) = %+v, written back %q: %+v, %v", raw, q, v.Encode(), back, err)
		}
	})
}
