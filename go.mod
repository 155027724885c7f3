module conclab

go 1.26
