// Package all imports every lab so that each registers itself with the labs
// registry. Import it for its side effect: import _ "conclab/labs/all".
package all

import (
	_ "conclab/labs/cancel"
	_ "conclab/labs/checker"
	_ "conclab/labs/chess"
	_ "conclab/labs/coroutines"
	_ "conclab/labs/countdown"
	_ "conclab/labs/eventloop"
	_ "conclab/labs/flags"
	_ "conclab/labs/gil"
	_ "conclab/labs/locks"
	_ "conclab/labs/spinner"
	_ "conclab/labs/styles"
)
