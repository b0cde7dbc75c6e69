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
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;

/** The client commands that read or delete points by id: get, delete. */
final class PointCommands {

    private PointCommands() {}

    static long[] ids(CommandSpec spec, List<String> values) {
        long[] ids = new long[values.size()];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = Long.parseUnsignedLong(values.get(i));
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "'" + values.get(i) + "' is not an id (an unsigned"
                        + " 64-bit integer)");
            }
        }
        return ids;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Which of the ids have a vector, and with --vectors the vectors.",
                "Exits 1 when some id has none (they are named on stderr)."})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID")
        List<String> ids;

        @Option(names = "--vectors", description = "Print the vectors (normalised under COSINE).")
        boolean vectors;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        int run(DriftClient client, PrintWriter out) throws Exception {
            GetRequest.Builder req = GetRequest.newBuilder().setCollection(collection).setWithVectors(vectors);
            for (long id : ids(spec, ids)) {
                req.addIds(id);
            }
            GetResponse r = stub(client).get(req.build());
            Set<Long> missing = new LinkedHashSet<>(req.getIdsList());
            List<Object> found = new ArrayList<>();
            for (Point p : r.getPointsList()) {
                missing.remove(p.getId());
                if (json) {
                    found.add(toMap(p));
                } else if (vectors) {
                    StringJoiner v = new StringJoiner(",");
                    p.getVectorList().forEach(f -> v.add(Float.toString(f)));
                    out.printf(Locale.ROOT, "%s %s%n", Long.toUnsignedString(p.getId()), v);
                } else {
                    out.println(Long.toUnsignedString(p.getId()));
                }
            }
            if (json) {
                printJson(out, found);
            }
            if (missing.isEmpty()) {
                return 0;
            }
            StringJoiner names = new StringJoiner(", ");
            missing.forEach(id -> names.add(Long.toUnsignedString(id)));
            out.flush();
            spec.commandLine().getErr().printf("drift: no vector for id %s%n", names);
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Delete points by id; ids without a vector are ignored.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID")
        List<String> ids;

        @Override
        int run(DriftClient client, PrintWriter out) {
            DeleteRequest.Builder req = DeleteRequest.newBuilder().setCollection(collection);
            for (long id : ids(spec, ids)) {
                req.addIds(id);
            }
            DeleteResponse r = stub(client).delete(req.build());
            out.printf(Locale.ROOT, "deleted %d of %d ids%n", r.getDeleted(), ids.size());
            return 0;
        }
    }
}
