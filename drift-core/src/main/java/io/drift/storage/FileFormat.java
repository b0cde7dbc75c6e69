package io.drift.storage;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The checks every Drift file shares (the part Lucene's {@code CodecUtil} plays there): a magic
 * that says what the file is, a format version this build must know, and CRC32C checksums. Each
 * failed check is a {@link CorruptFileException} naming the file, the region and what was wrong.
 * Segment files, deletion files, write-ahead logs and manifests all check themselves through it
 * (docs/FORMAT.md gives each one's layout).
 *
 * <p>A file that starts with a {@linkplain #writeHeader standard header} (the write-ahead log does)
 * begins with {@value #HEADER_BYTES} bytes: an 8-byte ASCII magic, the format version as a
 * little-endian {@code u32}, and the CRC32C of those 12 bytes.
 */
public final class FileFormat {

    /** Bytes of a standard header: magic, version, checksum. */
    public static final int HEADER_BYTES = 16;
    /** Bytes of a magic. */
    public static final int MAGIC_BYTES = 8;

    private FileFormat() {}

    /** An 8-character ASCII magic as its bytes. */
    public static byte[] magic(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        if (b.length != MAGIC_BYTES) {
            throw new IllegalArgumentException("a magic has " + MAGIC_BYTES + " ASCII characters, got '" + text + "'");
        }
        return b;
    }

    /** The CRC32C of {@code b[off..off+len)}. */
    public static int crc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    /** The CRC32C of the bytes of {@code s}. */
    public static int crc32c(MemorySegment s) {
        CRC32C crc = new CRC32C();
        crc.update(s.asByteBuffer());
        return (int) crc.getValue();
    }

    /**
     * The CRC32C of the bytes of {@code s} with the 4-byte field at {@code crcField} read as zero:
     * a checksum stored inside the region it covers (written over zeros).
     */
    public static int crc32c(MemorySegment s, long crcField) {
        CRC32C crc = new CRC32C();
        crc.update(s.asSlice(0, crcField).asByteBuffer());
        crc.update(new byte[4]);
        crc.update(s.asSlice(crcField + 4).asByteBuffer());
        return (int) crc.getValue();
    }

    /**
     * Checks that {@code actual} is the magic {@code expected}.
     *
     * @throws CorruptFileException saying what was found instead, and what that suggests
     */
    public static void checkMagic(Path file, String region, byte[] expected, byte[] actual, String otherwise)
            throws CorruptFileException {
        if (!Arrays.equals(expected, actual)) {
            throw new CorruptFileException(file, region, "bad magic " + printable(actual) + ", expected "
                    + printable(expected) + (otherwise == null ? "" : " (" + otherwise + ")"));
        }
    }

    /**
     * Checks that this build reads format {@code version}: {@code oldest} to {@code newest}.
     *
     * @throws CorruptFileException naming the version and the ones this build reads
     */
    public static int checkVersion(Path file, String region, int version, int oldest, int newest)
            throws CorruptFileException {
        if (version < oldest || version > newest) {
            throw new CorruptFileException(file, region, "format version " + version + " is not supported (this build"
                    + " reads " + (oldest == newest ? "version " + oldest : "versions " + oldest + " to " + newest) + ")");
        }
        return version;
    }

    /**
     * Checks a stored checksum against the one computed over the bytes it covers.
     *
     * @throws CorruptFileException giving both
     */
    public static void checkCrc(Path file, String region, int stored, int computed) throws CorruptFileException {
        checkCrc(file, region, null, stored, computed);
    }

    /** {@link #checkCrc(Path, String, int, int)} for one part of a region, named by {@code part}. */
    public static void checkCrc(Path file, String region, String part, int stored, int computed)
            throws CorruptFileException {
        if (stored != computed) {
            throw new CorruptFileException(file, region, (part == null ? "" : part + ": ")
                    + String.format("CRC32C mismatch: stored 0x%08x, computed 0x%08x", stored, computed));
        }
    }

    /** Appends a standard header: {@code magic}, {@code version}, and the CRC32C of both. */
    public static void writeHeader(ByteBuffer out, byte[] magic, int version) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic).putInt(version).putInt(crc32c(b.array(), 0, MAGIC_BYTES + 4));
        out.put(b.flip());
    }

    /**
     * Reads and checks a standard header from {@code h} (its first {@value #HEADER_BYTES} bytes):
     * magic, checksum, and a version from {@code oldest} to {@code newest}. Returns the version.
     */
    public static int readHeader(byte[] h, Path file, String region, byte[] magic, int oldest, int newest)
            throws CorruptFileException {
        checkMagic(file, region, magic, Arrays.copyOf(h, MAGIC_BYTES), null);
        ByteBuffer b = ByteBuffer.wrap(h, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        checkCrc(file, region, b.getInt(MAGIC_BYTES + 4), crc32c(h, 0, MAGIC_BYTES + 4));
        return checkVersion(file, region, b.getInt(MAGIC_BYTES), oldest, newest);
    }

    /** Bytes as a quoted string: printable ASCII as it is, anything else as {@code \xNN}. */
    static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            sb.append(x >= 0x20 && x < 0x7f ? Character.toString(x) : String.format("\\x%02x", x & 0xff));
        }
        return sb.append('"').toString();
    }
}
