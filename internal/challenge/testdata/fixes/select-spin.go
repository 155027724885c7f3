package main

func main() {
	result := make(chan int)
	go func() {
		result <- 42 // after some work
	}()
	for {
		select {
		case v := <-result:
			println("result:", v)
			return
		}
	}
}
