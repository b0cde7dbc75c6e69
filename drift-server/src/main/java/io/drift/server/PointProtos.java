package io.drift.server;

import io.drift.Payload;
import io.drift.Point;
import io.drift.PointId;
import io.drift.VectorCollection;
import io.drift.proto.v1.UpsertRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Points and point names between the {@code drift.v1} messages and the API: the points of an
 * upsert (id or key, vector, payload), the ids or keys a call names, and points as answers. A bad
 * field is refused naming it ({@code points[3].payload.price}, {@code keys[2]}).
 */
final class PointProtos {

    private PointProtos() {}

    /** The points of {@code req}, checked field by field (the collection checks the rest). */
    static List<Point> points(UpsertRequest req) {
        List<Point> points = new ArrayList<>(req.getPointsCount());
        for (int i = 0; i < req.getPointsCount(); i++) {
            io.drift.proto.v1.Point p = req.getPoints(i);
            String at = "points[" + i + "]";
            float[] v;
            try {
                v = Protos.vector(p.getVectorList(), p.getVectorBytes());
            } catch (IllegalArgumentException e) {
                throw Protos.invalid(at, e.getMessage());
            }
            Payload payload = p.hasPayload() ? PayloadProtos.payload(p.getPayload(), at + ".payload") : Payload.empty();
            points.add(p.getKey().isEmpty() ? new Point(p.getId(), v, payload) : new Point(p.getKey(), v, payload));
        }
        return points;
    }

    /**
     * The points a call names by {@code ids} or by {@code keys} (not both), in order, each once: the
     * ids when the collection takes ids, the keys when it takes keys.
     */
    static List<PointId> names(VectorCollection c, List<Long> ids, List<String> keys) {
        if (!ids.isEmpty() && !keys.isEmpty()) {
            throw Protos.invalid("keys", "give ids or keys, not both");
        }
        boolean byKey = c.config().keyType() == io.drift.KeyType.STRING;
        if (byKey ? !ids.isEmpty() : !keys.isEmpty()) {
            throw Protos.invalid(byKey ? "ids" : "keys", "collection '" + c.name() + "' names points by "
                    + (byKey ? "string keys" : "ids"));
        }
        List<PointId> out = new ArrayList<>();
        if (byKey) {
            new java.util.LinkedHashSet<>(keys).forEach(k -> out.add(PointId.of(k)));
        } else {
            new java.util.LinkedHashSet<>(ids).forEach(id -> out.add(PointId.of(id)));
        }
        return out;
    }

    /** {@code p} as an answer: its name, and its vector and payload when asked for. */
    static io.drift.proto.v1.Point point(Point p, boolean withVector, boolean withPayload) {
        io.drift.proto.v1.Point.Builder b = io.drift.proto.v1.Point.newBuilder().setId(p.id());
        if (p.key() != null) {
            b.setKey(p.key());
        }
        if (withVector && p.vector() != null) {
            for (float x : p.vector()) {
                b.addVector(x);
            }
        }
        if (withPayload && !p.payload().isEmpty()) {
            b.setPayload(PayloadProtos.struct(p.payload()));
        }
        return b.build();
    }
}
