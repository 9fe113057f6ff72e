package faas

import (
	"math"
	"time"
)

// Prices used for the billing meter. Lambda's are AWS's on-demand x86 prices
// in us-east-1 (the facts the lessons cite). The always-on server is an
// ASSUMPTION for comparison, stated wherever it is shown: a VM with the same
// memory, on all the time, at ServerPerGBHour (EC2 t3 on-demand in us-east-1
// costs about $0.0104 per GiB-hour: t3.micro 1 GiB $0.0104/h, t3.small
// 2 GiB $0.0208/h), billed for the demo's elapsed wall time whether or not
// requests come.
type Prices struct {
	PerRequest      float64 // $ per request
	PerGBSecond     float64 // $ per GB-second of billed duration
	ServerPerGBHour float64 // $ per GiB-hour of an always-on server (assumption)
}

// AWS is the default price list.
var AWS = Prices{
	PerRequest:      0.20 / 1e6,
	PerGBSecond:     0.0000166667,
	ServerPerGBHour: 0.0104,
}

// ServerAssumption describes the always-on comparison in one line.
const ServerAssumption = "always-on server of equal memory at $0.0104/GiB-hour (EC2 t3 on-demand, assumed), billed for the elapsed time"

// BilledMS is Lambda's billed duration: the handler's measured duration, plus
// the init duration for a cold start (Init is billed since 1 August 2025),
// rounded up to the next millisecond.
func BilledMS(handlerMS, initMS float64, cold bool) int64 {
	d := handlerMS
	if cold {
		d += initMS
	}
	return int64(math.Ceil(d - 1e-9)) // -1e-9: 2.000 stays 2 despite float noise
}

// GBSeconds is the memory in GB (MB/1024) times the billed seconds.
func GBSeconds(billedMS int64, memoryMB int) float64 {
	return float64(billedMS) / 1000 * float64(memoryMB) / 1024
}

// Lambda is the price of requests invocations using gbs GB-seconds.
func (p Prices) Lambda(requests int, gbs float64) float64 {
	return float64(requests)*p.PerRequest + gbs*p.PerGBSecond
}

// Server is the price of an always-on server with memoryMB for elapsed.
func (p Prices) Server(memoryMB int, elapsed time.Duration) float64 {
	return float64(memoryMB) / 1024 * elapsed.Hours() * p.ServerPerGBHour
}
