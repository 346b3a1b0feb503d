//! How a table of columns fits a width (issue 26): by shortening and
//! dropping, never by breaking alignment. Each column has a natural width
//! (its widest cell), a minimum it may be shortened to, and a priority;
//! the identifying column (a path, a host, a database) is the flexible
//! one, kept at least `flex_min` wide and given whatever is left. When the
//! columns do not fit: the others are shortened to their minimums (lowest
//! priority first), then the flexible column gives way down to its own,
//! then the column of lowest priority is dropped, and again, until the row
//! fits. A pure function of
//! numbers, so it is property-tested.

/// What the identifying column keeps before any other column is
/// shortened.
const COMFORTABLE: usize = 40;

/// The widths a table is laid out with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The width of every column; `None` for a column dropped.
    pub widths: Vec<Option<usize>>,
}

impl Plan {
    /// The columns dropped, by index.
    pub fn dropped(&self) -> Vec<usize> {
        (0..self.widths.len())
            .filter(|&i| self.widths[i].is_none())
            .collect()
    }
}

/// One column's measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// Its widest cell, header included.
    pub natural: usize,
    /// The narrowest it may be shortened to (its natural width where it
    /// cannot be shortened: numbers).
    pub min: usize,
    /// Higher is kept longer.
    pub priority: u8,
}

/// Lays out `cols` in `width` display columns, `chrome(n)` being what `n`
/// columns' separators take; `flex` is the identifying column, which keeps
/// at least `flex_min` (or its natural width, if less) and is never
/// dropped.
pub fn plan(
    cols: &[Measure],
    flex: Option<usize>,
    flex_min: usize,
    width: usize,
    chrome: &dyn Fn(usize) -> usize,
) -> Plan {
    let mut keep: Vec<bool> = vec![true; cols.len()];
    loop {
        let shown: Vec<usize> = (0..cols.len()).filter(|&i| keep[i]).collect();
        let room = width.saturating_sub(chrome(shown.len()));
        if let Some(w) = fit(cols, &shown, flex, flex_min, room) {
            let mut widths = vec![None; cols.len()];
            for (i, w) in shown.iter().zip(w) {
                widths[*i] = Some(w);
            }
            return Plan { widths };
        }
        // Drop the lowest priority (the rightmost among equals), never the
        // identifying column; with nothing left to drop, the flexible
        // column takes what there is.
        let victim = shown
            .iter()
            .copied()
            .filter(|&i| Some(i) != flex)
            .min_by_key(|&i| (cols[i].priority, std::cmp::Reverse(i)));
        match victim {
            Some(v) => keep[v] = false,
            None => {
                let mut widths = vec![None; cols.len()];
                for &i in &shown {
                    widths[i] = Some(room.min(cols[i].natural).max(1));
                }
                return Plan { widths };
            }
        }
    }
}

/// The widths of `shown` within `room`, or `None` if even their minimums
/// do not fit.
fn fit(
    cols: &[Measure],
    shown: &[usize],
    flex: Option<usize>,
    flex_min: usize,
    room: usize,
) -> Option<Vec<usize>> {
    let flex_floor = |i: usize| cols[i].natural.min(flex_min.max(cols[i].min));
    let mut w: Vec<usize> = shown.iter().map(|&i| cols[i].natural).collect();
    let total = |w: &[usize]| w.iter().sum::<usize>();
    if total(&w) <= room {
        return Some(w);
    }
    let fpos = flex.and_then(|f| shown.iter().position(|&i| i == f));
    // 0. A long identifying column gives way down to a comfortable width
    // first (a label cut to a stub says less than a path cut to 40).
    if let Some(p) = fpos {
        let comfortable = COMFORTABLE.max(flex_floor(shown[p]));
        let over = total(&w) - room;
        let give = w[p].saturating_sub(comfortable);
        w[p] -= over.min(give);
        if total(&w) <= room {
            return Some(w);
        }
    }
    // 1. The others are shortened to their minimums, lowest priority
    // first: the identifying column is the one that says *which* row.
    let mut order: Vec<usize> = (0..shown.len()).filter(|&p| Some(p) != fpos).collect();
    order.sort_by_key(|&p| (cols[shown[p]].priority, std::cmp::Reverse(p)));
    for p in order {
        let over = total(&w) - room;
        let give = w[p] - cols[shown[p]].min.max(1).min(w[p]);
        w[p] -= over.min(give);
        if total(&w) <= room {
            return Some(w);
        }
    }
    // 2. Then the identifying column gives way, down to its minimum.
    if let Some(p) = fpos {
        let over = total(&w) - room;
        let give = w[p] - flex_floor(shown[p]);
        w[p] -= over.min(give);
        if total(&w) <= room {
            return Some(w);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(natural: usize, min: usize, priority: u8) -> Measure {
        Measure {
            natural,
            min,
            priority,
        }
    }

    #[test]
    fn issue_26_shortens_then_drops_the_lowest_priority() {
        let chrome = |n: usize| 2 * n.saturating_sub(1);
        let cols = [m(9, 9, 9), m(30, 10, 3), m(7, 7, 5), m(60, 20, 0)];
        // Everything fits at 120.
        let p = plan(&cols, Some(3), 20, 120, &chrome);
        assert_eq!(p.widths, vec![Some(9), Some(30), Some(7), Some(60)]);
        // At 100: the path gives way to 40 first, then the label.
        let p = plan(&cols, Some(3), 20, 100, &chrome);
        assert_eq!(p.widths, vec![Some(9), Some(30), Some(7), Some(48)]);
        // At 80: the path at 40, the label shortened.
        let p = plan(&cols, Some(3), 20, 80, &chrome);
        assert_eq!(p.widths, vec![Some(9), Some(18), Some(7), Some(40)]);
        // At 60: the label at its minimum, then the path gives way.
        let p = plan(&cols, Some(3), 20, 60, &chrome);
        assert_eq!(p.widths, vec![Some(9), Some(10), Some(7), Some(28)]);
        // At 40: the lowest priority column goes.
        let p = plan(&cols, Some(3), 20, 40, &chrome);
        assert_eq!(p.dropped(), vec![1]);
    }

    proptest! {
        /// Whatever the measures, a plan fits the width (when its minimums
        /// can), keeps the identifying column, and gives no column more
        /// than its natural width or less than 1.
        #[test]
        fn plans_fit(
            raw in proptest::collection::vec((1usize..80, 0usize..40, 0u8..10), 1..8),
            width in 20usize..200,
            flex_pick in 0usize..8,
        ) {
            let cols: Vec<Measure> = raw.iter().map(|&(n, mn, p)| m(n, mn.min(n), p)).collect();
            let f = flex_pick % cols.len();
            let chrome = |n: usize| 2 * n.saturating_sub(1);
            let p = plan(&cols, Some(f), 12, width, &chrome);
            prop_assert!(p.widths[f].is_some());
            let shown: Vec<usize> = p.widths.iter().flatten().copied().collect();
            for (i, w) in p.widths.iter().enumerate() {
                if let Some(w) = w {
                    prop_assert!(*w >= 1 && *w <= cols[i].natural);
                }
            }
            let used = shown.iter().sum::<usize>() + chrome(shown.len());
            let alone = shown.len() == 1;
            prop_assert!(used <= width || alone, "{used} > {width}: {p:?}");
        }
    }
}
