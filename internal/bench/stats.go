package main

import (
	"math"
	"slices"
)

// Summary is what the report says of repeated measurements: the median,
// the 95th percentile (for per-statement times), and the range.
type Summary struct {
	N                     int
	Median, P95, Min, Max float64
}

// summarize sums up samples; an empty slice gives N 0 and NaNs, which the
// report prints as "n/a".
func summarize(samples []float64) Summary {
	if len(samples) == 0 {
		nan := math.NaN()
		return Summary{Median: nan, P95: nan, Min: nan, Max: nan}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	return Summary{N: len(s), Median: quantile(s, 0.5), P95: quantile(s, 0.95), Min: s[0], Max: s[len(s)-1]}
}

// quantile interpolates linearly between the closest ranks of sorted
// samples (the method R calls type 7), so that the median of an even
// count is the mean of the middle two.
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}

// ratio is a/b, or NaN when either is missing or b is zero.
func ratio(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return math.NaN()
	}
	return a / b
}
