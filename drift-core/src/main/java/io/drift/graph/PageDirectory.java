package io.drift.graph;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * A directory of pages that never move once made, indexed without locks: the memtable graph's
 * per-node lists and its rows' codes live in such pages, made (in any order, by several threads)
 * as rows arrive. Making a page copies the directory and republishes it through a volatile field,
 * so a reader sees either the old directory or the new one, each whole; it doubles in length only
 * when the page is past its end.
 */
public final class PageDirectory<P> {

    private final IntFunction<P> make;
    private final ReentrantLock grow = new ReentrantLock();
    private volatile Object[] pages = new Object[0];

    /** {@code make} builds page {@code p}. */
    public PageDirectory(IntFunction<P> make) {
        this.make = make;
    }

    /** Page {@code p}, or null when it has not been made. */
    @SuppressWarnings("unchecked")
    public P get(int p) {
        Object[] dir = pages;
        return p < dir.length ? (P) dir[p] : null;
    }

    /** Page {@code p}, made first when missing. */
    public P getOrMake(int p) {
        P page = get(p);
        if (page != null) {
            return page;
        }
        grow.lock();
        try {
            Object[] dir = pages;
            if (p >= dir.length || dir[p] == null) {
                // a copy, published whole; doubled only when p is past the end (a page made inside
                // the directory must not double it: every page did, from the fourth on, and a
                // 100,000-row memtable ended with directories of 2^25 slots)
                Object[] grown = Arrays.copyOf(dir, p < dir.length ? dir.length : Math.max(p + 1, 2 * dir.length));
                grown[p] = make.apply(p);
                pages = grown;
            }
            return get(p);
        } finally {
            grow.unlock();
        }
    }

    /** Slots of the directory (made pages and empty ones); for tests. */
    public int slots() {
        return pages.length;
    }
}
