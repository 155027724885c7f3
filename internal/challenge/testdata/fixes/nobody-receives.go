package main

func fetch(mirror int, results chan int) {
	results <- mirror
}

func main() {
	results := make(chan int, 2)
	go fetch(1, results)
	go fetch(2, results)
	println("fastest mirror:", <-results)
}
