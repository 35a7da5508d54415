//! Mutual aid, gotong royong (C7; MODEL.md step 6). A household whose cash
//! falls below its subsistence floor asks each neighbour for an equal part of
//! the shortfall; a neighbour gives up to what it can spare this month
//! (`give_share * cohesion` of its cash above planned consumption and buffer).
//! Households ask in index order, so the result does not depend on threads.

use super::params::Params;
use super::village::Village;

/// Pass B.
pub fn share(v: &mut Village, _p: &Params) {
    let hh = &v.hh;
    let scratch = &mut v.scratch;
    let deg = hh.degree;
    if deg == 0 {
        return;
    }
    let mut given_total = 0.0;
    for i in 0..hh.len() {
        let gap = scratch.gap[i];
        if gap <= 0.0 {
            continue;
        }
        let ask = gap / deg as f32;
        let mut got = 0.0f64;
        for &j in hh.neighbours_of(i) {
            let j = j as usize;
            let give = ask.min(scratch.spare[j]).max(0.0) as i64 as f64;
            if give > 0.0 {
                scratch.spare[j] -= give as f32;
                scratch.m[j] -= give;
                got += give;
            }
        }
        scratch.m[i] += got;
        given_total += got;
    }
    if v.audit {
        v.ledger.aid_received += given_total;
        v.ledger.aid_given += given_total;
    }
}
