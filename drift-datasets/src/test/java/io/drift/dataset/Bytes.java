package io.drift.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds test files byte by byte, independently of the writers under test. */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    private Bytes(ByteOrder order) {
        this.order = order;
    }

    static Bytes littleEndian() {
        return new Bytes(ByteOrder.LITTLE_ENDIAN);
    }

    static Bytes bigEndian() {
        return new Bytes(ByteOrder.BIG_ENDIAN);
    }

    Bytes i32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        for (int v : values) {
            b.putInt(v);
        }
        out.writeBytes(b.array());
        return this;
    }

    Bytes f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        for (float v : values) {
            b.putFloat(v);
        }
        out.writeBytes(b.array());
        return this;
    }

    Bytes u8(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    Bytes ascii(String s) {
        out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    byte[] gzipped() {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    Path writeTo(Path p) throws IOException {
        return Files.write(p, toArray());
    }
}
