package io.drift.cli;

import io.drift.client.DriftClient;
import io.drift.proto.v1.CountRequest;
import io.drift.proto.v1.CountResponse;
import io.drift.proto.v1.CreateFieldIndexRequest;
import io.drift.proto.v1.DeleteFieldIndexRequest;
import io.drift.proto.v1.FieldType;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.PointId;
import io.drift.proto.v1.ScrollRequest;
import io.drift.proto.v1.ScrollResponse;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The client commands that read points by filter and manage payload indexes: count, scroll,
 * create-index, drop-index.
 */
final class FilterCommands {

    private FilterCommands() {}

    /** {@code drift count}: how many points meet a filter. */
    @Command(name = "count", mixinStandardHelpOptions = true, sortOptions = false,
            description = "How many points meet --filter (all points without one), counted exactly.")
    static final class Count extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Mixin
        FilterOption filter;

        @Option(names = "--json", description = "Print JSON instead of the number.")
        boolean json;

        @Override
        int run(DriftClient client, PrintWriter out) throws Exception {
            CountRequest.Builder req = CountRequest.newBuilder().setCollection(collection);
            if (filter.given()) {
                req.setFilter(filter.filter(spec));
            }
            CountResponse r = stub(client).count(req.build());
            if (json) {
                printJson(out, toMap(r));
            } else {
                out.println(Long.toUnsignedString(r.getCount()));
            }
            return 0;
        }
    }

    /** {@code drift scroll}: the points meeting a filter, page by page. */
    @Command(name = "scroll", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The points that meet --filter (all points without one), a page at a time, in id order (key"
                    + " order in a string-keyed collection): one point per line, as get prints them, then the"
                    + " options that give the next page, if there is one.",
                "With --all, every page to the end."})
    static final class Scroll extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Mixin
        FilterOption filter;

        @Option(names = "--limit", paramLabel = "N",
                description = "Points per page (server default: 100; at most the collection's max_batch).")
        Integer limit;

        @Option(names = "--offset", paramLabel = "ID", description = "Start at this id (a next page's offset).")
        String offsetId;

        @Option(names = "--offset-key", paramLabel = "KEY", description = "Start at this key (string-keyed collections).")
        String offsetKey;

        @Option(names = "--all", description = "Page through to the end.")
        boolean all;

        @Option(names = "--payload", description = "Print the payloads, as compact JSON.")
        boolean payload;

        @Option(names = "--vectors", description = "Print the vectors (normalised under COSINE).")
        boolean vectors;

        @Option(names = "--json", description = "Print JSON: {\"points\": [...], \"next_offset\": {\"id\"|\"key\": ...}"
                + " or null}.")
        boolean json;

        @Override
        int run(DriftClient client, PrintWriter out) throws Exception {
            ScrollRequest.Builder req = ScrollRequest.newBuilder().setCollection(collection).setWithPayload(payload)
                    .setWithVectors(vectors);
            if (filter.given()) {
                req.setFilter(filter.filter(spec));
            }
            if (limit != null) {
                if (limit < 1) {
                    throw new ParameterException(spec.commandLine(), "--limit must be positive, got " + limit);
                }
                req.setLimit(limit);
            }
            PointId offset = startOffset();
            List<Object> points = new ArrayList<>();
            do {
                if (offset != null) {
                    req.setOffset(offset);
                }
                ScrollResponse r = stub(client).scroll(req.build());
                for (Point p : r.getPointsList()) {
                    if (json) {
                        points.add(toMap(p));
                    } else {
                        out.println(PointCommands.line(p, vectors, payload));
                    }
                }
                offset = r.hasNextOffset() ? r.getNextOffset() : null;
            } while (all && offset != null);
            if (json) {
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("points", points);
                page.put("next_offset", offset == null ? null : offset.hasKey() ? Map.of("key", offset.getKey())
                        : Map.of("id", new BigInteger(Long.toUnsignedString(offset.getId()))));
                printJson(out, page);
            } else if (offset != null) {
                out.println("next page: " + (offset.hasKey() ? "--offset-key " + offset.getKey()
                        : "--offset " + Long.toUnsignedString(offset.getId())));
            }
            return 0;
        }

        private PointId startOffset() {
            if (offsetId != null && offsetKey != null) {
                throw new ParameterException(spec.commandLine(), "give --offset or --offset-key, not both");
            }
            if (offsetKey != null) {
                return PointId.newBuilder().setKey(offsetKey).build();
            }
            if (offsetId != null) {
                return PointId.newBuilder().setId(PointNames.id(spec, offsetId, "--offset: '" + offsetId
                        + "' is not an id (--offset-key takes a string key)")).build();
            }
            return null;
        }
    }

    /** {@code drift create-index}: declares a payload index. */
    @Command(name = "create-index", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Declare a payload index over a field and build it: filters on the field are then answered"
                    + " from it instead of by reading payloads.", "Replaces an index of another type on the field."})
    static final class CreateIndex extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1", paramLabel = "FIELD", description = "The field, a dotted path such as meta.color.")
        String field;

        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "keyword (keyword matches), integer (integer matches and ranges), float (ranges) or bool.")
        String type;

        @Override
        int run(DriftClient client, PrintWriter out) {
            FieldType t = switch (type.toLowerCase(Locale.ROOT)) {
                case "keyword" -> FieldType.FIELD_TYPE_KEYWORD;
                case "integer" -> FieldType.FIELD_TYPE_INTEGER;
                case "float" -> FieldType.FIELD_TYPE_FLOAT;
                case "bool" -> FieldType.FIELD_TYPE_BOOL;
                default -> throw new ParameterException(spec.commandLine(),
                        "--type must be keyword, integer, float or bool, got '" + type + "'");
            };
            stub(client).createFieldIndex(CreateFieldIndexRequest.newBuilder().setCollection(collection)
                    .setFieldName(field).setFieldType(t).build());
            out.printf(Locale.ROOT, "created %s index on %s in %s%n", type.toLowerCase(Locale.ROOT), field, collection);
            return 0;
        }
    }

    /** {@code drift drop-index}: drops a payload index. */
    @Command(name = "drop-index", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Drop the payload index over a field, if there is one.")
    static final class DropIndex extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1", paramLabel = "FIELD")
        String field;

        @Override
        int run(DriftClient client, PrintWriter out) {
            stub(client).deleteFieldIndex(DeleteFieldIndexRequest.newBuilder().setCollection(collection)
                    .setFieldName(field).build());
            out.printf(Locale.ROOT, "dropped the index on %s in %s%n", field, collection);
            return 0;
        }
    }

    /** The type of an index as the command line names it: keyword, integer, float or bool. */
    static String typeName(FieldType t) {
        return switch (t) {
            case FIELD_TYPE_KEYWORD -> "keyword";
            case FIELD_TYPE_INTEGER -> "integer";
            case FIELD_TYPE_FLOAT -> "float";
            case FIELD_TYPE_BOOL -> "bool";
            default -> t.name();
        };
    }
}
