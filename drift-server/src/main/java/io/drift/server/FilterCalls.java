package io.drift.server;

import io.drift.FieldIndexType;
import io.drift.KeyType;
import io.drift.Point;
import io.drift.PointId;
import io.drift.ScrollPage;
import io.drift.VectorCollection;
import io.drift.proto.v1.CountRequest;
import io.drift.proto.v1.CountResponse;
import io.drift.proto.v1.CreateFieldIndexRequest;
import io.drift.proto.v1.CreateFieldIndexResponse;
import io.drift.proto.v1.DeleteFieldIndexRequest;
import io.drift.proto.v1.DeleteFieldIndexResponse;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DeleteResponse;
import io.drift.proto.v1.FieldIndex;
import io.drift.proto.v1.ScrollRequest;
import io.drift.proto.v1.ScrollResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The work of the service's calls that select points by filter or manage payload indexes: Count,
 * Scroll, Delete by filter, CreateFieldIndex, DeleteFieldIndex, and the indexes DescribeCollection
 * lists. Each checks its request (a bad field is {@code INVALID_ARGUMENT} naming it) and answers;
 * the service maps what the engine throws to a status.
 */
final class FilterCalls {

    private final Function<String, VectorCollection> collections;

    /** @param collections the collection of a request's name (checking the name) */
    FilterCalls(Function<String, VectorCollection> collections) {
        this.collections = collections;
    }

    CountResponse count(CountRequest req) throws Exception {
        VectorCollection c = collections.apply(req.getCollection());
        long n = c.count(FilterProtos.filter(req.hasFilter(), req.getFilter(), c));
        return CountResponse.newBuilder().setCount(n).build();
    }

    ScrollResponse scroll(ScrollRequest req) throws Exception {
        VectorCollection c = collections.apply(req.getCollection());
        int limit = Protos.scrollLimit(req.getLimit(), c.config().maxBatch());
        PointId from = req.hasOffset() ? pointId(req.getOffset(), c) : null;
        ScrollPage page = c.scroll(FilterProtos.filter(req.hasFilter(), req.getFilter(), c), limit, from,
                req.getWithVectors());
        ScrollResponse.Builder b = ScrollResponse.newBuilder();
        for (Point p : page.points()) {
            b.addPoints(PointProtos.point(p, req.getWithVectors(), req.getWithPayload()));
        }
        if (page.nextOffset() != null) {
            b.setNextOffset(pointId(page.nextOffset()));
        }
        return b.build();
    }

    /** A Scroll's offset as the API takes it: an id, or a key in a string-keyed collection. */
    private static PointId pointId(io.drift.proto.v1.PointId p, VectorCollection c) {
        boolean byKey = c.config().keyType() == KeyType.STRING;
        switch (p.getPointIdCase()) {
            case ID -> {
                if (byKey) {
                    throw Protos.invalid("offset.id", "collection '" + c.name() + "' names points by string keys");
                }
                return PointId.of(p.getId());
            }
            case KEY -> {
                if (!byKey) {
                    throw Protos.invalid("offset.key", "collection '" + c.name() + "' names points by ids");
                }
                if (p.getKey().isEmpty()) {
                    throw Protos.invalid("offset.key", "empty: a key has 1 to 256 bytes");
                }
                return PointId.of(p.getKey());
            }
            default -> throw Protos.invalid("offset", "neither id nor key is set");
        }
    }

    private static io.drift.proto.v1.PointId pointId(PointId p) {
        io.drift.proto.v1.PointId.Builder b = io.drift.proto.v1.PointId.newBuilder();
        return (p.isKey() ? b.setKey(p.key()) : b.setId(p.id())).build();
    }

    /** Deletes the points meeting the filter of {@code req}, which names no id or key. */
    DeleteResponse deleteByFilter(DeleteRequest req) throws Exception {
        VectorCollection c = collections.apply(req.getCollection());
        if (req.getIdsCount() > 0 || req.getKeysCount() > 0) {
            throw Protos.invalid("filter", "give ids, keys or a filter, not both");
        }
        int deleted = c.delete(FilterProtos.filter(req.getFilter(), "filter", c));
        return DeleteResponse.newBuilder().setDeleted(deleted).build();
    }

    CreateFieldIndexResponse createFieldIndex(CreateFieldIndexRequest req) throws Exception {
        VectorCollection c = collections.apply(req.getCollection());
        String field = FilterProtos.key(req.getFieldName(), "field_name");
        c.createFieldIndex(field, FilterProtos.fieldType(req.getFieldType(), "field_type"));
        return CreateFieldIndexResponse.getDefaultInstance();
    }

    DeleteFieldIndexResponse deleteFieldIndex(DeleteFieldIndexRequest req) throws Exception {
        VectorCollection c = collections.apply(req.getCollection());
        c.dropFieldIndex(FilterProtos.key(req.getFieldName(), "field_name"));
        return DeleteFieldIndexResponse.getDefaultInstance();
    }

    /** The payload indexes of {@code c}, in the order they were declared. */
    static List<FieldIndex> fieldIndexes(VectorCollection c) {
        List<FieldIndex> out = new ArrayList<>();
        for (Map.Entry<String, FieldIndexType> e : c.fieldIndexes().entrySet()) {
            out.add(FieldIndex.newBuilder().setFieldName(e.getKey()).setFieldType(FilterProtos.fieldType(e.getValue()))
                    .build());
        }
        return out;
    }
}
