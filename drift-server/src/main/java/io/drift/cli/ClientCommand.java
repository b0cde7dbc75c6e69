package io.drift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import io.drift.client.DriftClient;
import io.drift.proto.v1.DriftGrpc;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a Drift server: the connection options every client command shares,
 * and the translation of a failed call into one line naming the server and the server's message
 * ({@code drift: 127.0.0.1:7600: NOT_FOUND: no collection named 'docs'}, exit code 1).
 */
abstract class ClientCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "${env:DRIFT_SERVER:-127.0.0.1:7600}",
            description = "The server (default: $DRIFT_SERVER or ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:" + DriftClient.API_KEY_ENV + "}",
            description = "Sent as 'authorization: Bearer KEY' (default: $" + DriftClient.API_KEY_ENV + ").")
    String apiKey;

    @Option(names = "--tls", description = "Speak TLS, trusting the system's certificate authorities.")
    boolean tls;

    @Option(names = "--ca-cert", paramLabel = "FILE.pem",
            description = "Speak TLS, trusting the certificates in this PEM file (a self-signed server).")
    Path caCert;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Deadline of each call (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public final Integer call() throws Exception {
        try (DriftClient client = DriftClient.builder(server).apiKey(apiKey).tls(tls).trustedCertificates(caCert)
                .build()) {
            int code = run(client, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return code;
        } catch (StatusRuntimeException e) {
            throw new ServerError(server, e);
        }
    }

    /** The command's work; returns the exit code. */
    abstract int run(DriftClient client, PrintWriter out) throws Exception;

    /** The blocking stub with this command's deadline. */
    DriftGrpc.DriftBlockingStub stub(DriftClient client) {
        return client.blocking().withDeadlineAfter((long) (timeoutSeconds * 1e9), TimeUnit.NANOSECONDS);
    }

    static void printJson(PrintWriter out, Object value) throws Exception {
        out.println(JSON.writeValueAsString(value));
    }

    /**
     * A message as maps and lists for JSON, every field included (unset ones at their defaults),
     * 64-bit unsigned ids as plain numbers, enums by name, NaN as null, bytes in base64, payloads
     * (Structs) as the JSON objects they stand for.
     */
    static Map<String, Object> toMap(Message m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            Object v = m.getField(f);
            if (f.isMapField()) {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (Object entry : (List<?>) v) {
                    Message e = (Message) entry;
                    map.put(e.getField(e.getDescriptorForType().findFieldByName("key")),
                            value(e.getDescriptorForType().findFieldByName("value"),
                                    e.getField(e.getDescriptorForType().findFieldByName("value"))));
                }
                out.put(f.getName(), map);
            } else if (f.isRepeated()) {
                List<Object> list = new ArrayList<>();
                for (Object item : (List<?>) v) {
                    list.add(value(f, item));
                }
                out.put(f.getName(), list);
            } else {
                out.put(f.getName(), value(f, v));
            }
        }
        return out;
    }

    private static Object value(FieldDescriptor f, Object v) {
        return switch (f.getType()) {
            case MESSAGE -> v instanceof Struct payload ? JsonPayloads.map(payload) : toMap((Message) v);
            case ENUM -> ((com.google.protobuf.Descriptors.EnumValueDescriptor) v).getName();
            case UINT64, FIXED64 -> new BigInteger(Long.toUnsignedString((Long) v));
            case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) v);
            case DOUBLE -> Double.isNaN((Double) v) ? null : v; // JSON has no NaN
            case FLOAT -> Float.isNaN((Float) v) ? null : v;
            case BYTES -> java.util.Base64.getEncoder().encodeToString(((ByteString) v).toByteArray());
            default -> v;
        };
    }

    /** A failed call, as the one line the command line prints. */
    static final class ServerError extends Exception {
        private static final long serialVersionUID = 1L;

        ServerError(String server, StatusRuntimeException e) {
            super(server + ": " + e.getStatus().getCode() + ": " + describe(e), null, false, false);
        }

        private static String describe(StatusRuntimeException e) {
            String d = e.getStatus().getDescription();
            Throwable cause = e.getStatus().getCause();
            if (cause != null && cause.getMessage() != null) {
                d = d == null ? cause.getMessage() : d + " (" + cause.getMessage() + ")";
            }
            return d == null ? "no message" : d;
        }
    }
}
