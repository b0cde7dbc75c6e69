package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path dir;

    static Manifest sample(long generation) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("dim", "784");
        config.put("metric", "L2");
        config.put("target_bucket_size", "200");
        return new Manifest(generation, 4711 + generation, config,
                List.of(new Manifest.Segment("000001.drift", "000001.del"), new Manifest.Segment("000002.drift", null)),
                List.of("000007.log", "000008.log"));
    }

    @Test
    void writesAndReadsBack() throws IOException {
        Manifest m = sample(3);
        Path f = m.writeTo(dir);
        assertEquals("MANIFEST-00000000000000000003", f.getFileName().toString());
        assertEquals(m, Manifest.read(f));
        assertFalse(Files.exists(DiskManager.tempFileFor(f)));
        assertThrows(IOException.class, () -> m.writeTo(dir), "a generation is written once");
        String text = Files.readString(f);
        assertTrue(text.startsWith("DRIFT-MANIFEST 1\ngeneration 3\nflushed_seq 4714\nconfig dim=784\n"), text);
    }

    @Test
    void partitionsRoundTripAndDefaultToTheSegmentsOwn() throws IOException {
        Manifest m = new Manifest(5, 0, Map.of(), List.of(new Manifest.Segment("000001.drift", null, 1),
                new Manifest.Segment("000007.drift", "000007-5.del", 1), new Manifest.Segment("000009.drift", null)),
                List.of("000003.log"));
        Path f = m.writeTo(dir);
        Manifest back = Manifest.read(f);
        assertEquals(m, back);
        assertEquals(1, back.segments().get(1).partition());
        assertEquals(Manifest.Segment.OWN_PARTITION, back.segments().get(2).partition());
        assertTrue(Files.readString(f).contains("segment 000007.drift deletions=000007-5.del partition=1\n"));
        assertThrows(IllegalArgumentException.class, () -> new Manifest.Segment("x.drift", null, -2));
    }

    @Test
    void theNewestWholeManifestWins() throws IOException {
        sample(1).writeTo(dir);
        sample(2).writeTo(dir);
        assertEquals(2, ManifestStore.latest(dir).orElseThrow().generation());
        // a newer one damaged on disk, and a half-written one that never got renamed
        Path broken = sample(3).writeTo(dir);
        byte[] bytes = Files.readAllBytes(broken);
        bytes[30] ^= 1;
        Files.write(broken, bytes);
        Files.write(dir.resolve(Manifest.fileName(4) + DiskManager.TEMP_SUFFIX), new byte[] {1, 2});
        assertEquals(2, ManifestStore.latest(dir).orElseThrow().generation());
        // truncated
        Files.write(broken, java.util.Arrays.copyOf(bytes, 20));
        assertEquals(2, ManifestStore.latest(dir).orElseThrow().generation());
    }

    @Test
    void anEmptyDirectoryHasNoManifest() throws IOException {
        assertTrue(ManifestStore.latest(dir).isEmpty());
    }

    @Test
    void everyDamagedByteIsCaught() throws IOException {
        Path f = sample(5).writeTo(dir);
        byte[] good = Files.readAllBytes(f);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            int at = i;
            assertThrows(CorruptFileException.class, () -> Manifest.decode(bad, f), "byte " + at);
        }
    }

    @Test
    void unreferencedFilesAreRemovedAndNewerLogsKept() throws IOException {
        sample(1).writeTo(dir);
        Manifest current = sample(2);
        current.writeTo(dir);
        for (String name : List.of("000001.drift", "000001.del", "000002.drift", "000003.drift", "000003.drift.tmp",
                "000009.del", "notes.txt")) {
            Files.writeString(dir.resolve(name), "x");
        }
        Path wal = Files.createDirectories(dir.resolve("wal"));
        for (String name : List.of("000005.log", "000006.log", "000007.log", "000008.log", "000009.log")) {
            Files.writeString(wal.resolve(name), "x");
        }
        List<String> deleted = ManifestStore.removeUnreferenced(dir, current);
        assertEquals(Set.of(Manifest.fileName(1), "000003.drift", "000003.drift.tmp", "000009.del", "wal/000005.log",
                "wal/000006.log"), Set.copyOf(deleted));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(Set.of(Manifest.fileName(2), "000001.drift", "000001.del", "000002.drift", "notes.txt", "wal"),
                    left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        try (Stream<Path> left = Files.list(wal)) {
            assertEquals(Set.of("000007.log", "000008.log", "000009.log"),
                    left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "000009.log is newer than the manifest: it may hold acknowledged writes");
        }
    }

    @Test
    void badContentIsRejectedWithItsReason() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Manifest(0, 0, Map.of(), List.of(), List.of())).getMessage().contains("generation"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Manifest(1, 0, Map.of("Dim", "3"), List.of(), List.of())).getMessage().contains("config key"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Manifest(1, 0, Map.of("dim", "a b"), List.of(), List.of())).getMessage().contains("value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Manifest.Segment("../x.drift", null)).getMessage().contains("plain file name"));
    }

    /** A manifest of a format this build does not read is refused with the version named; the write time round-trips. */
    @Test
    void aNewerFormatIsRefusedAndWriteTimesRoundTrip() throws IOException {
        Manifest m = new Manifest(5, 9, Map.of("dim", "4"),
                List.of(new Manifest.Segment("000003.drift", null, 3, 1_765_000_000_000L)), List.of("000004.log"));
        Path f = m.writeTo(dir);
        assertEquals(m, Manifest.read(f));
        String text = Files.readString(f);
        assertTrue(text.startsWith("DRIFT-MANIFEST 1\n"), text);
        String body = text.substring(0, text.lastIndexOf("crc32c ")).replace("DRIFT-MANIFEST 1", "DRIFT-MANIFEST 2");
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.writeString(f, body + String.format("crc32c %08x\n", FileFormat.crc32c(b, 0, b.length)));
        IOException e = assertThrows(CorruptFileException.class, () -> Manifest.read(f));
        assertTrue(e.getMessage().contains("format version 2 is not supported"), e.getMessage());
    }
}
