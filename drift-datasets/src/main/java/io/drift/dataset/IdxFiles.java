package io.drift.dataset;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Readers for the IDX format of the MNIST family of datasets: a big-endian int32 magic number
 * {@code 0x0000TTDD} (element type {@code TT}, number of dimensions {@code DD}), one big-endian
 * int32 size per dimension, then the elements. Files may be plain or gzip-compressed; compression
 * is detected from the gzip magic bytes, not from the file name.
 */
public final class IdxFiles {
    /** Unsigned bytes, three dimensions (count, rows, columns). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, one dimension (count). */
    static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC = 0x1f8b;

    private IdxFiles() {}

    /**
     * Reads an image file (magic {@code 0x00000803}) as one row of {@code rows x cols} floats in
     * {@code [0, 255]} per image, pixels in row-major order.
     */
    public static Vectors readImages(Path p) throws IOException {
        try (ChannelReader in = open(p)) {
            checkMagic(p, in, IMAGES_MAGIC, "unsigned-byte images with 3 dimensions");
            int count = readSize(p, in, "image count", false);
            int rows = readSize(p, in, "rows per image", true);
            int cols = readSize(p, in, "columns per image", true);
            long dim = (long) rows * cols;
            if (dim > Xvecs.MAX_ARRAY || count * dim > Xvecs.MAX_ARRAY) {
                throw new MalformedFileException(p, "too large: " + count + " images of " + rows + " x " + cols
                        + " pixels exceed the " + Xvecs.MAX_ARRAY + " floats one array can hold");
            }
            float[] data = new float[(int) (count * dim)];
            in.readUnsignedBytes(data, 0, data.length, () -> "pixel data of " + count + " images of " + rows + " x " + cols);
            checkEnd(p, in, "image");
            return new Vectors((int) dim, data);
        } catch (ZipException | EOFException e) {
            throw corruptGzip(p, e);
        }
    }

    /** Reads a label file (magic {@code 0x00000801}): one label in {@code [0, 255]} per item. */
    public static int[] readLabels(Path p) throws IOException {
        try (ChannelReader in = open(p)) {
            checkMagic(p, in, LABELS_MAGIC, "unsigned-byte labels with 1 dimension");
            int count = readSize(p, in, "label count", false);
            int[] labels = new int[count];
            in.readUnsignedBytes(labels, 0, count, () -> count + " labels");
            checkEnd(p, in, "label");
            return labels;
        } catch (ZipException | EOFException e) {
            throw corruptGzip(p, e);
        }
    }

    private static ChannelReader open(Path p) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream content = (b0 << 8 | b1) == GZIP_MAGIC ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new ChannelReader(p, Channels.newChannel(content), ByteOrder.BIG_ENDIAN, null);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static void checkMagic(Path p, ChannelReader in, int expected, String meaning) throws IOException {
        int magic = in.readInt(() -> "IDX magic number");
        if (magic != expected) {
            throw new MalformedFileException(p, String.format(
                    "bad IDX magic 0x%08X; expected 0x%08X (%s)", magic, expected, meaning));
        }
    }

    private static int readSize(Path p, ChannelReader in, String what, boolean positive) throws IOException {
        Supplier<String> name = () -> "IDX header (" + what + ")";
        int value = in.readInt(name);
        if (value < 0 || (positive && value == 0)) {
            throw new MalformedFileException(p, "IDX header declares " + value + " " + what
                    + "; it must be " + (positive ? "positive" : "non-negative"));
        }
        return value;
    }

    private static void checkEnd(Path p, ChannelReader in, String item) throws IOException {
        long end = in.position();
        long extra = in.drain();
        if (extra > 0) {
            throw new MalformedFileException(p, extra + " unexpected bytes after the last " + item
                    + " (byte offset " + end + " of the content); the header declares fewer items than the file holds");
        }
    }

    private static MalformedFileException corruptGzip(Path p, IOException e) {
        return new MalformedFileException(p, "corrupt or truncated gzip data: " + e.getMessage(), e);
    }
}
