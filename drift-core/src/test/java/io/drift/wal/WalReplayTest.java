package io.drift.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.storage.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalReplayTest {

    @TempDir
    Path dir;

    /** Three files of 10 deletes each, ids = sequence numbers 1..30. */
    void writeThreeFiles() throws IOException {
        long seq = 1;
        for (int f = 1; f <= 3; f++) {
            try (WalWriter w = WalWriter.create(dir.resolve(String.format("%06d.log", f)), seq, SyncPolicy.SYNC)) {
                for (int i = 0; i < 10; i++, seq++) {
                    w.append(List.of(WalOp.delete(seq)));
                }
            }
        }
    }

    static final List<String> FILES = List.of("000001.log", "000002.log", "000003.log");

    @Test
    void replaysEverythingAboveTheFlushedSequenceInOrder() throws IOException {
        writeThreeFiles();
        List<Long> seen = new ArrayList<>();
        WalReplay.Result r = WalReplay.replay(dir, FILES, 12, rec -> seen.add(rec.seq()));
        assertEquals(18, r.replayed());
        assertEquals(30, r.lastSeq());
        assertEquals(Files.size(dir.resolve("000003.log")), r.lastFileBytes());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(13 + i, seen.get(i));
        }
        WalReplay.Result none = WalReplay.replay(dir, List.of(), 7, rec -> {});
        assertEquals(new WalReplay.Result(0, 7, -1, WalFormat.FILE_VERSION), none);
        assertTrue(r.appendable());
    }

    @Test
    void aTornNewestFileIsCutAndAppendingResumes() throws IOException {
        writeThreeFiles();
        Path last = dir.resolve("000003.log");
        byte[] bytes = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        WalReplay.Result r = WalReplay.replay(dir, FILES, 0, rec -> {});
        assertEquals(29, r.lastSeq());
        assertEquals(Files.size(last), r.lastFileBytes());
        try (WalWriter w = WalWriter.reopen(last, r.lastFileBytes(), r.lastSeq() + 1, SyncPolicy.SYNC)) {
            assertEquals(30, w.append(List.of(WalOp.delete(99))));
        }
        assertEquals(30, WalReplay.replay(dir, FILES, 0, rec -> {}).lastSeq());
    }

    @Test
    void aTornOlderFileOrAGapIsCorruption() throws IOException {
        writeThreeFiles();
        Path middle = dir.resolve("000002.log");
        byte[] bytes = Files.readAllBytes(middle);
        Files.write(middle, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        CorruptFileException torn = assertThrows(CorruptFileException.class,
                () -> WalReplay.replay(dir, FILES, 0, rec -> {}));
        assertTrue(torn.getMessage().contains("newer log files follow"), torn.getMessage());
        // a whole record missing from the middle file: the next file's first seq leaves a gap
        Files.write(middle, java.util.Arrays.copyOf(bytes, bytes.length - WalFormat.recordBytes(WalOp.delete(1))));
        CorruptFileException gap = assertThrows(CorruptFileException.class,
                () -> WalReplay.replay(dir, FILES, 0, rec -> {}));
        assertTrue(gap.getMessage().contains("sequence number 21 follows 19"), gap.getMessage());
    }

    @Test
    void logsStartingPastTheFlushedSequenceAreCorruption() throws IOException {
        writeThreeFiles();
        // records 1..10 are gone but the manifest says only 1..5 were flushed
        CorruptFileException lost = assertThrows(CorruptFileException.class,
                () -> WalReplay.replay(dir, FILES.subList(1, 3), 5, rec -> {}));
        assertTrue(lost.getMessage().contains("sequence number 11 follows 5"), lost.getMessage());
        assertEquals(20, WalReplay.replay(dir, FILES.subList(1, 3), 10, rec -> {}).replayed());
    }
}
