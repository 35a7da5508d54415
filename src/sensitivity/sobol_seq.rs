//! The Sobol' low-discrepancy sequence in base 2 (Sobol' 1967), with the
//! direction numbers of Joe & Kuo (2008).
//!
//! Source of the direction numbers: S. Joe and F. Y. Kuo, *Constructing Sobol
//! sequences with better two-dimensional projections*, SIAM J. Sci. Comput.
//! 30 (2008) 2635–2654, file `new-joe-kuo-6.21201` as published by the
//! authors (the table SALib's `directions.py` and SciPy also use). The
//! first 63 rows of that file (dimensions 2 to 64, so [`MAX_DIMS`] = 64) are
//! embedded below as `(s, a, [m_1..m_s])`: the degree `s` of the primitive
//! polynomial, its inner coefficients `a` as a bit string, and the initial
//! direction numbers. Dimension 1 has all `m_k = 1` (the van der Corput
//! sequence). The rows were cross-checked against two independent copies of
//! the table, and a unit test checks that every polynomial is primitive and
//! every `m_k` odd and below `2^k`.
//!
//! Generation follows Bratley & Fox (1988, algorithm 659) as revised by Joe &
//! Kuo (2003) and exactly as SALib's `sobol_sequence.sample`: 31-bit direction
//! integers `V_k = m_k · 2^(31-k)`, the recurrence
//! `V_k = V_{k-s} ⊕ (V_{k-s} >> s) ⊕ ⨁_{j=1}^{s-1} a_j V_{k-j}`, and the
//! Antonov–Saleev Gray-code update `X_i = X_{i-1} ⊕ V_{c}` with `c` the
//! position of the lowest zero bit of `i - 1`; the point is `X_i / 2^31`.
//! Point `i` (0-based) is therefore `⨁_{bits b of gray(i)} V_{b+1} / 2^31`,
//! and index 0 is the all-zeros point.
//!
//! **Skipping:** [`SobolSeq::new`] starts at index 1, i.e. it skips the
//! all-zeros point, so its first points in dimensions 1–2 are `(0.5, 0.5)`,
//! `(0.75, 0.25)`, `(0.25, 0.75)`. SALib's `sobol_sequence.sample(N, D)`
//! returns the zero point as its row 0 followed by exactly these points, so
//! SALib's row `i` is this module's index `i`. [`sobol_points`] takes an
//! explicit start index for that correspondence. At most `2^31 - 1` points
//! (indices below `2^31`) exist with 31-bit direction numbers.

use super::SensitivityError;

/// Largest number of dimensions supported (1 + the embedded table rows).
pub const MAX_DIMS: usize = 64;

/// Bits of the direction integers (as SALib: points are multiples of 2^-31).
const BITS: usize = 31;

/// One past the largest point index with 31-bit direction numbers.
pub const MAX_INDEX: u64 = 1 << BITS;

