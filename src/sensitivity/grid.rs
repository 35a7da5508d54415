//! Full factorial (grid) designs.
//!
//! [`full_factorial`] forms the Cartesian product of per-parameter value
//! lists in a fixed order: the first parameter varies slowest and the last
//! fastest (row-major, like nested `for` loops, `itertools::iproduct!`, or
//! R's `expand.grid` with the columns reversed). [`GridDesign`] is the same
//! product over unit-cube coordinates, for use as a [`super::Design`].

use serde::{Deserialize, Serialize};

/// All combinations of one value from each list, first list slowest.
///
/// With lists `[[a, b], [x, y, z]]` the result is
/// `[a,x], [a,y], [a,z], [b,x], [b,y], [b,z]`. The number of points is the
/// product of the list lengths: an empty list gives no points, and no lists
/// at all give one empty point (the product of nothing).
pub fn full_factorial<T: Clone>(lists: &[Vec<T>]) -> Vec<Vec<T>> {
    let total = lists
        .iter()
        .try_fold(1usize, |acc, l| acc.checked_mul(l.len()));
    let Some(total) = total else {
        // More combinations than addressable memory: nothing sensible to return.
        return Vec::new();
    };
    let mut out = Vec::with_capacity(total);
    let mut idx = vec![0usize; lists.len()];
    for _ in 0..total {
        out.push(lists.iter().zip(&idx).map(|(l, &i)| l[i].clone()).collect());
        // Odometer increment, last position fastest.
        for (pos, list) in lists.iter().enumerate().rev() {
            idx[pos] += 1;
            if idx[pos] < list.len() {
                break;
            }
            idx[pos] = 0;
        }
    }
    out
}

/// A full factorial design over unit-cube coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridDesign {
    /// For each parameter, its values in `[0, 1]` (map them with a
    /// [`super::Range`]).
    pub values: Vec<Vec<f64>>,
}

impl GridDesign {
    /// A grid over explicit unit-cube values per parameter.
    pub fn new(values: Vec<Vec<f64>>) -> Self {
        Self { values }
    }

    /// A grid with `levels[i]` equally spaced values for parameter `i`,
    /// `k/(L-1)` for `k = 0..L` (both ends included); one level is the
    /// midpoint `0.5`, zero levels give an empty design.
    pub fn uniform_levels(levels: &[usize]) -> Self {
        let values = levels
            .iter()
            .map(|&l| match l {
                0 => Vec::new(),
                1 => vec![0.5],
                _ => (0..l).map(|k| k as f64 / (l - 1) as f64).collect(),
            })
            .collect();
        Self { values }
    }

    /// Number of parameters.
    pub fn dims(&self) -> usize {
        self.values.len()
    }

    /// Number of points: the product of the list lengths (saturating).
    pub fn n_points(&self) -> usize {
        self.values
            .iter()
            .fold(1usize, |acc, l| acc.saturating_mul(l.len()))
    }

    /// The points, first parameter slowest (see [`full_factorial`]).
    pub fn points(&self) -> Vec<Vec<f64>> {
        full_factorial(&self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_first_slowest() {
        let p = full_factorial(&[vec!['a', 'b'], vec!['x', 'y', 'z']]);
        let s: Vec<String> = p.iter().map(|v| v.iter().collect()).collect();
        assert_eq!(s, ["ax", "ay", "az", "bx", "by", "bz"]);
        let three = full_factorial(&[vec![0, 1], vec![0, 1], vec![0, 1]]);
        assert_eq!(three.len(), 8);
        assert_eq!(three[1], vec![0, 0, 1]);
        assert_eq!(three[4], vec![1, 0, 0]);
    }

    #[test]
    fn edge_cases() {
        let none: Vec<Vec<i32>> = Vec::new();
        assert_eq!(full_factorial(&none), vec![Vec::<i32>::new()]);
        assert!(full_factorial(&[vec![1], vec![]]).is_empty());
        let g = GridDesign::uniform_levels(&[3, 1, 2]);
        assert_eq!(g.n_points(), 6);
        let pts = g.points();
        assert_eq!(pts[0], vec![0.0, 0.5, 0.0]);
        assert_eq!(pts[5], vec![1.0, 0.5, 1.0]);
        assert_eq!(pts[2], vec![0.5, 0.5, 0.0]);
        assert_eq!(GridDesign::uniform_levels(&[0, 3]).points().len(), 0);
    }
}
