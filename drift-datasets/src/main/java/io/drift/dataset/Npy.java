package io.drift.dataset;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) holding a C-ordered little-endian
 * float32 array of shape {@code (n, d)}, or {@code (d,)} for a single vector.
 */
final class Npy {
    private Npy() {}

    static Vectors read(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ChannelReader in = new ChannelReader(p, ch, ByteOrder.LITTLE_ENDIAN, null)) {
            long size = ch.size();
            byte[] magic = new byte[NpyHeader.MAGIC.length + 2];
            in.readBytes(magic, 0, magic.length, () -> ".npy magic string and version");
            for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
                if (magic[i] != NpyHeader.MAGIC[i]) {
                    throw new MalformedFileException(p, "bad magic: a .npy file starts with \\x93NUMPY");
                }
            }
            int major = magic[6] & 0xFF;
            int minor = magic[7] & 0xFF;
            long headerLength;
            if (major == 1) {
                byte[] len = new byte[2];
                in.readBytes(len, 0, 2, () -> ".npy header length");
                headerLength = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
            } else if (major == 2 || major == 3) {
                headerLength = in.readInt(() -> ".npy header length") & 0xFFFFFFFFL;
            } else {
                throw new MalformedFileException(p, "unsupported .npy format version " + major + "." + minor
                        + "; versions 1.0, 2.0 and 3.0 are supported");
            }
            if (headerLength > size - in.position()) {
                throw new MalformedFileException(p, "truncated .npy header: it declares " + headerLength
                        + " bytes but the file ends after " + (size - in.position()));
            }
            byte[] headerBytes = new byte[(int) headerLength];
            in.readBytes(headerBytes, 0, headerBytes.length, () -> ".npy header");
            String text = new String(headerBytes,
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            NpyHeader header = NpyHeader.parse(text, p);
            if (!header.descr().equals(NpyHeader.FLOAT32)) {
                throw new MalformedFileException(p, "unsupported dtype '" + header.descr()
                        + "'; only little-endian float32 '" + NpyHeader.FLOAT32
                        + "' is supported (convert with array.astype('<f4'))");
            }
            if (header.fortranOrder()) {
                throw new MalformedFileException(p, "fortran_order True (column-major) is not supported;"
                        + " save a C-ordered array (numpy.ascontiguousarray)");
            }
            long[] shape = header.shape();
            long rows;
            long dim;
            if (shape.length == 1) {
                rows = 1;
                dim = shape[0];
            } else if (shape.length == 2) {
                rows = shape[0];
                dim = shape[1];
            } else {
                throw new MalformedFileException(p, "shape has " + shape.length
                        + " dimensions; expected (n, d) for n vectors or (d,) for one");
            }
            if (dim <= 0 || dim > Integer.MAX_VALUE) {
                throw new MalformedFileException(p, "vector dimension " + dim + " in shape is not a positive int");
            }
            if (rows > Xvecs.MAX_ARRAY || rows * dim > Xvecs.MAX_ARRAY) {
                throw new MalformedFileException(p, "too large: " + rows + " x " + dim + " floats exceed the "
                        + Xvecs.MAX_ARRAY + " one array can hold");
            }
            long dataBytes = rows * dim * Float.BYTES;
            long remaining = size - in.position();
            if (remaining < dataBytes) {
                throw new MalformedFileException(p, "truncated data: shape (" + rows + ", " + dim + ") needs "
                        + dataBytes + " bytes after the header but the file ends after " + remaining);
            }
            if (remaining > dataBytes) {
                throw new MalformedFileException(p, (remaining - dataBytes) + " unexpected bytes after the "
                        + dataBytes + " bytes of data that shape (" + rows + ", " + dim + ") declares");
            }
            float[] data = new float[(int) (rows * dim)];
            in.readFloats(data, 0, data.length, () -> "array data");
            return new Vectors((int) dim, data);
        }
    }

    static void write(Path p, Vectors v) throws IOException {
        byte[] preamble = new NpyHeader(NpyHeader.FLOAT32, false, new long[] {v.size(), v.dim()}).encode();
        try (ChannelWriter out = new ChannelWriter(Xvecs.open(p), ByteOrder.LITTLE_ENDIAN, null)) {
            out.writeBytes(preamble, 0, preamble.length);
            out.writeFloats(v.data(), 0, v.size() * v.dim());
        }
    }
}
