package io.drift.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.drift.client.DriftClient;
import io.drift.proto.v1.CollectionConfig;
import io.drift.proto.v1.CollectionStatistics;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.CreateCollectionResponse;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.DescribeCollectionResponse;
import io.drift.proto.v1.DropCollectionRequest;
import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.KeyType;
import io.drift.proto.v1.ListCollectionsRequest;
import io.drift.proto.v1.Metric;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The client commands that manage collections: create, drop, list, describe, flush. */
final class CollectionCommands {

    private CollectionCommands() {}

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create a collection on a server.")
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Collection name, [A-Za-z0-9_-]{1,64}.")
        String name;

        @Option(names = "--dim", required = true, paramLabel = "D", description = "Vector dimension, 1 to 4096.")
        int dim;

        @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "l2",
                description = "l2, cosine or dot (default: ${DEFAULT-VALUE}).")
        String metric;

        @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "uint64",
                description = "How points are named: uint64 (ids) or string (keys) (default: ${DEFAULT-VALUE}).")
        String keyType;

        @Option(names = "--max-payload-bytes", paramLabel = "N",
                description = "The largest payload a point may carry, encoded (server default: 64 KiB).")
        Integer maxPayloadBytes;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "A collection setting, e.g. --set target_bucket_size=300 --set durability=async-100ms;"
                        + " keys are the fields of drift.v1.CollectionConfig.")
        Map<String, String> settings = Map.of();

        @Override
        int run(DriftClient client, PrintWriter out) {
            KeyType keys = keyType(keyType);
            CreateCollectionRequest.Builder req = CreateCollectionRequest.newBuilder().setName(name).setDim(dim)
                    .setMetric(metric(metric)).setKeyType(keys);
            if (!settings.isEmpty() || maxPayloadBytes != null) {
                CollectionConfig.Builder config = config(settings).toBuilder();
                if (maxPayloadBytes != null) {
                    if (maxPayloadBytes < 1) {
                        throw new ParameterException(spec.commandLine(), "--max-payload-bytes must be positive, got "
                                + maxPayloadBytes);
                    }
                    config.setMaxPayloadBytes(maxPayloadBytes);
                }
                req.setConfig(config);
            }
            CreateCollectionResponse r = stub(client).createCollection(req.build());
            out.printf(Locale.ROOT, "created collection %s (%d dimensions, %s, %sdurability %s)%n", name, dim,
                    metric.toUpperCase(Locale.ROOT), keys == KeyType.KEY_TYPE_STRING ? "string keys, " : "",
                    r.getConfig().getDurability());
            return 0;
        }

        private Metric metric(String m) {
            return switch (m.toLowerCase(Locale.ROOT)) {
                case "l2" -> Metric.METRIC_L2;
                case "cosine" -> Metric.METRIC_COSINE;
                case "dot" -> Metric.METRIC_DOT;
                default -> throw new ParameterException(spec.commandLine(),
                        "--metric must be l2, cosine or dot, got '" + m + "'");
            };
        }

        private KeyType keyType(String k) {
            return switch (k.toLowerCase(Locale.ROOT)) {
                case "uint64" -> KeyType.KEY_TYPE_UINT64;
                case "string" -> KeyType.KEY_TYPE_STRING;
                default -> throw new ParameterException(spec.commandLine(),
                        "--key-type must be uint64 or string, got '" + k + "'");
            };
        }

        /** The settings as a config message, each key a field of it, each value parsed by the field's type. */
        private CollectionConfig config(Map<String, String> values) {
            CollectionConfig.Builder b = CollectionConfig.newBuilder();
            for (Map.Entry<String, String> e : values.entrySet()) {
                FieldDescriptor f = CollectionConfig.getDescriptor().findFieldByName(e.getKey());
                if (f == null) {
                    throw new ParameterException(spec.commandLine(), "unknown setting '" + e.getKey() + "'; known: "
                            + CollectionConfig.getDescriptor().getFields().stream().map(FieldDescriptor::getName)
                                    .collect(Collectors.joining(", ")));
                }
                String v = e.getValue().trim();
                try {
                    b.setField(f, switch (f.getJavaType()) {
                        case INT -> Integer.parseUnsignedInt(v);
                        case LONG -> Long.parseUnsignedLong(v);
                        case DOUBLE -> Double.parseDouble(v);
                        default -> v;
                    });
                } catch (NumberFormatException ex) {
                    throw new ParameterException(spec.commandLine(), "setting " + e.getKey() + ": '" + v
                            + "' is not a " + (f.getJavaType() == FieldDescriptor.JavaType.DOUBLE ? "number"
                            : "non-negative integer"));
                }
            }
            return b.build();
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Delete a collection and all its data on a server.")
    static final class Drop extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DriftClient client, PrintWriter out) {
            stub(client).dropCollection(DropCollectionRequest.newBuilder().setCollection(name).build());
            out.printf("dropped collection %s%n", name);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the collections of a server, one name per line.")
    static final class ListCollections extends ClientCommand {
        @Override
        int run(DriftClient client, PrintWriter out) {
            stub(client).listCollections(ListCollectionsRequest.getDefaultInstance()).getCollectionsList()
                    .forEach(out::println);
            return 0;
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Move a collection's in-memory rows into segment files; returns once they are durable there.")
    static final class Flush extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(DriftClient client, PrintWriter out) {
            stub(client).flush(FlushRequest.newBuilder().setCollection(name).build());
            out.printf("flushed %s%n", name);
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
            description = "A collection's settings, statistics and payload indexes.")
    static final class Describe extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        int run(DriftClient client, PrintWriter out) throws Exception {
            DescribeCollectionResponse r = stub(client)
                    .describeCollection(DescribeCollectionRequest.newBuilder().setCollection(name).build());
            if (json) {
                printJson(out, toMap(r));
                return 0;
            }
            CollectionStatistics s = r.getStatistics();
            out.printf(Locale.ROOT, "collection   %s: %d dimensions, %s%n", r.getName(), r.getDim(),
                    r.getMetric().name().substring("METRIC_".length()));
            out.printf(Locale.ROOT, "keys         %s%n",
                    r.getKeyType() == KeyType.KEY_TYPE_STRING ? "string" : "uint64 ids");
            out.printf(Locale.ROOT, "live rows    %,d%n", s.getLiveRows());
            out.printf(Locale.ROOT, "rows         %,d stored: %,d in memtables (%,d bytes, %d frozen), %,d in %d"
                            + " segments (%,d deleted)%n", s.getRows(), s.getMemtableRows(), s.getMemtableBytes(),
                    s.getFrozenMemtables(), s.getSegmentRows(), s.getSegments(), s.getDeletedSegmentRows());
            out.printf(Locale.ROOT, "buckets      %,d (%,d with live rows) in %d partitions%n", s.getBuckets(),
                    s.getLiveBuckets(), s.getPartitions());
            out.printf(Locale.ROOT, "disk         %,d bytes%n", s.getDiskBytes());
            out.printf(Locale.ROOT, "payloads     %,d bytes (keys included; at most %,d per point)%n",
                    s.getPayloadBytes(), r.getConfig().getMaxPayloadBytes());
            out.printf(Locale.ROOT, "flushes      %,d (manifest generation %d, last log sequence %d)%n",
                    s.getFlushes(), s.getGeneration(), s.getLastSequence());
            out.printf(Locale.ROOT, "janitor      %s%s%n", s.getJanitorMap().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                    s.getMaintenanceRunning() ? " (maintenance running)" : "");
            out.printf(Locale.ROOT, "recall       fitted on %,d re-checked queries%n", s.getRecheckedQueries());
            out.printf(Locale.ROOT, "indexes      %s%n", r.getFieldIndexesCount() == 0 ? "none"
                    : r.getFieldIndexesList().stream().map(i -> i.getFieldName() + " "
                            + FilterCommands.typeName(i.getFieldType())).collect(Collectors.joining(", ")));
            out.println("config");
            toMap(r.getConfig()).forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %s%n", k, v));
            return 0;
        }
    }
}
