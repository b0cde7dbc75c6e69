package io.drift.cli;

import io.drift.dataset.Vectors;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.UpsertRequest;
import io.drift.server.Protos;
import java.util.Locale;

/**
 * The points of rows read whole, the first {@code n} of them: each named by its key, its id, or
 * {@code startId} plus its row number, with its payload when the file has one; vectors are sent as
 * bytes.
 */
final class RowPoints implements PointSource {

    private final VectorInput.Rows rows;
    private final long startId;
    private final int n;
    private int sent;

    RowPoints(VectorInput.Rows rows, long startId, int n) {
        this.rows = rows;
        this.startId = startId;
        this.n = n;
    }

    @Override
    public long total() {
        return n;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%,d vectors of %d dimensions", n, rows.vectors().dim());
    }

    @Override
    public int next(UpsertRequest.Builder msg, int max) {
        Vectors v = rows.vectors();
        int to = (int) Math.min(n, (long) sent + max);
        for (int r = sent; r < to; r++) {
            Point.Builder p = Point.newBuilder().setVectorBytes(Protos.vectorBytes(v.data(), v.offset(r), v.dim()));
            if (rows.keys() != null) {
                p.setKey(rows.keys()[r]);
            } else {
                p.setId(rows.ids() == null ? startId + r : rows.ids()[r]);
            }
            if (rows.payloads() != null && rows.payloads()[r].getFieldsCount() > 0) {
                p.setPayload(rows.payloads()[r]);
            }
            msg.addPoints(p);
        }
        int added = to - sent;
        sent = to;
        return added;
    }
}
