//! The squarified treemap layout of Bruls, Huizing and van Wijk
//! ("Squarified Treemaps", 2000): children, largest first, are laid in
//! rows along the shorter side of what is left of the rectangle; a child
//! joins the current row while that does not make the row's worst aspect
//! ratio worse, else the row is closed and the rest of the rectangle
//! takes the next row.
//!
//! Written here rather than taken from a crate: it is forty lines, the
//! page needs exactly this one step (one level of children in one
//! rectangle, areas exact up to float rounding), and the crates that offer
//! it (`treemap`, `streemap`) bring their own rectangle and item types and
//! are small single-author projects; the property tests below hold ours to
//! what the issue asks (areas proportional, no overlap, inside the parent,
//! aspect ratios no worse than slice-and-dice).

/// A rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Width over height or height over width, whichever is ≥ 1.
    pub fn aspect(&self) -> f64 {
        let (a, b) = (self.w.max(self.h), self.w.min(self.h));
        if b <= 0.0 {
            f64::INFINITY
        } else {
            a / b
        }
    }
}

/// The worst aspect ratio of a row of `areas` (summing to `sum`, largest
/// `max`, smallest `min`) laid along a side of length `side`.
fn worst(sum: f64, max: f64, min: f64, side: f64) -> f64 {
    let (s2, w2) = (sum * sum, side * side);
    (w2 * max / s2).max(s2 / (w2 * min))
}

impl Rect {
    /// The same rectangle with x and y (and width and height) swapped.
    fn transposed(self) -> Rect {
        Rect {
            x: self.y,
            y: self.x,
            w: self.h,
            h: self.w,
        }
    }
}

/// Lays `row` (areas) along the shorter side of `r`, returns their
/// rectangles and what is left of `r`: a column at the left of a wide
/// rectangle; for a tall one the same column laid in the transposed
/// rectangle, transposed back (a row at the top).
fn lay_row(row: &[f64], r: Rect, out: &mut Vec<Rect>) -> Rect {
    let tall = r.w < r.h;
    let r = if tall { r.transposed() } else { r };
    let sum: f64 = row.iter().sum();
    let cw = if r.h > 0.0 { sum / r.h } else { 0.0 };
    let mut y = r.y;
    for a in row {
        let h = if cw > 0.0 { a / cw } else { 0.0 };
        let cell = Rect {
            x: r.x,
            y,
            w: cw,
            h,
        };
        out.push(if tall { cell.transposed() } else { cell });
        y += h;
    }
    let rest = Rect {
        x: r.x + cw,
        w: (r.w - cw).max(0.0),
        ..r
    };
    if tall {
        rest.transposed()
    } else {
        rest
    }
}

/// The rectangles of `values` (positive, largest first) inside `area`,
/// each with an area proportional to its value, in the same order.
pub fn squarify(values: &[f64], area: Rect) -> Vec<Rect> {
    let total: f64 = values.iter().sum();
    let mut out = Vec::with_capacity(values.len());
    if total <= 0.0 || area.w <= 0.0 || area.h <= 0.0 {
        out.resize(
            values.len(),
            Rect {
                w: 0.0,
                h: 0.0,
                ..area
            },
        );
        return out;
    }
    let scale = area.w * area.h / total;
    let areas: Vec<f64> = values.iter().map(|v| v * scale).collect();
    let mut rest = area;
    let mut start = 0;
    let (mut sum, mut max, mut min) = (0.0, 0.0f64, f64::INFINITY);
    for (i, &a) in areas.iter().enumerate() {
        let side = rest.w.min(rest.h);
        if i > start {
            let now = worst(sum, max, min, side);
            let next = worst(sum + a, max.max(a), min.min(a), side);
            if next > now {
                rest = lay_row(&areas[start..i], rest, &mut out);
                start = i;
                (sum, max, min) = (0.0, 0.0, f64::INFINITY);
            }
        }
        sum += a;
        max = max.max(a);
        min = min.min(a);
    }
    if start < areas.len() {
        lay_row(&areas[start..], rest, &mut out);
    }
    out
}

/// Slice-and-dice at one level: strips across the longer side (the
/// baseline the squarified layout must not be worse than).
pub fn slice(values: &[f64], area: Rect) -> Vec<Rect> {
    let total: f64 = values.iter().sum();
    let mut at = 0.0;
    values
        .iter()
        .map(|v| {
            let f = if total > 0.0 { v / total } else { 0.0 };
            let r = if area.w >= area.h {
                Rect {
                    x: area.x + at * area.w,
                    w: f * area.w,
                    ..area
                }
            } else {
                Rect {
                    y: area.y + at * area.h,
                    h: f * area.h,
                    ..area
                }
            };
            at += f;
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EPS: f64 = 1e-6;

    fn values() -> impl Strategy<Value = Vec<f64>> {
        prop::collection::vec(1u64..1_000_000_000, 1..60).prop_map(|mut v| {
            v.sort_unstable_by(|a, b| b.cmp(a));
            v.into_iter().map(|x| x as f64).collect()
        })
    }

    fn area() -> impl Strategy<Value = Rect> {
        (0.0..500.0f64, 0.0..500.0f64, 1.0..2000.0f64, 1.0..2000.0f64)
            .prop_map(|(x, y, w, h)| Rect { x, y, w, h })
    }

    proptest! {
        #[test]
        fn areas_are_proportional(v in values(), a in area()) {
            let rs = squarify(&v, a);
            let total: f64 = v.iter().sum();
            for (r, x) in rs.iter().zip(&v) {
                let want = x / total * a.w * a.h;
                prop_assert!((r.w * r.h - want).abs() <= want * 0.01 + EPS, "{r:?} {want}");
            }
        }

        #[test]
        fn inside_the_parent_and_no_overlap(v in values(), a in area()) {
            let rs = squarify(&v, a);
            let tol = 1e-6 * (a.w + a.h);
            for r in &rs {
                prop_assert!(r.x >= a.x - tol && r.y >= a.y - tol, "{r:?} in {a:?}");
                prop_assert!(r.x + r.w <= a.x + a.w + tol && r.y + r.h <= a.y + a.h + tol, "{r:?} in {a:?}");
            }
            for (i, p) in rs.iter().enumerate() {
                for q in &rs[i + 1..] {
                    let ox = (p.x + p.w).min(q.x + q.w) - p.x.max(q.x);
                    let oy = (p.y + p.h).min(q.y + q.h) - p.y.max(q.y);
                    prop_assert!(ox <= tol || oy <= tol, "{p:?} overlaps {q:?}");
                }
            }
        }

        #[test]
        fn no_worse_than_slice_and_dice(v in values(), a in area()) {
            let worst = |rs: &[Rect]| rs.iter().map(Rect::aspect).fold(1.0, f64::max);
            let (sq, sl) = (worst(&squarify(&v, a)), worst(&slice(&v, a)));
            prop_assert!(sq <= sl * (1.0 + 1e-9), "squarified {sq} vs slice {sl}");
        }
    }

    #[test]
    fn the_papers_example() {
        // Bruls et al., figure 4: 6, 6, 4, 3, 2, 2, 1 in a 6 × 4 rectangle.
        let v = [6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0];
        let rs = squarify(
            &v,
            Rect {
                x: 0.0,
                y: 0.0,
                w: 6.0,
                h: 4.0,
            },
        );
        assert_eq!((rs[0].w, rs[0].h), (3.0, 2.0));
        assert_eq!((rs[1].x, rs[1].y), (0.0, 2.0));
        let worst = rs.iter().map(Rect::aspect).fold(1.0, f64::max);
        assert!(worst < 3.0, "{worst}");
    }
}