/// Joe & Kuo `new-joe-kuo-6.21201`, dimensions 2..=64: `(s, a, m_1..m_s)`.
#[rustfmt::skip]
const JOE_KUO: [(u32, u32, &[u32]); MAX_DIMS - 1] = [
    (1, 0, &[1]), // dim 2
    (2, 1, &[1, 3]), // dim 3
    (3, 1, &[1, 3, 1]), // dim 4
    (3, 2, &[1, 1, 1]), // dim 5
    (4, 1, &[1, 1, 3, 3]), // dim 6
    (4, 4, &[1, 3, 5, 13]), // dim 7
    (5, 2, &[1, 1, 5, 5, 17]), // dim 8
    (5, 4, &[1, 1, 5, 5, 5]), // dim 9
    (5, 7, &[1, 1, 7, 11, 19]), // dim 10
    (5, 11, &[1, 1, 5, 1, 1]), // dim 11
    (5, 13, &[1, 1, 1, 3, 11]), // dim 12
    (5, 14, &[1, 3, 5, 5, 31]), // dim 13
    (6, 1, &[1, 3, 3, 9, 7, 49]), // dim 14
    (6, 13, &[1, 1, 1, 15, 21, 21]), // dim 15
    (6, 16, &[1, 3, 1, 13, 27, 49]), // dim 16
    (6, 19, &[1, 1, 1, 15, 7, 5]), // dim 17
    (6, 22, &[1, 3, 1, 15, 13, 25]), // dim 18
    (6, 25, &[1, 1, 5, 5, 19, 61]), // dim 19
    (7, 1, &[1, 3, 7, 11, 23, 15, 103]), // dim 20
    (7, 4, &[1, 3, 7, 13, 13, 15, 69]), // dim 21
    (7, 7, &[1, 1, 3, 13, 7, 35, 63]), // dim 22
    (7, 8, &[1, 3, 5, 9, 1, 25, 53]), // dim 23
    (7, 14, &[1, 3, 1, 13, 9, 35, 107]), // dim 24
    (7, 19, &[1, 3, 1, 5, 27, 61, 31]), // dim 25
    (7, 21, &[1, 1, 5, 11, 19, 41, 61]), // dim 26
    (7, 28, &[1, 3, 5, 3, 3, 13, 69]), // dim 27
    (7, 31, &[1, 1, 7, 13, 1, 19, 1]), // dim 28
    (7, 32, &[1, 3, 7, 5, 13, 19, 59]), // dim 29
    (7, 37, &[1, 1, 3, 9, 25, 29, 41]), // dim 30
    (7, 41, &[1, 3, 5, 13, 23, 1, 55]), // dim 31
    (7, 42, &[1, 3, 7, 3, 13, 59, 17]), // dim 32
    (7, 50, &[1, 3, 1, 3, 5, 53, 69]), // dim 33
    (7, 55, &[1, 1, 5, 5, 23, 33, 13]), // dim 34
    (7, 56, &[1, 1, 7, 7, 1, 61, 123]), // dim 35
    (7, 59, &[1, 1, 7, 9, 13, 61, 49]), // dim 36
    (7, 62, &[1, 3, 3, 5, 3, 55, 33]), // dim 37
    (8, 14, &[1, 3, 1, 15, 31, 13, 49, 245]), // dim 38
    (8, 21, &[1, 3, 5, 15, 31, 59, 63, 97]), // dim 39
    (8, 22, &[1, 3, 1, 11, 11, 11, 77, 249]), // dim 40
    (8, 38, &[1, 3, 1, 11, 27, 43, 71, 9]), // dim 41
    (8, 47, &[1, 1, 7, 15, 21, 11, 81, 45]), // dim 42
    (8, 49, &[1, 3, 7, 3, 25, 31, 65, 79]), // dim 43
    (8, 50, &[1, 3, 1, 1, 19, 11, 3, 205]), // dim 44
    (8, 52, &[1, 1, 5, 9, 19, 21, 29, 157]), // dim 45
    (8, 56, &[1, 3, 7, 11, 1, 33, 89, 185]), // dim 46
    (8, 67, &[1, 3, 3, 3, 15, 9, 79, 71]), // dim 47
    (8, 70, &[1, 3, 7, 11, 15, 39, 119, 27]), // dim 48
    (8, 84, &[1, 1, 3, 1, 11, 31, 97, 225]), // dim 49
    (8, 97, &[1, 1, 1, 3, 23, 43, 57, 177]), // dim 50
    (8, 103, &[1, 3, 7, 7, 17, 17, 37, 71]), // dim 51
    (8, 115, &[1, 3, 1, 5, 27, 63, 123, 213]), // dim 52
    (8, 122, &[1, 1, 3, 5, 11, 43, 53, 133]), // dim 53
    (9, 8, &[1, 3, 5, 5, 29, 17, 47, 173, 479]), // dim 54
    (9, 13, &[1, 3, 3, 11, 3, 1, 109, 9, 69]), // dim 55
    (9, 16, &[1, 1, 1, 5, 17, 39, 23, 5, 343]), // dim 56
    (9, 22, &[1, 3, 1, 5, 25, 15, 31, 103, 499]), // dim 57
    (9, 25, &[1, 1, 1, 11, 11, 17, 63, 105, 183]), // dim 58
    (9, 44, &[1, 1, 5, 11, 9, 29, 97, 231, 363]), // dim 59
    (9, 47, &[1, 1, 5, 15, 19, 45, 41, 7, 383]), // dim 60
    (9, 52, &[1, 3, 7, 7, 31, 19, 83, 137, 221]), // dim 61
    (9, 55, &[1, 1, 1, 3, 23, 15, 111, 223, 83]), // dim 62
    (9, 59, &[1, 1, 5, 13, 31, 15, 55, 25, 161]), // dim 63
    (9, 62, &[1, 1, 3, 13, 25, 47, 39, 87, 257]), // dim 64
];

