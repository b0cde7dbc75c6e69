package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.payload.RowDoc;
import io.drift.version.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One page of a scroll: the live points that meet a filter, in order of their ids (unsigned) or,
 * in a string-keyed collection, of their keys (UTF-8 bytes, unsigned), from an offset on. Each page
 * reads one Version; the order makes paging stable while writes go on: a point that lives from the
 * first page to the last is returned exactly once, wherever its row moves meanwhile.
 */
public final class Scroll {

    /**
     * A page: its points, and where the next page starts (the name of the point after the last,
     * null when there is none).
     */
    public record Page(List<StoredPoint> points, Name next) {}

    /** A point's place in the order: its id, or its key. */
    public record Name(long id, byte[] key) {
        static final Comparator<Name> ORDER = (a, b) -> a.key != null
                ? Arrays.compareUnsigned(a.key, b.key) : Long.compareUnsigned(a.id, b.id);
    }

    private record Candidate(Name name, long id, Filtering.DocReader doc, Filtering.VectorReader vector) {}

    private Scroll() {}

    /**
     * The first {@code limit} live points of {@code v} meeting {@code filter} (null: all) whose name
     * is {@code from} or after (null: from the first), with vectors when {@code withVector}.
     */
    static Page page(Filtering filtering, Version v, Condition filter, int limit, Name from, boolean keyed,
                     boolean withVector) throws IOException {
        Comparator<Candidate> order = Comparator.comparing(Candidate::name, Name.ORDER);
        PriorityQueue<Candidate> best = new PriorityQueue<>(order.reversed()); // the largest on top
        filtering.forEachLive(v, filter, (id, doc, vector) -> {
            Name name = new Name(id, keyed ? RowDoc.key(doc.read()) : null); // ids order without reading rows
            if (from != null && Name.ORDER.compare(name, from) < 0) {
                return;
            }
            if (best.size() <= limit) {
                best.add(new Candidate(name, id, doc, vector));
            } else if (Name.ORDER.compare(name, best.peek().name()) < 0) {
                best.poll();
                best.add(new Candidate(name, id, doc, vector));
            }
        });
        List<Candidate> sorted = new ArrayList<>(best);
        sorted.sort(order);
        Name next = sorted.size() > limit ? sorted.get(limit).name() : null;
        List<StoredPoint> points = new ArrayList<>(Math.min(limit, sorted.size()));
        for (Candidate c : sorted.subList(0, Math.min(limit, sorted.size()))) {
            points.add(new StoredPoint(c.id(), withVector ? c.vector().read() : null, c.doc().read()));
        }
        return new Page(points, next);
    }
}
