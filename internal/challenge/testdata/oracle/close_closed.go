package main

func main() {
	ch := make(chan int)
	close(ch)
	println("closed once")
	close(ch)
}