/// Direction integers `V_1..V_31` of dimension `dim` (0-based), stored at
/// positions `0..31`.
fn direction_integers(dim: usize) -> [u32; BITS] {
    let mut v = [0u32; BITS];
    if dim == 0 {
        for (k, vk) in v.iter_mut().enumerate() {
            *vk = 1 << (BITS - 1 - k);
        }
        return v;
    }
    let (s, a, m) = JOE_KUO[dim - 1];
    let s = s as usize;
    for k in 0..s.min(BITS) {
        v[k] = m[k] << (BITS - 1 - k);
    }
    for k in s..BITS {
        let mut x = v[k - s] ^ (v[k - s] >> s);
        for j in 1..s {
            if (a >> (s - 1 - j)) & 1 == 1 {
                x ^= v[k - j];
            }
        }
        v[k] = x;
    }
    v
}

const SCALE: f64 = 1.0 / (1u64 << BITS) as f64;

/// A Sobol' sequence generator in `dims` dimensions.
///
/// Iterating yields points in index order starting from index 1 (the
/// all-zeros point 0 is skipped; see the module documentation), each a
/// `Vec<f64>` in `[0, 1)`. [`SobolSeq::seek`] and [`SobolSeq::point_at`] give
/// random access.
#[derive(Clone, Debug)]
pub struct SobolSeq {
    dirs: Vec<[u32; BITS]>,
    /// Direction-integer state of point `next`.
    state: Vec<u32>,
    /// Index of the point the next call returns.
    next: u64,
}

impl SobolSeq {
    /// A generator positioned so that the next point is index 1.
    /// Fails for `dims == 0` or `dims > MAX_DIMS`.
    pub fn new(dims: usize) -> Result<Self, SensitivityError> {
        if dims == 0 {
            return Err(SensitivityError::InvalidArgument(
                "a Sobol' sequence needs at least one dimension".into(),
            ));
        }
        if dims > MAX_DIMS {
            return Err(SensitivityError::TooManyDims {
                requested: dims,
                max: MAX_DIMS,
            });
        }
        let mut seq = Self {
            dirs: (0..dims).map(direction_integers).collect(),
            state: Vec::new(),
            next: 0,
        };
        seq.seek(1);
        Ok(seq)
    }

    /// Number of dimensions.
    pub fn dims(&self) -> usize {
        self.dirs.len()
    }

    fn integers_at(&self, index: u64) -> Vec<u32> {
        let gray = index ^ (index >> 1);
        self.dirs
            .iter()
            .map(|v| {
                let mut x = 0u32;
                for (b, vb) in v.iter().enumerate() {
                    if (gray >> b) & 1 == 1 {
                        x ^= vb;
                    }
                }
                x
            })
            .collect()
    }

    /// Positions the generator so that the next point returned is `index`
    /// (`index == 0` is the all-zeros point). An index at or beyond
    /// [`MAX_INDEX`] leaves the generator exhausted.
    pub fn seek(&mut self, index: u64) {
        self.next = index.min(MAX_INDEX);
        self.state = if index < MAX_INDEX {
            self.integers_at(index)
        } else {
            vec![0; self.dims()]
        };
    }

    /// The point with the given index (0 is the all-zeros point), or `None`
    /// if `index >= MAX_INDEX`.
    pub fn point_at(&self, index: u64) -> Option<Vec<f64>> {
        if index >= MAX_INDEX {
            return None;
        }
        Some(
            self.integers_at(index)
                .into_iter()
                .map(|x| x as f64 * SCALE)
                .collect(),
        )
    }

    /// The next point in index order, or `None` once index `2^31 - 1` has
    /// been returned.
    pub fn next_point(&mut self) -> Option<Vec<f64>> {
        if self.next >= MAX_INDEX {
            return None;
        }
        let out = self.state.iter().map(|&x| x as f64 * SCALE).collect();
        // Gray-code step: the lowest zero bit of the current index selects
        // the direction integer to fold in.
        let c = self.next.trailing_ones() as usize;
        if c < BITS {
            for (x, v) in self.state.iter_mut().zip(&self.dirs) {
                *x ^= v[c];
            }
        }
        self.next += 1;
        Some(out)
    }
}

impl Iterator for SobolSeq {
    type Item = Vec<f64>;

    fn next(&mut self) -> Option<Vec<f64>> {
        self.next_point()
    }
}

