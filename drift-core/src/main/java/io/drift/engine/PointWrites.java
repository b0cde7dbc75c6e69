package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.payload.RowDoc;
import io.drift.vector.Distance;
import io.drift.wal.WalOp;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns a collection's write requests into log records: upserts of points (by id or by string key,
 * with payloads), deletes, and payload updates, which rewrite a point's row with its stored vector.
 * Everything a request carries is checked before anything is logged, so a bad point refuses the
 * whole request; what depends on stored rows (a key's id, the current payload) is resolved under
 * the write lock, in one {@link WritePath.Batch}.
 */
final class PointWrites {

    private final String name;
    private final int dim;
    private final Distance metric;
    private final CollectionSettings settings;
    private final WritePath writes;

    PointWrites(String name, int dim, Distance metric, CollectionSettings settings, WritePath writes) {
        this.name = name;
        this.dim = dim;
        this.metric = metric;
        this.settings = settings;
        this.writes = writes;
    }

    /** Inserts or replaces {@code points}, in order (a later one for the same id or key wins). */
    void upsert(List<PointWrite> points) throws IOException {
        checkBatch(points.size());
        float[][] vectors = new float[points.size()][];
        byte[][] docs = new byte[points.size()][];
        for (int i = 0; i < vectors.length; i++) {
            PointWrite p = Objects.requireNonNull(points.get(i), "point " + i);
            String what = describe(i, p);
            if ((p.key() != null) != settings.stringKeys()) {
                throw new IllegalArgumentException(what + (settings.stringKeys() ? " has no key; collection '" + name
                        + "' names points by string keys" : " has a key; collection '" + name + "' names points by ids"));
            }
            if (p.key() != null) {
                KeyedIds.check(p.key(), what);
            }
            checkPayload(p.payload(), what);
            vectors[i] = VectorInput.prepare(p.vector(), dim, metric, name, "vector of " + what);
            docs[i] = RowDoc.of(p.key(), p.payload());
        }
        writes.write(view -> {
            for (int i = 0; i < vectors.length; i++) {
                PointWrite p = points.get(i);
                long id = p.key() != null ? KeyedIds.STANDARD.place(view, p.key()) : p.id();
                view.add(WalOp.upsert(id, vectors[i], docs[i]));
            }
        });
    }

    /** Deletes the points {@code refs} names; returns how many of them were live. */
    int delete(PointRefs refs) throws IOException {
        checkRefs(refs);
        return writes.write(view -> {
            for (int i = 0; i < refs.size(); i++) {
                Long id = KeyedIds.STANDARD.idOf(view, refs, i);
                if (id != null) {
                    view.add(WalOp.delete(id));
                }
            }
        });
    }

    /**
     * Deletes every live point that meets {@code filter}, decided under the write lock so that no
     * write slips between the match and the delete; returns how many.
     */
    int delete(Condition filter, Filtering filtering) throws IOException {
        Objects.requireNonNull(filter, "filter");
        return writes.write(view -> filtering.forEachLive(view.version(), filter,
                (id, doc, vector) -> view.add(WalOp.delete(id))));
    }

    /**
     * Replaces the payload of each live point {@code refs} names with {@code change} applied to it
     * (the encoded payload, or null for none; returning null or an empty one removes it); the row
     * keeps its vector and key. Returns how many points were updated; points without a live row are
     * skipped.
     *
     * @throws IllegalArgumentException when a new payload exceeds the collection's limit (nothing is written)
     */
    int updatePayload(PointRefs refs, UnaryOperator<byte[]> change) throws IOException {
        checkRefs(refs);
        return writes.write(view -> {
            for (int i = 0; i < refs.size(); i++) {
                Long id = KeyedIds.STANDARD.idOf(view, refs, i);
                BatchView.Row row = id == null ? null : view.live(id);
                if (row != null) {
                    byte[] doc = row.document();
                    byte[] payload = change.apply(RowDoc.payload(doc));
                    checkPayload(payload, "the payload of point " + i);
                    view.add(WalOp.upsert(id, row.vector(), RowDoc.of(RowDoc.key(doc), payload)));
                }
            }
        });
    }

    /** Checks that {@code refs} names points the way the collection does, and the batch size. */
    void checkRefs(PointRefs refs) {
        Objects.requireNonNull(refs, "points");
        checkBatch(refs.size());
        if (refs.byKey() != settings.stringKeys()) {
            throw new IllegalArgumentException("collection '" + name + "' names points by "
                    + (settings.stringKeys() ? "string keys, not ids" : "ids, not string keys"));
        }
        for (int i = 0; refs.byKey() && i < refs.size(); i++) {
            KeyedIds.check(refs.keys()[i], "point " + i);
        }
    }

    private void checkPayload(byte[] payload, String what) {
        if (payload != null && payload.length > settings.maxPayloadBytes()) {
            throw new IllegalArgumentException(what + " has a payload of " + payload.length + " bytes; collection '"
                    + name + "' takes at most " + settings.maxPayloadBytes());
        }
    }

    private static void checkBatch(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("an empty batch");
        }
    }

    private static String describe(int i, PointWrite p) {
        return "point " + i + (p.key() != null ? " (key '" + new String(p.key(), java.nio.charset.StandardCharsets.UTF_8)
                + "')" : " (id " + Long.toUnsignedString(p.id()) + ")");
    }
}
