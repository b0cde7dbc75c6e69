package io.drift.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One generation of a collection's manifest (DESIGN §4.4; docs/FORMAT.md, "Manifest"): which
 * segment files are live, with their deletion files, which write-ahead log files still hold
 * unflushed records, the highest sequence number whose effects are in the segments, and the
 * collection's configuration. Immutable; written once as {@code MANIFEST-<generation>} and never
 * changed, a newer generation replaces it.
 *
 * @param generation  strictly increasing per collection
 * @param flushedSeq  every log record with a sequence number up to this is in the segments
 * @param config      the collection's settings, {@code key → value}, keys {@code [a-z0-9_.]+}
 * @param segments    live segment files, oldest first
 * @param walFiles    log files that replay must read, oldest first
 */
public record Manifest(long generation, long flushedSeq, Map<String, String> config, List<Segment> segments,
                       List<String> walFiles) {

    /**
     * A live segment, the file holding its tombstones if it has any (else null), the partition its
     * buckets belong to, and when it was written. The buckets of one partition were clustered
     * together (one flush, one merge) and may lie in several segments; {@link #OWN_PARTITION} when
     * the manifest names none (the segment is a partition of its own). {@code writtenMillis} is the
     * wall-clock time (milliseconds since the epoch) the segment was written, which maintenance
     * counts a bucket's cooldown from across restarts; 0 when the manifest does not say (written
     * before it was recorded: long ago).
     */
    public record Segment(String file, String deletions, long partition, long writtenMillis) {
        /** The partition of a segment written before partitions were recorded: its own. */
        public static final long OWN_PARTITION = -1;

        public Segment {
            checkName(file, "segment file");
            if (deletions != null) {
                checkName(deletions, "deletion file");
            }
            if (partition < OWN_PARTITION) {
                throw new IllegalArgumentException("partition must be non-negative, got " + partition);
            }
            if (writtenMillis < 0) {
                throw new IllegalArgumentException("writtenMillis must be non-negative, got " + writtenMillis);
            }
        }

        /** A segment of a known partition, written at an unknown time. */
        public Segment(String file, String deletions, long partition) {
            this(file, deletions, partition, 0);
        }

        /** A segment that is a partition of its own. */
        public Segment(String file, String deletions) {
            this(file, deletions, OWN_PARTITION);
        }
    }

    /** The subdirectory of a collection that holds its write-ahead log files. */
    public static final String WAL_DIR = "wal";
    /** The first line: this word and the format version. */
    static final String MAGIC = "DRIFT-MANIFEST";
    static final int VERSION = 1;
    static final String PREFIX = "MANIFEST-";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern KEY = Pattern.compile("[a-z0-9_.]{1,64}");

    public Manifest {
        if (generation < 1) {
            throw new IllegalArgumentException("manifest generation must be positive, got " + generation);
        }
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("config key '" + e.getKey() + "' is not [a-z0-9_.]{1,64}");
            }
            if (e.getValue().isEmpty() || e.getValue().chars().anyMatch(c -> c <= ' ' || c == '=' || c > '~')) {
                throw new IllegalArgumentException("config value of " + e.getKey() + " must be printable ASCII without"
                        + " spaces or '=', got '" + e.getValue() + "'");
            }
        }
        segments = List.copyOf(segments);
        walFiles = List.copyOf(walFiles);
        walFiles.forEach(w -> checkName(w, "log file"));
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not a plain file name");
        }
    }

    /** The file name of generation {@code g}: zero-padded so names sort like generations. */
    public static String fileName(long g) {
        return String.format("%s%020d", PREFIX, g);
    }

    /** The manifest's bytes: its lines, then a CRC32C line over them. */
    byte[] encode() {
        StringBuilder b = new StringBuilder();
        b.append(MAGIC).append(' ').append(VERSION).append('\n');
        b.append("generation ").append(generation).append('\n');
        b.append("flushed_seq ").append(flushedSeq).append('\n');
        for (Map.Entry<String, String> e : config.entrySet()) {
            b.append("config ").append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        for (Segment s : segments) {
            b.append("segment ").append(s.file());
            if (s.deletions() != null) {
                b.append(" deletions=").append(s.deletions());
            }
            if (s.partition() != Segment.OWN_PARTITION) {
                b.append(" partition=").append(s.partition());
            }
            if (s.writtenMillis() > 0) {
                b.append(" written=").append(s.writtenMillis());
            }
            b.append('\n');
        }
        for (String w : walFiles) {
            b.append("wal ").append(w).append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] tail = String.format("crc32c %08x\n", FileFormat.crc32c(body, 0, body.length))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[body.length + tail.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(tail, 0, out, body.length, tail.length);
        return out;
    }

    /** Parses a manifest file, checking its CRC and every line. */
    static Manifest decode(byte[] bytes, Path file) throws CorruptFileException {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int crcLine = text.lastIndexOf("crc32c ");
        if (crcLine < 0 || !text.endsWith("\n")) {
            throw new CorruptFileException(file, "manifest", "no CRC line (truncated?)");
        }
        String stored = text.substring(crcLine + 7).strip();
        if (!stored.matches("[0-9a-f]{8}")) {
            throw new CorruptFileException(file, "manifest", "bad CRC line 'crc32c " + stored + "'");
        }
        FileFormat.checkCrc(file, "manifest", Integer.parseUnsignedInt(stored, 16), FileFormat.crc32c(bytes, 0, crcLine));
        String[] lines = text.substring(0, crcLine).split("\n");
        if (lines.length < 3 || !lines[0].matches(MAGIC + " [0-9]{1,9}")) {
            throw new CorruptFileException(file, "manifest", "bad first line, expected '" + MAGIC + " " + VERSION + "'");
        }
        FileFormat.checkVersion(file, "manifest", Integer.parseInt(lines[0].substring(MAGIC.length() + 1)), VERSION,
                VERSION);
        try {
            long generation = Long.parseLong(field(lines[1], "generation"));
            long flushed = Long.parseLong(field(lines[2], "flushed_seq"));
            Map<String, String> config = new LinkedHashMap<>();
            List<Segment> segments = new ArrayList<>();
            List<String> wal = new ArrayList<>();
            for (int i = 3; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith("config ")) {
                    String kv = line.substring(7);
                    int eq = kv.indexOf('=');
                    config.put(kv.substring(0, eq), kv.substring(eq + 1));
                } else if (line.startsWith("segment ")) {
                    String[] parts = line.substring(8).split(" ");
                    String deletions = null;
                    long partition = Segment.OWN_PARTITION;
                    long written = 0;
                    for (int p = 1; p < parts.length; p++) {
                        if (parts[p].startsWith("deletions=") && deletions == null) {
                            deletions = parts[p].substring(10);
                        } else if (parts[p].startsWith("partition=") && partition == Segment.OWN_PARTITION) {
                            partition = Long.parseLong(parts[p].substring(10));
                            if (partition < 0) {
                                throw new IllegalArgumentException("bad segment line '" + line + "'");
                            }
                        } else if (parts[p].startsWith("written=") && written == 0) {
                            written = Long.parseLong(parts[p].substring(8));
                            if (written <= 0) {
                                throw new IllegalArgumentException("bad segment line '" + line + "'");
                            }
                        } else {
                            throw new IllegalArgumentException("bad segment line '" + line + "'");
                        }
                    }
                    segments.add(new Segment(parts[0], deletions, partition, written));
                } else if (line.startsWith("wal ")) {
                    wal.add(line.substring(4));
                } else {
                    throw new IllegalArgumentException("unknown line '" + line + "'");
                }
            }
            return new Manifest(generation, flushed, config, segments, wal);
        } catch (RuntimeException e) {
            throw new CorruptFileException(file, "manifest", e.getMessage());
        }
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("expected '" + name + "', got '" + line + "'");
        }
        return line.substring(name.length() + 1);
    }

    /**
     * Makes this manifest durable in {@code dir}: written to a temporary file, fsynced, renamed to
     * {@link #fileName}, directory fsynced. Refuses to replace an existing generation.
     */
    public Path writeTo(Path dir) throws IOException {
        Path target = dir.resolve(fileName(generation));
        if (Files.exists(target)) {
            throw new IOException("manifest generation " + generation + " already exists in " + dir);
        }
        Path temp = DiskManager.tempFileFor(target);
        Files.write(temp, encode());
        DiskManager.publish(temp, target);
        return target;
    }

    /** Reads one manifest file. */
    public static Manifest read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file);
    }

    /** Every file name this manifest keeps alive in the collection directory (not the log files). */
    public List<String> liveFiles() {
        List<String> out = new ArrayList<>();
        for (Segment s : segments) {
            out.add(s.file());
            if (s.deletions() != null) {
                out.add(s.deletions());
            }
        }
        out.add(fileName(generation));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && generation == m.generation && flushedSeq == m.flushedSeq
                && config.equals(m.config) && segments.equals(m.segments) && walFiles.equals(m.walFiles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(generation, flushedSeq, config, segments, walFiles);
    }
}
