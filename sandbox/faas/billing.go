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
	PerRequest  float64 // $ per request
	PerGBSecond float64 // $ per GB-second of billed on-demand duration
	// Provisioned concurrency is billed for the time it is configured, used
	// or not, plus a lower duration price for the requests it serves.
	ProvisionedPerGBSecond         float64 // $ per GB-second configured
	ProvisionedDurationPerGBSecond float64 // $ per GB-second of billed duration on a provisioned environment
	ServerPerGBHour                float64 // $ per GiB-hour of an always-on server (assumption)
}

// AWS is the default price list.
var AWS = Prices{
	PerRequest:  0.20 / 1e6,
	PerGBSecond: 0.0000166667,
	// AWS's published us-east-1 x86 price, not in the lessons' facts sheet.
	// AWS rounds the configured period up to 5 minutes; the meter does not.
	ProvisionedPerGBSecond: 0.0000041667,
	// AWS's published us-east-1 x86 price, not in the lessons' facts sheet.
	ProvisionedDurationPerGBSecond: 0.0000097222,
	ServerPerGBHour:                0.0104,
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

// Lambda is the price of requests invocations using gbs GB-seconds on demand.
func (p Prices) Lambda(requests int, gbs float64) float64 {
	return float64(requests)*p.PerRequest + gbs*p.PerGBSecond
}

// Provisioned is the price of provisioned concurrency: configured GB-seconds
// (memory x environments x time configured) and the billed GB-seconds of the
// invocations it served. Their Init is part of the configured time.
func (p Prices) Provisioned(configured, served float64) float64 {
	return configured*p.ProvisionedPerGBSecond + served*p.ProvisionedDurationPerGBSecond
}

// Server is the price of an always-on server with memoryMB for elapsed.
func (p Prices) Server(memoryMB int, elapsed time.Duration) float64 {
	return float64(memoryMB) / 1024 * elapsed.Hours() * p.ServerPerGBHour
}
