package io.drift.cli;

import com.google.protobuf.Struct;
import io.drift.client.DriftClient;
import io.drift.proto.v1.DeletePayloadRequest;
import io.drift.proto.v1.PayloadResponse;
import io.drift.proto.v1.SetPayloadRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The client commands that change payloads without sending vectors: set-payload, delete-payload. */
final class PayloadCommands {

    private PayloadCommands() {}

    static void printUpdated(PrintWriter out, PayloadResponse r, PointNames names) {
        out.printf(Locale.ROOT, "updated %d of %d points%n", r.getUpdated(), names.size());
    }

    @Command(name = "set-payload", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Set payload fields of points, keeping their other fields; with --overwrite replace"
                    + " their payloads.", "Points without a vector are skipped."})
    static final class SetPayload extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Ids, or keys with --keys.")
        List<String> names;

        @Option(names = "--payload", required = true, paramLabel = "JSON",
                description = "A JSON object, e.g. '{\"color\": \"red\", \"price\": 9.5}'.")
        String payload;

        @Option(names = "--overwrite", description = "Replace the whole payload instead of setting these fields.")
        boolean overwrite;

        @Option(names = "--keys", description = "The arguments are string keys.")
        boolean keys;

        @Override
        int run(DriftClient client, PrintWriter out) {
            PointNames points = PointNames.parse(spec, names, keys);
            Struct fields;
            try {
                fields = JsonPayloads.parse(payload);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--payload: " + e.getMessage());
            }
            SetPayloadRequest req = SetPayloadRequest.newBuilder().setCollection(collection)
                    .addAllIds(points.ids()).addAllKeys(points.keys()).setPayload(fields).build();
            PayloadResponse r = overwrite ? stub(client).overwritePayload(req) : stub(client).setPayload(req);
            printUpdated(out, r, points);
            return 0;
        }
    }

    @Command(name = "delete-payload", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Remove top-level fields from the payloads of points.",
                "Points without a vector are skipped."})
    static final class DeletePayload extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String collection;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Ids, or keys with --keys.")
        List<String> names;

        @Option(names = "--field", required = true, paramLabel = "F", description = "A field to remove; repeatable.")
        List<String> fields;

        @Option(names = "--keys", description = "The arguments are string keys.")
        boolean keys;

        @Override
        int run(DriftClient client, PrintWriter out) {
            PointNames points = PointNames.parse(spec, names, keys);
            PayloadResponse r = stub(client).deletePayload(DeletePayloadRequest.newBuilder()
                    .setCollection(collection).addAllIds(points.ids()).addAllKeys(points.keys())
                    .addAllFields(fields).build());
            printUpdated(out, r, points);
            return 0;
        }
    }
}
