//! The one backoff policy: exponential growth from a first wait, capped, with full jitter
//! for senders that many may run at once (replay, the API client) and none for ROOMZ's own
//! schedule (the simulator); a `Retry-After` answer, when there is one, wins, up to a cap.

use std::time::{Duration, SystemTime};

/// Whether the wait is the bound itself or a uniform pick below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jitter {
    /// Exactly the bound: a schedule someone documents (1 s, 2 s, 4 s ...).
    None,
    /// Uniform between zero and the bound ("full jitter"), so that many senders that
    /// failed together do not retry together.
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The bound of the first retry's wait; each further retry doubles it.
    pub first: Duration,
    /// No bound grows past this.
    pub max: Duration,
    pub jitter: Jitter,
    /// A `Retry-After` longer than this is cut to it, so one answer cannot stall a run.
    pub max_retry_after: Duration,
}

impl Backoff {
    /// The upper bound of the wait before retry number `retry` (1 for the first).
    pub fn bound(&self, retry: u32) -> Duration {
        self.first
            .saturating_mul(1 << retry.saturating_sub(1).min(20))
            .min(self.max)
    }

    /// The wait before retry number `retry` when the answer gave no `Retry-After`.
    pub fn delay(&self, retry: u32) -> Duration {
        let bound = self.bound(retry);
        match self.jitter {
            Jitter::None => bound,
            Jitter::Full => bound.mul_f64(fastrand::f64()),
        }
    }

    /// The wait before retry number `retry`, honouring the answer's `Retry-After` value.
    pub fn wait(&self, retry: u32, retry_after: Option<&str>) -> Duration {
        match retry_after.and_then(|value| parse_retry_after(value, SystemTime::now())) {
            Some(given) => given.min(self.max_retry_after),
            None => self.delay(retry),
        }
    }
}

/// `Retry-After` as delay-seconds or an HTTP date (`httpdate`), relative to `now`; a date
/// in the past means no wait.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: Backoff = Backoff {
        first: Duration::from_millis(200),
        max: Duration::from_secs(10),
        jitter: Jitter::Full,
        max_retry_after: Duration::from_secs(60),
    };

    #[test]
    fn the_bound_doubles_up_to_the_cap_and_jitter_stays_below_it() {
        let bounds: Vec<u128> = (1..=4).map(|r| POLICY.bound(r).as_millis()).collect();
        assert_eq!(bounds, [200, 400, 800, 1600]);
        assert_eq!(POLICY.bound(40), POLICY.max);
        for retry in 1..40 {
            assert!(POLICY.delay(retry) <= POLICY.bound(retry));
        }
        let largest = (0..200).map(|_| POLICY.delay(4)).max().unwrap();
        assert!(
            largest > POLICY.first,
            "jitter picks across the whole bound"
        );
    }

    #[test]
    fn without_jitter_the_wait_is_the_schedule() {
        let schedule = Backoff {
            first: Duration::from_secs(1),
            jitter: Jitter::None,
            ..POLICY
        };
        let waits: Vec<u64> = (1..=4).map(|r| schedule.delay(r).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8]);
    }

    #[test]
    fn retry_after_seconds_and_dates_win_up_to_their_cap() {
        let now = httpdate::parse_http_date("Sat, 28 Nov 2026 10:00:00 GMT").unwrap();
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Sat, 28 Nov 2026 10:00:07 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("Sat, 28 Nov 2026 09:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(POLICY.wait(1, Some("3600")), POLICY.max_retry_after);
        assert_eq!(POLICY.wait(1, Some(" 2 ")), Duration::from_secs(2));
        assert!(POLICY.wait(1, Some("soon")) <= POLICY.first);
    }
}
