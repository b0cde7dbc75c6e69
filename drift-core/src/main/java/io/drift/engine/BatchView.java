package io.drift.engine;

import io.drift.version.Version;
import io.drift.wal.WalOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Version as a batch being prepared under the write lock sees it: the ops the batch holds so far
 * (not applied yet) over the rows of the Version. Turning a request into log records may depend on
 * what is stored (a string key's id, the current vector of a payload update), and on the earlier
 * ops of the same batch.
 */
final class BatchView {

    private final Version version;
    private final int dim;
    private final List<WalOp> ops = new ArrayList<>();
    private final Map<Long, WalOp> latest = new HashMap<>();

    BatchView(Version version, int dim) {
        this.version = version;
        this.dim = dim;
    }

    /** The Version the batch is prepared on. */
    Version version() {
        return version;
    }

    /** Appends {@code op} to the batch. */
    void add(WalOp op) {
        ops.add(op);
        latest.put(op.id(), op);
    }

    /** The batch's ops, in order. */
    List<WalOp> ops() {
        return ops;
    }

    /** The live row of {@code id} once the batch's ops so far are applied, or null when it has none. */
    Row live(long id) throws IOException {
        WalOp op = latest.get(id);
        if (op != null) {
            return op.type() == WalOp.Type.UPSERT ? new Row(id, op.vector(), op.doc(), null) : null;
        }
        LiveRow r = LiveRow.live(version, id);
        return r == null ? null : new Row(id, null, r.document(), r);
    }

    /** A live row: its id, its document, and its vector on demand. */
    final class Row {
        private final long id;
        private final byte[] doc;
        private final LiveRow stored;
        private float[] vector;

        private Row(long id, float[] vector, byte[] doc, LiveRow stored) {
            this.id = id;
            this.vector = vector;
            this.doc = doc;
            this.stored = stored;
        }

        long id() {
            return id;
        }

        /** The row's document (key and payload), or null. */
        byte[] document() {
            return doc;
        }

        /** The row's vector as stored (normalised under COSINE); decoded on first use. */
        float[] vector() {
            if (vector == null) {
                vector = stored.vector(dim);
            }
            return vector;
        }
    }
}