/// `n` consecutive Sobol' points in `dims` dimensions, indices
/// `start..start + n` (index 0 is the all-zeros point, so `start = 1` skips
/// it; SALib's `sobol_sequence.sample(N, D)[start:start + n]` is the same
/// matrix). Fails if `dims` is out of range or the indices would pass
/// [`MAX_INDEX`].
pub fn sobol_points(n: usize, dims: usize, start: u64) -> Result<Vec<Vec<f64>>, SensitivityError> {
    let mut seq = SobolSeq::new(dims)?;
    let end = start.checked_add(n as u64);
    if end.is_none_or(|e| e > MAX_INDEX) {
        return Err(SensitivityError::InvalidArgument(format!(
            "Sobol' indices {start}..{start}+{n} exceed the 2^31 points available"
        )));
    }
    seq.seek(start);
    Ok(seq.by_ref().take(n).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_points_match_known_values() {
        let mut s = SobolSeq::new(2).unwrap();
        assert_eq!(s.next_point().unwrap(), vec![0.5, 0.5]);
        assert_eq!(s.next_point().unwrap(), vec![0.75, 0.25]);
        assert_eq!(s.next_point().unwrap(), vec![0.25, 0.75]);
        assert_eq!(s.next_point().unwrap(), vec![0.375, 0.375]);
        assert_eq!(s.next_point().unwrap(), vec![0.875, 0.875]);
        // Dimension 3 (s = 2, a = 1, m = 1, 3): 0.5, 0.25, 0.75.
        let p = sobol_points(3, 3, 1).unwrap();
        assert_eq!(p[0][2], 0.5);
        assert_eq!(p[1][2], 0.25);
        assert_eq!(p[2][2], 0.75);
    }

    #[test]
    fn random_access_matches_iteration() {
        let mut s = SobolSeq::new(MAX_DIMS).unwrap();
        let first: Vec<Vec<f64>> = s.by_ref().take(300).collect();
        for (i, p) in first.iter().enumerate() {
            assert_eq!(&s.point_at(i as u64 + 1).unwrap(), p);
        }
        let mut t = SobolSeq::new(5).unwrap();
        t.seek(0);
        assert_eq!(t.next_point().unwrap(), vec![0.0; 5]);
        assert_eq!(t.next_point().unwrap(), vec![0.5; 5]);
        t.seek(100);
        assert_eq!(t.next_point(), t.point_at(100));
        assert_eq!(
            sobol_points(10, 4, 37).unwrap()[0],
            SobolSeq::new(4).unwrap().point_at(37).unwrap()
        );
        assert!(t.point_at(MAX_INDEX).is_none());
        let mut end = SobolSeq::new(2).unwrap();
        end.seek(MAX_INDEX - 1);
        assert!(end.next_point().is_some());
        assert!(end.next_point().is_none());
        assert!(sobol_points(2, 2, MAX_INDEX - 1).is_err());
        assert!(SobolSeq::new(MAX_DIMS + 1).is_err());
        assert!(SobolSeq::new(0).is_err());
    }

    #[test]
    fn table_is_well_formed() {
        // Primitive polynomials x^s + a_1 x^{s-1} + ... + a_{s-1} x + 1 over
        // GF(2): the multiplicative order of x must be 2^s - 1.
        let mut seen = std::collections::HashSet::new();
        for (row, &(s, a, m)) in JOE_KUO.iter().enumerate() {
            assert_eq!(m.len(), s as usize, "row {row}");
            assert!(seen.insert((s, a)), "duplicate polynomial in row {row}");
            for (k, &mk) in m.iter().enumerate() {
                assert!(mk % 2 == 1 && mk < (1 << (k + 1)), "row {row} m_{}", k + 1);
            }
            let poly = (1u32 << s) | (a << 1) | 1;
            let mut x = 1u32;
            let mut order = 0;
            for k in 1..=(1u32 << s) {
                x <<= 1;
                if (x >> s) & 1 == 1 {
                    x ^= poly;
                }
                if x == 1 {
                    order = k;
                    break;
                }
            }
            assert_eq!(
                order,
                (1 << s) - 1,
                "row {row} (s = {s}, a = {a}) not primitive"
            );
        }
    }

    #[test]
    fn stratification_properties() {
        // Points 0..2^m in every dimension are the 2^m values k/2^m.
        let m = 10;
        let pts = sobol_points(1 << m, MAX_DIMS, 0).unwrap();
        for j in 0..MAX_DIMS {
            let mut seen = vec![false; 1 << m];
            for p in &pts {
                let k = (p[j] * (1u32 << m) as f64) as usize;
                assert_eq!(k as f64, p[j] * (1u32 << m) as f64);
                assert!(!seen[k]);
                seen[k] = true;
            }
        }
        // Dimensions 1–2 form a (0, m, 2)-net: every elementary interval of
        // area 2^-m holds exactly one point.
        for a in 0..=m {
            let b = m - a;
            let mut seen = vec![false; 1 << m];
            for p in &pts {
                let i = (p[0] * (1u32 << a) as f64) as usize;
                let k = (p[1] * (1u32 << b) as f64) as usize;
                let cell = (i << b) | k;
                assert!(!seen[cell]);
                seen[cell] = true;
            }
        }
    }
}
