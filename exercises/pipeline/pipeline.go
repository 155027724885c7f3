// Package pipeline is an exercise of the flags lab: download flags and pack
// them into one archive, in a pipeline.
//
// Three stages, connected by channels. The first sends the country codes,
// one by one. In the second, `workers` downloaders take the codes, and each
// download waits s.Delay (0.5 s) for the server. In the third, one packer
// adds each flag to the archive, which takes s.Pack (0.1 s) of CPU work,
// compressing; one flag at a time, since an Archive, like zip.Writer, is
// not safe for concurrent use.
//
// One flag after another, the 20 flags take 20 × (0.5 s + 0.1 s) = 12 s.
// Downloading them 5 at a time takes 4 rounds of 0.5 s, 2 s, and packing
// them all after that 20 × 0.1 s more: 4 s. In a pipeline the packer takes
// each flag as it comes, while the downloads go on. It keeps up (a round
// brings 5 flags of 0.1 s each every 0.5 s), so only the last round's 5
// flags are packed after the downloads end: 2 s + 5 × 0.1 s = 2.5 s.
//
// Goal: Build returns the archive with every flag in it, once, in 2.5 s.
// Fan out: exactly `workers` goroutines download, each ranging over the
// channel of codes. Fan in: their flags meet on one channel (or on one
// channel each, merged), which the packer ranges over. Close each channel
// once everything has been sent on it, and only then: the codes' channel
// after the last code, the flags' channel after the last downloader is
// done (a sync.WaitGroup) — so that every range loop ends, and Build with
// them.
//
// Change Build only. Check your work with `conclab check pipeline`; stuck?
// `conclab hint pipeline`.
package pipeline

import (
	"time"

	"conclab/exercises/kit"
)

// Top20 are the country codes of the 20 most populous countries.
var Top20 = []string{"CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
	"MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR"}

// Server stands for the slow flag server, and Pack for the archive's work:
// every download waits Delay, every flag takes Pack to pack.
type Server struct {
	Delay time.Duration
	Pack  time.Duration
}

// Flag is a downloaded flag: its country code and its image.
type Flag struct {
	Code  string
	Image []byte
}

// Image is the flag of country code, as the server sends it.
func Image(code string) []byte { return []byte("GIF89a flag of " + code) }

// Get downloads the flag of country code. The wait stands for an HTTP GET:
// the goroutine that calls Get waits for the server's answer, and only it.
func Get(log *kit.Log, s Server, code string) Flag {
	log.Wait(code, "io")
	<-log.After(s.Delay) // time.After(s.Delay), on the log's clock
	log.Done(code)
	return Flag{Code: code, Image: Image(code)}
}

// Archive is the archive the flags go into. Its zero value is empty and
// ready. Like a zip.Writer it is not safe for concurrent use: one goroutine
// must do all the adding.
type Archive struct {
	Files []Flag
}

// Add packs f into the archive: s.Pack of CPU work (compressing), then the
// file is in, and the packer waits for its next flag.
func (a *Archive) Add(log *kit.Log, s Server, f Flag) {
	log.Work("packer", s.Pack)
	a.Files = append(a.Files, f)
	log.Printf("packer", "%s.gif, %d bytes", f.Code, len(f.Image))
	log.Wait("packer", "chan")
}

// Build downloads the flags of codes, `workers` at a time, and packs them
// into an archive as they come.
func Build(log *kit.Log, s Server, codes []string, workers int) *Archive {
	// TODO: stage 1, a goroutine that sends the codes on a channel, then
	// closes it.
	// TODO: stage 2, exactly `workers` goroutines that range over the codes,
	// call Get and send each Flag on; once all of them are done (a
	// sync.WaitGroup), close the flags' channel.
	// TODO: stage 3, one goroutine (Build's own will do) that ranges over
	// the flags and adds each to the archive.
	a := &Archive{}
	for _, code := range codes {
		a.Add(log, s, Get(log, s, code))
	}
	return a
}
