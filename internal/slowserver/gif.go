package slowserver

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/gif"
	"sync"
)

var (
	gifMu    sync.RWMutex
	gifCache = map[string][]byte{}
)

// FlagGIF returns a small generated flag for a country code: three stripes
// whose colours and direction come from a hash of the code. It is not the
// real flag — conclab has no internet and needs none — but every code gets
// its own picture, the same every time.
func FlagGIF(cc string) []byte {
	gifMu.RLock()
	b, ok := gifCache[cc]
	gifMu.RUnlock()
	if ok {
		return b // drawn before: the many requests that read it do not wait for each other
	}
	gifMu.Lock()
	defer gifMu.Unlock()
	if b, ok := gifCache[cc]; ok {
		return b
	}
	h := fnv.New32a()
	h.Write([]byte(cc))
	sum := h.Sum32()
	palette := color.Palette{
		color.RGBA{0xce, 0x11, 0x26, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}, color.RGBA{0x00, 0x2b, 0x7f, 0xff},
		color.RGBA{0x00, 0x9b, 0x3a, 0xff}, color.RGBA{0xfc, 0xd1, 0x16, 0xff}, color.RGBA{0x00, 0x00, 0x00, 0xff},
	}
	stripes := [3]uint8{uint8(sum % 6), uint8(sum / 6 % 6), uint8(sum / 36 % 6)}
	if stripes[1] == stripes[0] {
		stripes[1] = (stripes[1] + 1) % 6
	}
	if stripes[2] == stripes[1] {
		stripes[2] = (stripes[2] + 2) % 6
	}
	vertical := sum&(1<<20) != 0
	const w, hgt = 60, 40
	img := image.NewPaletted(image.Rect(0, 0, w, hgt), palette)
	for y := range hgt {
		for x := range w {
			i := y * 3 / hgt
			if vertical {
				i = x * 3 / w
			}
			img.SetColorIndex(x, y, stripes[i])
		}
	}
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	gifCache[cc] = buf.Bytes()
	return buf.Bytes()
}
