//! Delivery counts and latency percentiles in constant memory: a log-linear histogram
//! (64 buckets per power of two, under 1.6% error) instead of every latency kept.

use serde::Serialize;
use std::time::Duration;

/// Values below this many microseconds get a bucket each.
const EXACT: u64 = 128;
/// Buckets per power of two above `EXACT`.
const SUB: u64 = 64;
/// Enough buckets for latencies up to 2^32 µs (71 minutes); longer ones share the last.
const BUCKETS: usize = (EXACT + 26 * SUB) as usize;

/// A latency histogram.
#[derive(Debug, Clone)]
pub struct Latencies {
    counts: Vec<u64>,
    total: u64,
}

impl Default for Latencies {
    fn default() -> Self {
        Latencies {
            counts: vec![0; BUCKETS],
            total: 0,
        }
    }
}

impl Latencies {
    pub fn record(&mut self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.counts[index(micros).min(BUCKETS - 1)] += 1;
        self.total += 1;
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    /// The latency at quantile `q` (0.5 for the median), `None` when nothing was recorded.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        if self.total == 0 {
            return None;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (i, &count) in self.counts.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return Some(Duration::from_micros(value(i)));
            }
        }
        None
    }
}

fn index(micros: u64) -> usize {
    if micros < EXACT {
        return micros as usize;
    }
    let msb = 63 - u64::from(micros.leading_zeros());
    let shift = msb - 6;
    let mantissa = micros >> shift;
    (EXACT + (shift - 1) * SUB + (mantissa - SUB)) as usize
}

/// The middle of bucket `i`.
fn value(i: usize) -> u64 {
    let i = i as u64;
    if i < EXACT {
        return i;
    }
    let shift = (i - EXACT) / SUB + 1;
    let mantissa = (i - EXACT) % SUB + SUB;
    let low = mantissa << shift;
    low + ((1 << shift) - 1) / 2
}

/// What a run did, for the final report and the exit code.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Deliveries attempted at least once (each `--repeat` counts).
    pub sent: u64,
    /// Deliveries answered with the expected status.
    pub succeeded: u64,
    /// Deliveries that did not get the expected status (answered or not).
    pub failed: u64,
    /// Failed deliveries that got no answer at all (connection, TLS, timeout).
    pub unreachable: u64,
    /// Attempts after each delivery's first (a retry, or a redirect followed), so that
    /// `sent + retried == attempts`.
    pub retried: u64,
    /// Attempts made in all.
    pub attempts: u64,
    /// Inputs (files, lines, entries) that could not be read or prepared.
    pub input_errors: u64,
    /// `--dry-run` deliveries printed instead of sent.
    pub planned: u64,
    /// Deliveries read but never attempted, because the run was interrupted.
    pub not_sent: u64,
    /// The signal that stopped the run early, if one did.
    pub interrupted: Option<super::Interruption>,
    pub latencies: Latencies,
    pub elapsed: Duration,
    /// The first "no answer" error, to explain an unreachable target.
    pub first_network_error: Option<String>,
}

/// The summary's JSON form: `{"summary": {...}}` is the last line of `replay --json`.
#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub sent: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub unreachable: u64,
    /// Answered, with another status than the expected one (`failed - unreachable`).
    pub rejected: u64,
    /// Attempts after each delivery's first: `attempts - sent`.
    pub retried: u64,
    pub attempts: u64,
    /// Deliveries never attempted (the run was interrupted).
    pub not_sent: u64,
    pub input_errors: u64,
    /// `"SIGINT"` or `"SIGTERM"` when one stopped the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<&'static str>,
    pub latency_ms: LatencyJson,
    pub duration_ms: f64,
    pub per_second: f64,
}

#[derive(Debug, Serialize)]
pub struct LatencyJson {
    pub p50: Option<f64>,
    pub p99: Option<f64>,
}

/// Milliseconds with microsecond precision, for JSON and human output.
pub fn millis(duration: Duration) -> f64 {
    duration.as_micros() as f64 / 1000.0
}

impl Summary {
    pub fn per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            (self.sent as f64 / seconds * 10.0).round() / 10.0
        } else {
            0.0
        }
    }

    /// Deliveries the receiver answered with another status than the expected one.
    pub fn rejected(&self) -> u64 {
        self.failed - self.unreachable
    }

    /// Deliveries the receiver answered, with the expected status or not.
    pub fn answered(&self) -> u64 {
        self.succeeded + self.rejected()
    }

    pub fn to_json(&self) -> SummaryJson {
        SummaryJson {
            sent: self.sent,
            succeeded: self.succeeded,
            failed: self.failed,
            unreachable: self.unreachable,
            rejected: self.rejected(),
            retried: self.retried,
            attempts: self.attempts,
            not_sent: self.not_sent,
            input_errors: self.input_errors,
            interrupted: self.interrupted.map(super::Interruption::signal_name),
            latency_ms: LatencyJson {
                p50: self.latencies.quantile(0.5).map(millis),
                p99: self.latencies.quantile(0.99).map(millis),
            },
            duration_ms: millis(self.elapsed),
            per_second: self.per_second(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_round_trip_within_two_percent() {
        for micros in [
            0,
            1,
            127,
            128,
            129,
            1000,
            12_345,
            999_999,
            30_000_000,
            4_000_000_000,
        ] {
            let got = value(index(micros)) as f64;
            let error = (got - micros as f64).abs() / (micros as f64).max(1.0);
            assert!(error < 0.02, "{micros} -> {got}");
        }
        assert!(index(u64::from(u32::MAX)) < BUCKETS);
    }

    #[test]
    fn quantiles() {
        let mut latencies = Latencies::default();
        assert_eq!(latencies.quantile(0.5), None);
        for ms in 1..=100 {
            latencies.record(Duration::from_millis(ms));
        }
        let p50 = latencies.quantile(0.5).unwrap().as_secs_f64() * 1000.0;
        let p99 = latencies.quantile(0.99).unwrap().as_secs_f64() * 1000.0;
        assert!((49.0..=51.0).contains(&p50), "{p50}");
        assert!((98.0..=100.5).contains(&p99), "{p99}");
        assert_eq!(latencies.count(), 100);
        latencies.record(Duration::from_secs(100_000));
        assert_eq!(latencies.count(), 101);
    }
}
