package main

func main() {
	ch := make(chan int)
	close(ch)
	v, ok := <-ch
	println(v, ok)
	b := make(chan int, 2)
	b <- 1
	b <- 2
	close(b)
	println(<-b, len(b), cap(b), <-b)
	x, more := <-b
	println(x, more)
	jobs := make(chan int)
	done := make(chan bool)
	go func() {
		sum := 0
		for j := range jobs {
			sum += j
		}
		println("sum", sum)
		done <- true
	}()
	for i := 1; i <= 3; i++ {
		jobs <- i
	}
	close(jobs)
	<-done
	var words = make(chan string, 1)
	words <- "hello"
	println(<-words)
}
