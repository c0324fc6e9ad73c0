module github.com/fasttok/fasttok

go 1.26.8

require (
	github.com/dlclark/regexp2 v1.12.0
	github.com/google/go-cmp v0.7.0
	github.com/klauspost/compress v1.20.4
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.38.0
