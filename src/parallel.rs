//! Independent work on a few threads, results in input order: the files of a run are read,
//! and its reports built, on every core, with output that does not depend on which thread
//! did what.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads a run uses: `KYODO_THREADS` when it is a positive number, else the cores
/// available, at most four (each thread holds a whole workbook in memory).
pub fn worker_threads() -> usize {
    std::env::var("KYODO_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .min(4)
        })
}

/// `f` of every item on up to `threads` threads (the items taken in order as threads come
/// free); the results in the order of `items`. One thread, or one item, runs on the caller's.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    for_each_in_order(items, threads, f, |r| out.push(r));
    out
}

/// Like [`map_in_order`], but each result is handed to `consume` (on the caller's thread, in
/// the order of `items`) as soon as those before it are, rather than all held to the end.
pub fn for_each_in_order<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R),
) {
    let workers = items.len().min(threads);
    if workers <= 1 {
        items.iter().map(f).for_each(consume);
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel::<(usize, R)>();
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let tx = tx.clone();
                let (next, f) = (&next, &f);
                s.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, f(item))).is_err() {
                        break;
                    }
                })
            })
            .collect();
        drop(tx);
        // Results that came before their turn wait here (at most one per other thread, give
        // or take the items they took meanwhile).
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut turn = 0;
        for (i, r) in rx {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&turn) {
                consume(r);
                turn += 1;
            }
        }
        for h in handles {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
}
