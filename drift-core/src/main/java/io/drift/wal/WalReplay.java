package io.drift.wal;

import io.drift.storage.CorruptFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Recovery's pass over the log files a manifest names (DESIGN §4.3): hands every record above
 * the manifest's flushed sequence number to the memtable, in order. Only the newest file may end
 * in a torn tail (the older ones were fsynced whole before the next was started); it is cut off
 * so appending can resume after the last good record. Sequence numbers must rise by one from
 * record to record across the files; a gap or a torn older file is reported as corruption rather
 * than silently losing what follows it.
 */
public final class WalReplay {

    /**
     * What replay found.
     *
     * @param replayed      records handed on (those above the flushed sequence number)
     * @param lastSeq       the last sequence number in the logs, or {@code flushedSeq} when they hold none above it
     * @param lastFileBytes good bytes of the newest file (where appending resumes), or -1 without files
     * @param lastFileVersion the newest file's format version: appends go to a new file when it is
     *                        older than the version this build writes
     */
    public record Result(long replayed, long lastSeq, long lastFileBytes, int lastFileVersion) {
        /** Whether the newest file is in the format this build writes, so appends may resume in it. */
        public boolean appendable() {
            return lastFileVersion == WalFormat.FILE_VERSION;
        }
    }

    private WalReplay() {}

    /**
     * Replays {@code files} (in {@code dir}, oldest first) into {@code sink}, skipping records with
     * {@code seq <= flushedSeq}; truncates a torn tail of the newest file. The records must follow
     * each other without a gap, the first no later than {@code flushedSeq + 1}.
     */
    public static Result replay(Path dir, List<String> files, long flushedSeq, Consumer<WalRecord> sink)
            throws IOException {
        long[] previous = {Long.MIN_VALUE};
        long[] replayed = {0};
        long lastBytes = -1;
        int lastVersion = WalFormat.FILE_VERSION;
        for (int i = 0; i < files.size(); i++) {
            Path file = dir.resolve(files.get(i));
            WalReader.Scan scan;
            try {
                scan = WalReader.read(file, r -> {
                if (previous[0] != Long.MIN_VALUE ? r.seq() != previous[0] + 1 : r.seq() > flushedSeq + 1) {
                    throw new SequenceGap(r.seq(), previous[0] == Long.MIN_VALUE ? flushedSeq : previous[0]);
                }
                previous[0] = r.seq();
                if (r.seq() > flushedSeq) {
                    sink.accept(r);
                    replayed[0]++;
                }
                });
            } catch (SequenceGap e) {
                throw new CorruptFileException(file, "write-ahead log", e.getMessage());
            }
            if (scan.torn()) {
                if (i < files.size() - 1) {
                    throw new CorruptFileException(file, "write-ahead log", "damaged at byte " + scan.validBytes()
                            + " of " + scan.fileBytes() + ", and newer log files follow it");
                }
                WalReader.truncateTornTail(file, scan);
            }
            lastBytes = scan.validBytes();
            lastVersion = scan.version();
        }
        long last = previous[0] == Long.MIN_VALUE ? flushedSeq : Math.max(previous[0], flushedSeq);
        return new Result(replayed[0], last, lastBytes, lastVersion);
    }

    /** Thrown through the reader's callback when sequence numbers skip; reported as corruption. */
    static final class SequenceGap extends RuntimeException {
        SequenceGap(long seq, long previous) {
            super("sequence number " + seq + " follows " + previous, null, false, false);
        }
    }
}
