package io.drift.cli;

import io.drift.client.DriftClient;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DeleteResponse;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.Point;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The client commands that read or delete points by id or key: get, delete (also by filter). */
final class PointCommands {

    private PointCommands() {}

    /** A point's name as printed: its key in a string-keyed collection, otherwise its id. */
    static String name(Point p) {
        return p.getKey().isEmpty() ? Long.toUnsignedString(p.getId()) : p.getKey();
    }

    /** A point as a text line: its name, then its vector and its payload (compact JSON) when asked for. */
    static String line(Point p, boolean vectors, boolean payload) {
        StringJoiner line = new StringJoiner(" ");
        line.add(name(p));
        if (vectors) {
            StringJoiner v = new StringJoiner(",");
            p.getVectorList().forEach(f -> v.add(Float.toString(f)));
            line.add(v.toString());
        }
        if (payload) {
            line.add(JsonPayloads.json(p.getPayload()));
        }
        return line.toString();
    }

    /** {@code drift get}: points by id or key. */
    @Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Which of the points have a vector, and with --vectors and --payload their vectors and"
                    + " payloads.", "Exits 1 when some point has none (they are named on stderr)."})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Ids, or keys with --keys.")
        List<String> names;

        @Option(names = "--keys", description = "The arguments are string keys (a collection created with"
                + " --key-type string).")
        boolean keys;

        @Option(names = "--vectors", description = "Print the vectors (normalised under COSINE).")
        boolean vectors;

        @Option(names = "--payload", description = "Print the payloads, as compact JSON.")
        boolean payload;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        int run(DriftClient client, PrintWriter out) throws Exception {
            PointNames asked = PointNames.parse(spec, names, keys);
            GetRequest req = GetRequest.newBuilder().setCollection(collection).setWithVectors(vectors)
                    .setWithPayload(payload).addAllIds(asked.ids()).addAllKeys(asked.keys()).build();
            GetResponse r = stub(client).get(req);
            Set<String> missing = new LinkedHashSet<>();
            asked.ids().forEach(id -> missing.add(Long.toUnsignedString(id)));
            missing.addAll(asked.keys());
            List<Object> found = new ArrayList<>();
            for (Point p : r.getPointsList()) {
                missing.remove(name(p));
                if (json) {
                    found.add(toMap(p));
                } else {
                    out.println(line(p, vectors, payload));
                }
            }
            if (json) {
                printJson(out, found);
            }
            if (missing.isEmpty()) {
                return 0;
            }
            out.flush();
            spec.commandLine().getErr().printf("drift: no vector for %s %s%n", keys ? "key" : "id",
                    String.join(", ", missing));
            spec.commandLine().getErr().flush();
            return 1;
        }

    }

    /** {@code drift delete}: points by id or key, or every point meeting a filter. */
    @Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Delete points by id or key (those without a vector are ignored), or every point that"
                    + " meets --filter."})
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "Ids, or keys with --keys.")
        List<String> names;

        @Option(names = "--keys", description = "The arguments are string keys.")
        boolean keys;

        @Mixin
        FilterOption filter;

        @Override
        int run(DriftClient client, PrintWriter out) {
            List<String> given = names == null ? List.of() : names;
            if (filter.given()) {
                if (!given.isEmpty() || keys) {
                    throw new ParameterException(spec.commandLine(),
                            "give ids (or --keys and keys) or --filter, not both");
                }
                DeleteResponse r = stub(client).delete(DeleteRequest.newBuilder().setCollection(collection)
                        .setFilter(filter.filter(spec)).build());
                out.printf(Locale.ROOT, "deleted %d points%n", r.getDeleted());
                return 0;
            }
            if (given.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "give the ids (or --keys and keys) to delete, or --filter");
            }
            PointNames asked = PointNames.parse(spec, given, keys);
            DeleteResponse r = stub(client).delete(DeleteRequest.newBuilder().setCollection(collection)
                    .addAllIds(asked.ids()).addAllKeys(asked.keys()).build());
            out.printf(Locale.ROOT, "deleted %d of %d %s%n", r.getDeleted(), asked.size(), asked.noun());
            return 0;
        }
    }
}
