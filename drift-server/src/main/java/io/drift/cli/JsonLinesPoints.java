package io.drift.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.drift.dataset.MalformedFileException;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.UpsertRequest;
import io.drift.server.Protos;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points from a JSON lines file, read as they are sent (never the whole file at once): one object
 * per line, {@code {"id": 7, "vector": [0.1, 0.2], "payload": {"color": "red"}}} or with
 * {@code "key": "doc-1"} instead of the id. Without an id or key a point's id is {@code startId}
 * plus its number in the file (counted from 0); the payload may be left out. Blank lines are
 * skipped. Every vector has the first one's dimension, and either every line has a key or none
 * does. A line that breaks these rules, is not valid JSON or has another field is an error naming
 * the line.
 */
final class JsonLinesPoints implements PointSource {

    private final Path file;
    private final BufferedReader in;
    private final long startId;
    private final long limit;
    private long lineNo;
    private long read;
    private int dim = -1;
    private Boolean keyed;

    private JsonLinesPoints(Path file, BufferedReader in, long startId, long limit) {
        this.file = file;
        this.in = in;
        this.startId = startId;
        this.limit = limit;
    }

    /** The points of {@code file}, at most {@code limit} of them. */
    static JsonLinesPoints open(Path file, long startId, long limit) throws IOException {
        return new JsonLinesPoints(file, Files.newBufferedReader(file, StandardCharsets.UTF_8), startId, limit);
    }

    @Override
    public long total() {
        return -1;
    }

    @Override
    public String describe() {
        return "JSON lines";
    }

    @Override
    public int next(UpsertRequest.Builder msg, int max) throws IOException {
        int added = 0;
        while (added < max && read < limit) {
            String line = in.readLine();
            if (line == null) {
                break;
            }
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                msg.addPoints(point(line));
            } catch (IllegalArgumentException e) {
                throw new MalformedFileException(file, "line " + lineNo + ": " + e.getMessage());
            }
            added++;
            read++;
        }
        return added;
    }

    /** The point of one line; IllegalArgumentException saying what is wrong with it. */
    private Point point(String line) {
        JsonNode node;
        try {
            node = JsonPayloads.MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("a line must be a JSON object, not " + JsonPayloads.kind(node));
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getKey().matches("id|key|vector|payload")) {
                throw new IllegalArgumentException("unknown field '" + e.getKey() + "' (known: id, key, vector,"
                        + " payload)");
            }
        }
        Point.Builder p = Point.newBuilder();
        name(node, p);
        float[] v = vector(node.get("vector"));
        p.setVectorBytes(Protos.vectorBytes(v, 0, v.length));
        JsonNode payload = node.get("payload");
        if (payload != null && !payload.isNull()) {
            p.setPayload(JsonPayloads.struct(payload, "payload"));
        }
        return p.build();
    }

    /** Sets the point's key or id: given, or {@code startId} plus its number. */
    private void name(JsonNode node, Point.Builder p) {
        JsonNode id = node.get("id");
        JsonNode key = node.get("key");
        if (id != null && key != null) {
            throw new IllegalArgumentException("give an id or a key, not both");
        }
        boolean hasKey = key != null;
        if (keyed != null && keyed != hasKey) {
            throw new IllegalArgumentException(hasKey ? "a key, where earlier lines have none"
                    : "no key, where earlier lines have keys");
        }
        keyed = hasKey;
        if (hasKey) {
            if (!key.isTextual() || key.textValue().isEmpty()) {
                throw new IllegalArgumentException("key must be a non-empty string, not " + describe(key));
            }
            p.setKey(key.textValue());
        } else if (id == null) {
            p.setId(startId + read);
        } else {
            BigInteger b = id.isIntegralNumber() ? id.bigIntegerValue() : null;
            if (b == null || b.signum() < 0 || b.bitLength() > 64) {
                throw new IllegalArgumentException("id must be an unsigned 64-bit integer, not " + describe(id));
            }
            p.setId(b.longValue());
        }
    }

    private float[] vector(JsonNode node) {
        if (node == null) {
            throw new IllegalArgumentException("no vector");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("vector must be a non-empty list of numbers, not " + describe(node));
        }
        if (dim < 0) {
            dim = node.size();
        } else if (node.size() != dim) {
            throw new IllegalArgumentException("the vector has " + node.size() + " components, earlier lines "
                    + dim);
        }
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            JsonNode x = node.get(i);
            v[i] = x.isNumber() ? x.floatValue() : Float.NaN;
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("vector[" + i + "]: " + describe(x) + " is not a finite float32"
                        + " number");
            }
        }
        return v;
    }

    /** A value for messages: short ones as they are, longer ones by kind. */
    private static String describe(JsonNode node) {
        String text = node.toString();
        return text.length() <= 40 ? text : JsonPayloads.kind(node);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
