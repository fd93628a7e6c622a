//! SHA-512 (FIPS 180-4) and pre-keyed HMAC-SHA512 (RFC 2104), written for the signing
//! hot path.
//!
//! Why our own: on the AMD EPYC machines we sign on, ring runs a scalar SHA-512 (it
//! keeps its SIMD code for Intel CPUs) at about 350 MB/s, where OpenSSL's SIMD code runs
//! at 500 MB/s and more. Most of the difference is the message schedule: done in scalar
//! code, it competes with the rounds for the integer ALUs. Here, on x86-64 CPUs with
//! AVX and SSSE3, the schedule is computed two words per 128-bit register (VEX forms),
//! 16 rounds ahead of its use, while the rounds stay scalar; the 80 rounds are unrolled
//! so that the out-of-order core runs both side by side. The same code is also compiled
//! with BMI1/BMI2 enabled, for `rorx` and `andn` in the rounds, and used where the CPU
//! has them. Everywhere else a portable scalar compression function is used. The choice
//! is made once, at first use.

use std::sync::OnceLock;

/// Bytes per SHA-512 block.
const BLOCK: usize = 128;

/// The round constants: the first 64 bits of the fractional parts of the cube roots of
/// the first 80 primes (FIPS 180-4, 4.2.3).
#[rustfmt::skip]
static K: [u64; 80] = [
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

/// The initial hash value: the first 64 bits of the fractional parts of the square roots
/// of the first 8 primes (FIPS 180-4, 5.3.5).
#[rustfmt::skip]
const H0: [u64; 8] = [
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
];

/// A compression function: absorbs `blocks` (a whole number of 128-byte blocks) into
/// `state`.
type Compress = fn(&mut [u64; 8], &[u8]);

/// The compression function for this CPU, chosen at first use.
fn compress_fn() -> Compress {
    static CHOICE: OnceLock<Compress> = OnceLock::new();
    *CHOICE.get_or_init(|| {
        simd()
            .first()
            .map_or(compress_portable as Compress, |&(_, f)| f)
    })
}

/// The SIMD-schedule compression functions this CPU can run, best first.
#[cfg(target_arch = "x86_64")]
fn simd() -> Vec<(&'static str, Compress)> {
    x86::available()
}

#[cfg(not(target_arch = "x86_64"))]
fn simd() -> Vec<(&'static str, Compress)> {
    Vec::new()
}

/// One SHA-512 round (FIPS 180-4, 6.4.2 step 3) on the working variables held in `$v`,
/// where round `$t` finds `a` at `$v[(80 - t) % 8]`, `b` one further, and so on: instead
/// of moving eight values each round, the round writes its new `a` over the old `h` and
/// its new `e` over the old `d`, and the next round looks one place earlier.
///
/// `$wk` is W[t] + K[t]. `$bc` carries `b ^ c` from one round to the next (it is the
/// previous round's `a ^ b`), so that Maj costs three operations:
/// Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b.
macro_rules! round {
    ($v:ident, $bc:ident, $t:expr, $wk:expr) => {{
        let a = $v[(80 - $t) % 8];
        let b = $v[(81 - $t) % 8];
        let d = $v[(83 - $t) % 8];
        let e = $v[(84 - $t) % 8];
        let f = $v[(85 - $t) % 8];
        let g = $v[(86 - $t) % 8];
        let h = $v[(87 - $t) % 8];
        let big_sigma1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
        let ch = g ^ (e & (f ^ g));
        // Written so that Σ1(e), the last term ready, is added last: e's chain from one
        // round to the next is then Σ1, + t1, + d (5 cycles), where the compiler's own
        // order (Σ1 + h + wk + ch + d) took 7.
        let pre = h.wrapping_add($wk).wrapping_add(ch);
        let t1 = pre.wrapping_add(big_sigma1);
        let big_sigma0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
        let ab = a ^ b;
        let maj = (ab & $bc) ^ b;
        $bc = ab;
        $v[(83 - $t) % 8] = d.wrapping_add(pre).wrapping_add(big_sigma1);
        $v[(87 - $t) % 8] = t1.wrapping_add(big_sigma0.wrapping_add(maj));
    }};
}

/// Expands `$m!(t)` for each listed `t`: the way the rounds are unrolled.
macro_rules! unroll {
    ($m:ident; $($t:literal)*) => { $( $m!($t); )* };
}

/// Compresses one block after another, the working variables staying in registers from
/// one block to the next. `$rounds` is a block of code that runs the 80 rounds on
/// `v` and `bc` for the block `$block`.
macro_rules! compress_blocks {
    ($state:ident, $blocks:ident, |$v:ident, $bc:ident, $block:ident| $rounds:block) => {{
        debug_assert_eq!($blocks.len() % BLOCK, 0);
        let mut $v = *$state;
        for $block in $blocks.chunks_exact(BLOCK) {
            let $block: &[u8; BLOCK] = $block.try_into().expect("chunks are whole blocks");
            let mut $bc = $v[1] ^ $v[2];
            $rounds
            for (v, s) in $v.iter_mut().zip($state.iter_mut()) {
                *v = v.wrapping_add(*s);
                *s = *v;
            }
        }
    }};
}

fn small_sigma0(x: u64) -> u64 {
    x.rotate_right(1) ^ x.rotate_right(8) ^ (x >> 7)
}

fn small_sigma1(x: u64) -> u64 {
    x.rotate_right(19) ^ x.rotate_right(61) ^ (x >> 6)
}

/// The portable compression function: the schedule in a 16-word ring, computed one word
/// per round.
// The last round's `b ^ c` is carried for a next round that never comes.
#[allow(unused_assignments)]
fn compress_portable(state: &mut [u64; 8], blocks: &[u8]) {
    compress_blocks!(state, blocks, |v, bc, block| {
        let mut w = [0u64; 16];
        for (w, bytes) in w.iter_mut().zip(block.chunks_exact(8)) {
            *w = u64::from_be_bytes(bytes.try_into().expect("8 bytes"));
        }
        macro_rules! plain_round {
            ($t:literal) => {
                round!(v, bc, $t, w[$t].wrapping_add(K[$t]))
            };
        }
        macro_rules! scheduled_round {
            ($t:literal) => {{
                let i = $t % 16;
                w[i] = w[i]
                    .wrapping_add(small_sigma1(w[(i + 14) % 16]))
                    .wrapping_add(w[(i + 9) % 16])
                    .wrapping_add(small_sigma0(w[(i + 1) % 16]));
                round!(v, bc, $t, w[i].wrapping_add(K[$t]));
            }};
        }
        unroll!(plain_round; 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
        unroll!(scheduled_round;
            16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
            32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47
            48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
            64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79);
    });
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{Compress, BLOCK, K};
    use std::arch::x86_64::*;

    /// The SIMD-schedule compression functions this CPU can run, best first.
    pub(super) fn available() -> Vec<(&'static str, Compress)> {
        let cpu = CpuFeatures::read();
        let mut found: Vec<(&'static str, Compress)> = Vec::new();
        if cpu.avx && cpu.ssse3 {
            if cpu.bmi1 && cpu.bmi2 {
                found.push(("avx+bmi2", compress_bmi2));
            }
            found.push(("avx", compress));
        }
        found
    }

    /// The CPU features the SIMD functions need, read straight from `cpuid` leaves 1 and 7
    /// and XCR0. `is_x86_feature_detected!` reads every leaf it knows on first use: about
    /// 15 µs in a VM, where each `cpuid` traps to the hypervisor, paid by every `sign`
    /// process. A test checks these against `is_x86_feature_detected!`.
    #[derive(Debug, PartialEq, Eq)]
    pub(super) struct CpuFeatures {
        pub avx: bool,
        pub ssse3: bool,
        pub bmi1: bool,
        pub bmi2: bool,
    }

    impl CpuFeatures {
        pub(super) fn read() -> Self {
            let bit = |word: u32, n: u32| word & (1 << n) != 0;
            // SAFETY: every x86-64 CPU has cpuid, and leaves 0 and 1; leaf 7 is read only
            // when leaf 0 says it exists. (`__cpuid` is a safe function in newer Rust;
            // the unsafe block keeps our minimum, 1.85, building.)
            #[allow(unused_unsafe)]
            let (max_leaf, leaf1) = unsafe { (__cpuid(0).eax, __cpuid(1)) };
            #[allow(unused_unsafe)]
            let leaf7_ebx = if max_leaf >= 7 {
                unsafe { __cpuid_count(7, 0).ebx }
            } else {
                0
            };
            // AVX is usable only if the OS saves the YMM registers on context switches:
            // OSXSAVE set, and XCR0 enabling both the SSE and the AVX state.
            let os_saves_ymm = bit(leaf1.ecx, 27) && {
                // SAFETY: OSXSAVE (just checked) means XGETBV is available and enabled.
                let xcr0 = unsafe { xcr0() };
                xcr0 & 0b110 == 0b110
            };
            CpuFeatures {
                avx: bit(leaf1.ecx, 28) && os_saves_ymm,
                ssse3: bit(leaf1.ecx, 9),
                bmi1: bit(leaf7_ebx, 3),
                bmi2: bit(leaf7_ebx, 8),
            }
        }
    }

    /// # Safety
    /// The CPU must support XGETBV and the OS must have enabled it (CPUID.1:ECX.OSXSAVE).
    #[target_feature(enable = "xsave")]
    unsafe fn xcr0() -> u64 {
        _xgetbv(0)
    }

    /// Only ever handed out by [`available`] after it has seen AVX and SSSE3.
    fn compress(state: &mut [u64; 8], blocks: &[u8]) {
        // SAFETY: `available()` returns this function only when `is_x86_feature_detected!`
        // found AVX and SSSE3, the target features `compress_avx` is compiled with.
        unsafe { compress_avx(state, blocks) }
    }

    /// Only ever handed out by [`available`] after it has seen AVX, SSSE3, BMI1 and BMI2.
    fn compress_bmi2(state: &mut [u64; 8], blocks: &[u8]) {
        // SAFETY: `available()` returns this function only when `is_x86_feature_detected!`
        // found AVX, SSSE3, BMI1 and BMI2, the target features of `compress_avx_bmi2`.
        unsafe { compress_avx_bmi2(state, blocks) }
    }

    /// The schedule's W + K for the next 16 rounds, aligned for 16-byte stores.
    #[repr(align(16))]
    struct Aligned([u64; 16]);

    /// SHA-512 compression with the message schedule in 128-bit registers: `x[j]` holds
    /// W[2j'] and W[2j'+1] for the pair j' ≡ j (mod 8) most recently computed; W + K for
    /// the next 16 rounds waits in `wk`, where the scalar rounds load it. The body of
    /// [`compress_avx`] and [`compress_avx_bmi2`], which differ only in what the compiler
    /// may use for the scalar rounds (BMI2's `rorx` rotates without a copy first).
    macro_rules! compress_avx_body {
        ($state:ident, $blocks:ident) => {{
            let (state, blocks) = ($state, $blocks);
            // pshufb masks: reverse the bytes of each 64-bit lane (big-endian load), and
            // rotate each lane right by 8 bits (one term of σ0).
            let bswap = _mm_set_epi64x(0x08090a0b0c0d0e0f, 0x0001020304050607);
            let rotr8 = _mm_set_epi64x(0x080f0e0d0c0b0a09, 0x0007060504030201);
            let mut wk = Aligned([0u64; 16]);

            /// W[t..t+2] + K[t..t+2] stored into `wk[t % 16..]`.
            macro_rules! store_wk {
                ($t:expr, $w:expr) => {{
                    const _: () = assert!($t % 2 == 0 && $t + 2 <= 80);
                    // SAFETY: `K` has 80 elements and t + 2 <= 80, so the 16 bytes at
                    // `K[t]` are inside it.
                    let k = _mm_loadu_si128(K.as_ptr().add($t).cast::<__m128i>());
                    // SAFETY: t % 16 is even and <= 14, so the 16 bytes at `wk[t % 16]`
                    // are inside `wk` (16 elements) and 16-byte aligned. The store is
                    // volatile so that the compiler keeps it: otherwise it forwards the
                    // value to the rounds through vector-to-integer moves (`vpextrq`, two
                    // micro-ops each) where a memory operand of `add` costs none.
                    std::ptr::write_volatile(
                        wk.0.as_mut_ptr().add($t % 16).cast::<__m128i>(),
                        _mm_add_epi64($w, k),
                    );
                }};
            }

            compress_blocks!(state, blocks, |v, bc, block| {
                let mut x = [_mm_setzero_si128(); 8];
                for (j, x) in x.iter_mut().enumerate() {
                    // SAFETY: `block` is 128 bytes and j < 8, so the 16 bytes at `16 * j`
                    // are inside it.
                    let raw = _mm_loadu_si128(block.as_ptr().add(16 * j).cast::<__m128i>());
                    *x = _mm_shuffle_epi8(raw, bswap);
                }
                macro_rules! initial_wk {
                    ($j:literal) => {
                        store_wk!(2 * $j, x[$j])
                    };
                }
                unroll!(initial_wk; 0 1 2 3 4 5 6 7);

                // Rounds t and t + 1 (t even, t < 64), and beside them W[t+16], W[t+17]:
                // x[j] (j = t/2 mod 8) holds W[t], W[t+1] and is replaced by
                //   W[t+16..t+18] = W[t..t+2] + σ0(W[t+1..t+3]) + W[t+9..t+11] + σ1(W[t+14..t+16]).
                // The new W + K goes into the `wk` slot that rounds t and t + 1 read, so it
                // is stored after them.
                macro_rules! two_rounds_and_schedule {
                    ($t:literal) => {{
                        let j = ($t / 2) % 8;
                        let w_t1 = _mm_alignr_epi8(x[(j + 1) % 8], x[j], 8);
                        let w_t9 = _mm_alignr_epi8(x[(j + 5) % 8], x[(j + 4) % 8], 8);
                        let w_t14 = x[(j + 7) % 8];
                        // σ0 = ROTR1 ^ ROTR8 ^ SHR7, with ROTR8 a byte shuffle.
                        let s0 = _mm_xor_si128(
                            _mm_xor_si128(_mm_srli_epi64(w_t1, 1), _mm_slli_epi64(w_t1, 63)),
                            _mm_xor_si128(_mm_shuffle_epi8(w_t1, rotr8), _mm_srli_epi64(w_t1, 7)),
                        );
                        round!(v, bc, $t, wk.0[$t % 16]);
                        // σ1 = ROTR19 ^ ROTR61 ^ SHR6.
                        let s1 = _mm_xor_si128(
                            _mm_xor_si128(
                                _mm_xor_si128(_mm_srli_epi64(w_t14, 19), _mm_slli_epi64(w_t14, 45)),
                                _mm_xor_si128(_mm_srli_epi64(w_t14, 61), _mm_slli_epi64(w_t14, 3)),
                            ),
                            _mm_srli_epi64(w_t14, 6),
                        );
                        let w = _mm_add_epi64(_mm_add_epi64(x[j], s0), _mm_add_epi64(w_t9, s1));
                        x[j] = w;
                        round!(v, bc, $t + 1, wk.0[$t % 16 + 1]);
                        store_wk!($t + 16, w);
                    }};
                }
                macro_rules! two_rounds {
                    ($t:literal) => {{
                        round!(v, bc, $t, wk.0[$t % 16]);
                        round!(v, bc, $t + 1, wk.0[$t % 16 + 1]);
                    }};
                }
                unroll!(two_rounds_and_schedule;
                    0 2 4 6 8 10 12 14 16 18 20 22 24 26 28 30
                    32 34 36 38 40 42 44 46 48 50 52 54 56 58 60 62);
                unroll!(two_rounds; 64 66 68 70 72 74 76 78);
            });
        }};
    }

    /// # Safety
    /// The CPU must support AVX and SSSE3. (Beyond that, the body's only unsafe
    /// operations are 16-byte loads from `blocks` and `K` and stores to `wk`, each within
    /// bounds, as noted where they happen.)
    // The last round's `b ^ c` and the last schedule pair are kept for rounds that never
    // come.
    #[allow(unused_assignments)]
    #[target_feature(enable = "avx,ssse3")]
    unsafe fn compress_avx(state: &mut [u64; 8], blocks: &[u8]) {
        compress_avx_body!(state, blocks)
    }

    /// # Safety
    /// The CPU must support AVX, SSSE3, BMI1 and BMI2; see [`compress_avx`].
    #[allow(unused_assignments)]
    #[target_feature(enable = "avx,ssse3,bmi1,bmi2")]
    unsafe fn compress_avx_bmi2(state: &mut [u64; 8], blocks: &[u8]) {
        compress_avx_body!(state, blocks)
    }
}

/// An incremental SHA-512 hash.
#[derive(Clone)]
pub struct Sha512 {
    state: [u64; 8],
    /// A partial block: the first `buffered` bytes are pending.
    buffer: [u8; BLOCK],
    buffered: usize,
    /// Bytes absorbed so far, buffered ones included.
    length: u128,
}

impl Default for Sha512 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha512 {
    pub fn new() -> Self {
        Sha512 {
            state: H0,
            buffer: [0; BLOCK],
            buffered: 0,
            length: 0,
        }
    }

    /// The SHA-512 digest of `data`.
    pub fn digest(data: &[u8]) -> [u8; 64] {
        let mut hash = Sha512::new();
        hash.update(data);
        hash.finalize()
    }

    pub fn update(&mut self, data: &[u8]) {
        self.update_with(compress_fn(), data)
    }

    pub fn finalize(self) -> [u8; 64] {
        self.finalize_with(compress_fn())
    }

    /// Whole blocks are compressed straight from `data`; only a partial block at either
    /// end goes through the buffer.
    fn update_with(&mut self, compress: Compress, mut data: &[u8]) {
        self.length += data.len() as u128;
        if self.buffered > 0 {
            let take = (BLOCK - self.buffered).min(data.len());
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < BLOCK {
                return;
            }
            compress(&mut self.state, &self.buffer);
            self.buffered = 0;
        }
        let whole = data.len() - data.len() % BLOCK;
        if whole > 0 {
            compress(&mut self.state, &data[..whole]);
        }
        let rest = &data[whole..];
        self.buffer[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    /// Pads (FIPS 180-4, 5.1.2): a 1 bit, zeros, and the length in bits as 128 bits.
    fn finalize_with(mut self, compress: Compress) -> [u8; 64] {
        let bits = self.length.wrapping_mul(8);
        let mut tail = [0u8; 2 * BLOCK];
        let n = self.buffered;
        tail[..n].copy_from_slice(&self.buffer[..n]);
        tail[n] = 0x80;
        let len = if n < BLOCK - 16 { BLOCK } else { 2 * BLOCK };
        tail[len - 16..len].copy_from_slice(&bits.to_be_bytes());
        compress(&mut self.state, &tail[..len]);
        let mut out = [0u8; 64];
        for (bytes, word) in out.chunks_exact_mut(8).zip(self.state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

/// HMAC-SHA512 (RFC 2104) with the key already absorbed: the inner and outer hashes
/// have taken in their padded-key blocks, so each message costs only its own blocks and
/// one more for the outer hash.
#[derive(Clone)]
pub struct HmacSha512 {
    inner: Sha512,
    outer: Sha512,
}

impl HmacSha512 {
    /// Keys longer than a block are hashed first, as RFC 2104 says.
    pub fn new(key: &[u8]) -> Self {
        Self::new_with(compress_fn(), key)
    }

    pub fn update(&mut self, data: &[u8]) {
        self.inner.update(data)
    }

    pub fn finalize(self) -> [u8; 64] {
        self.finalize_with(compress_fn())
    }

    /// The MAC of `data` alone, leaving this keyed state ready for the next message.
    pub fn mac(&self, data: &[u8]) -> [u8; 64] {
        let mut hmac = self.clone();
        hmac.update(data);
        hmac.finalize()
    }

    fn new_with(compress: Compress, key: &[u8]) -> Self {
        let mut block = [0u8; BLOCK];
        if key.len() > BLOCK {
            let mut hash = Sha512::new();
            hash.update_with(compress, key);
            block[..64].copy_from_slice(&hash.finalize_with(compress));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let padded = |pad: u8| {
            let mut hash = Sha512::new();
            hash.update_with(compress, &block.map(|b| b ^ pad));
            hash
        };
        HmacSha512 {
            inner: padded(0x36),
            outer: padded(0x5c),
        }
    }

    fn finalize_with(self, compress: Compress) -> [u8; 64] {
        let inner = self.inner.finalize_with(compress);
        let mut outer = self.outer;
        outer.update_with(compress, &inner);
        outer.finalize_with(compress)
    }
}

impl std::fmt::Debug for HmacSha512 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HmacSha512 { .. }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::{digest, hmac};

    /// Every compression function this CPU can run: the SIMD ones when available, and the
    /// portable one.
    fn backends() -> Vec<(&'static str, Compress)> {
        let mut all = simd();
        if all.is_empty() {
            eprintln!("no SIMD backend on this CPU: only the portable one is tested");
        }
        all.push(("portable", compress_portable as Compress));
        all
    }

    /// The SIMD functions are offered whenever the CPU has what they need, best first, so
    /// that the tests below exercise each of them on such a CPU.
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn simd_backends_follow_the_cpu() {
        let detected = x86::CpuFeatures {
            avx: is_x86_feature_detected!("avx"),
            ssse3: is_x86_feature_detected!("ssse3"),
            bmi1: is_x86_feature_detected!("bmi1"),
            bmi2: is_x86_feature_detected!("bmi2"),
        };
        assert_eq!(x86::CpuFeatures::read(), detected);
        let names: Vec<&str> = simd().iter().map(|&(name, _)| name).collect();
        let has = |f: &[bool]| f.iter().all(|&b| b);
        let avx = has(&[
            is_x86_feature_detected!("avx"),
            is_x86_feature_detected!("ssse3"),
        ]);
        let bmi = has(&[
            is_x86_feature_detected!("bmi1"),
            is_x86_feature_detected!("bmi2"),
        ]);
        let mut expected = Vec::new();
        if avx && bmi {
            expected.push("avx+bmi2");
        }
        if avx {
            expected.push("avx");
        }
        assert_eq!(names, expected);
    }

    fn digest_with(compress: Compress, data: &[u8]) -> [u8; 64] {
        let mut hash = Sha512::new();
        hash.update_with(compress, data);
        hash.finalize_with(compress)
    }

    fn hmac_with(compress: Compress, key: &[u8], data: &[u8]) -> [u8; 64] {
        let mut hmac = HmacSha512::new_with(compress, key);
        hmac.inner.update_with(compress, data);
        hmac.finalize_with(compress)
    }

    fn unhex(text: &str) -> Vec<u8> {
        let text: String = text.split_whitespace().collect();
        hex::decode(text).unwrap()
    }

    #[test]
    fn fips_180_vectors() {
        let million_a = vec![b'a'; 1_000_000];
        let cases: [(&[u8], &str); 5] = [
            (b"abc", "ddaf35a193617aba cc417349ae204131 12e6fa4e89a97ea2 0a9eeee64b55d39a
                      2192992a274fc1a8 36ba3c23a3feebbd 454d4423643ce80e 2a9ac94fa54ca49f"),
            (b"", "cf83e1357eefb8bd f1542850d66d8007 d620e4050b5715dc 83f4a921d36ce9ce
                   47d0d13c5d85f2b0 ff8318d2877eec2f 63b931bd47417a81 a538327af927da3e"),
            (b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "204a8fc6dda82f0a 0ced7beb8e08a416 57c16ef468b228a8 279be331a703c335
              96fd15c13b1b07f9 aa1d3bea57789ca0 31ad85c7a71dd703 54ec631238ca3445"),
            (b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "8e959b75dae313da 8cf4f72814fc143f 8f7779c6eb9f7fa1 7299aeadb6889018
              501d289e4900f7e4 331b99dec4b5433a c7d329eeb6dd2654 5e96e55b874be909"),
            (&million_a, "e718483d0ce76964 4e2e42c7bc15b463 8e1f98b13b204428 5632a803afa973eb
                          de0ff244877ea60a 4cb0432ce577c31b eb009c5c2c49aa2e 4eadb217ad8cc09b"),
        ];
        for (name, compress) in backends() {
            for (message, expected) in &cases {
                assert_eq!(
                    digest_with(compress, message).to_vec(),
                    unhex(expected),
                    "{name}, {} bytes",
                    message.len()
                );
            }
        }
        assert_eq!(Sha512::digest(b"abc").to_vec(), unhex(cases[0].1));
    }

    #[test]
    fn rfc_4231_vectors() {
        let long_key = vec![0xaa; 131];
        let cases: [(Vec<u8>, Vec<u8>, &str); 7] = [
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde
                 daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554
                 9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
            ),
            (
                vec![0xaa; 20],
                vec![0xdd; 50],
                "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39
                 bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
            ),
            (
                (1..=25).collect(),
                vec![0xcd; 50],
                "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db
                 a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
            ),
            (
                vec![0x0c; 20],
                b"Test With Truncation".to_vec(),
                // RFC 4231 prints only the first 128 bits of this one.
                "415fad6271580a531d4179bc891d87a6",
            ),
            (
                long_key.clone(),
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352
                 6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
            ),
            (
                long_key,
                b"This is a test using a larger than block-size key and a larger than \
                  block-size data. The key needs to be hashed before being used by the \
                  HMAC algorithm."
                    .to_vec(),
                "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944
                 b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
            ),
        ];
        for (name, compress) in backends() {
            for (i, (key, data, expected)) in cases.iter().enumerate() {
                let expected = unhex(expected);
                let mac = hmac_with(compress, key, data);
                assert_eq!(
                    mac[..expected.len()],
                    expected[..],
                    "{name}, case {}",
                    i + 1
                );
            }
        }
        let (key, data, expected) = &cases[1];
        assert_eq!(HmacSha512::new(key).mac(data).to_vec(), unhex(expected));
    }

    /// Lengths 0..=1100 and some longer ones, fed whole and in up to three pieces at
    /// random split points, against ring.
    #[test]
    fn agrees_with_ring_at_every_length() {
        let mut rng = fastrand::Rng::with_seed(0x5eed_5a12);
        let mut lengths: Vec<usize> = (0..=1100).collect();
        lengths.extend((0..40).map(|_| rng.usize(1101..200_000)));
        let data: Vec<u8> = (0..200_000).map(|_| rng.u8(..)).collect();
        for (name, compress) in backends() {
            for &len in &lengths {
                let message = &data[..len];
                let expected = digest::digest(&digest::SHA512, message);
                assert_eq!(
                    digest_with(compress, message)[..],
                    *expected.as_ref(),
                    "{name}, {len} bytes"
                );

                let mut cut = [rng.usize(..=len), rng.usize(..=len)];
                cut.sort();
                let mut hash = Sha512::new();
                for piece in [
                    &message[..cut[0]],
                    &message[cut[0]..cut[1]],
                    &message[cut[1]..],
                ] {
                    hash.update_with(compress, piece);
                }
                assert_eq!(
                    hash.finalize_with(compress)[..],
                    *expected.as_ref(),
                    "{name}, {len} bytes cut at {cut:?}"
                );

                let key = &data[len / 2..len / 2 + rng.usize(0..300)];
                let expected = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA512, key), message);
                let mut mac = HmacSha512::new_with(compress, key);
                for piece in [
                    &message[..cut[0]],
                    &message[cut[0]..cut[1]],
                    &message[cut[1]..],
                ] {
                    mac.inner.update_with(compress, piece);
                }
                assert_eq!(
                    mac.finalize_with(compress)[..],
                    *expected.as_ref(),
                    "{name}, HMAC of {len} bytes with a {}-byte key",
                    key.len()
                );
            }
        }
    }

    #[test]
    fn public_api_agrees_with_ring() {
        let key = b"whsec_example_secret";
        let ring_key = hmac::Key::new(hmac::HMAC_SHA512, key);
        let ours = HmacSha512::new(key);
        for len in [0, 1, 127, 128, 129, 300, 65_536] {
            let body: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let expected = hmac::sign(&ring_key, &body);
            assert_eq!(ours.mac(&body)[..], *expected.as_ref(), "{len} bytes");
            let mut streaming = ours.clone();
            for chunk in body.chunks(100) {
                streaming.update(chunk);
            }
            assert_eq!(streaming.finalize()[..], *expected.as_ref(), "{len} bytes");
        }
    }
}
