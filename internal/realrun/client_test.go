package realrun

import (
	"context"
	"net/http"
	"testing"
	"time"

	"conclab/labs/flags/fetch"
	"conclab/labs/trace"
)

func TestURL(t *testing.T) {
	c := &Client{Base: "http://127.0.0.1:8001", Path: FlagPath}
	tests := []struct {
		it   fetch.Item
		want string
	}{
		{fetch.Item{Name: "BR", Delay: 100 * time.Millisecond, Status: 200}, "http://127.0.0.1:8001/flags/br.gif?delay=100ms&status=200"},
		{fetch.Item{Name: "CN", Delay: 1500 * time.Millisecond, Status: 418}, "http://127.0.0.1:8001/flags/cn.gif?delay=1.5s&status=418"},
		{fetch.Item{Name: "X21", Delay: 0, Status: 503}, "http://127.0.0.1:8001/flags/av.gif?delay=0s&status=503"},
		{fetch.Item{Name: "IN", Delay: 250 * time.Microsecond, Status: 200}, "http://127.0.0.1:8001/flags/in.gif?delay=250%C2%B5s&status=200"},
	}
	for _, tt := range tests {
		if got := c.URL(tt.it); got != tt.want {
			t.Errorf("URL(%v) = %v, want %v", tt.it, got, tt.want)
		}
	}
}

// TestGetWithoutATransport: a Client whose http.Client has no Transport
// sends through http.DefaultTransport, as http.Client.Do would.
func TestGetWithoutATransport(t *testing.T) {
	srv := startServer(t)
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	rec := trace.NewRecorder(0)
	c := &Client{HTTP: &http.Client{}, Base: srv.URL, Path: FlagPath, Rec: rec}
	it := fetch.Item{Name: "BR", Delay: 10 * time.Millisecond, Status: 418}
	if got := c.Get(context.Background(), "BR", it); got.Result != "418" {
		t.Errorf("Get(%v) = %v, want the result 418", it, got)
	}
	if got := srv.Stats().Requests; got != 1 {
		t.Errorf("the server saw %v requests, want %v", got, 1)
	}
}
