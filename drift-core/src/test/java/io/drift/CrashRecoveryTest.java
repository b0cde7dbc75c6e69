package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.drift.storage.Manifest;
import io.drift.storage.ManifestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, over and over, and checks after each
 * kill that every acknowledged write is there with its latest value, deleted ids stay deleted,
 * each surviving row carries the payload written with its vector, and the collection passes
 * {@link VectorCollection#verify()}. A batch in flight at the kill may be
 * applied whole, in part or not at all. Some rounds also tear the newest log's last record.
 */
class CrashRecoveryTest {

    @TempDir
    Path tmp;

    static final int ROUNDS = 22;
    static final long SEED = 7;

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Path data = tmp.resolve("data");
        Path journal = tmp.resolve("journal");
        Path childLog = tmp.resolve("child.log");
        Files.createFile(journal);
        Map<Long, float[]> model = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(SEED);
        long next = 0;
        int duringFlush = 0;
        int torn = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String where = "round " + round + " (seed " + SEED + ")";
            long linesBefore = Files.readAllLines(journal).size();
            Process child = new ProcessBuilder(javaCommand(data, journal, next))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(childLog.toFile()))
                    .start();
            // let it get going, then kill it at a random moment
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readAllLines(journal).size() <= linesBefore + 2 && child.isAlive()) {
                if (System.nanoTime() > deadline) {
                    fail(where + ": the child made no progress; its output:\n" + Files.readString(childLog));
                }
                Thread.sleep(5);
            }
            if (round % 4 == 1) {
                // now and then wait for a maintenance rewrite first: on a busy machine the janitor's
                // low-priority threads may not get to one before a kill hundreds of ms in
                int before = rewrites(childLog);
                while (rewrites(childLog) == before && child.isAlive()) {
                    if (System.nanoTime() > deadline) {
                        fail(where + ": no maintenance rewrite in the child; its output:\n" + Files.readString(childLog));
                    }
                    Thread.sleep(5);
                }
            }
            Thread.sleep(rnd.nextInt(600));
            if (!child.isAlive()) {
                fail(where + ": the child died by itself; its output:\n" + Files.readString(childLog));
            }
            child.destroyForcibly(); // SIGKILL
            child.waitFor();

            Path dir = data.resolve(CrashWriter.COLLECTION);
            if (unfinishedFlushFiles(dir)) {
                duringFlush++;
            }
            if (round % 4 == 3) {
                tearNewestLog(dir);
                torn++;
            }

            // what the journal says was acknowledged, and the batch in flight
            long inFlight = -1;
            for (String line : Files.readAllLines(journal).subList((int) linesBefore, Files.readAllLines(journal).size())) {
                String[] parts = line.split(" ");
                if (parts.length != 2) {
                    continue; // a line cut by the kill
                }
                long n = Long.parseLong(parts[1]);
                if (parts[0].equals("begin")) {
                    inFlight = n;
                } else if (parts[0].equals("ack") && n == inFlight) {
                    apply(model, CrashWriter.batch(SEED, n));
                    inFlight = -1;
                    next = n + 1;
                }
            }
            try (DriftEngine engine = DriftEngine.open(data)) {
                VectorCollection c = engine.collection(CrashWriter.COLLECTION);
                c.verify();
                CrashWriter.Batch pending = inFlight >= 0 ? CrashWriter.batch(SEED, inFlight) : null;
                for (long id = 0; id < CrashWriter.ID_SPACE; id++) {
                    Point point = c.get(PointId.of(id));
                    float[] got = point == null ? null : point.vector();
                    float[] want = model.get(id);
                    if (point != null) {
                        assertEquals(CrashWriter.payloadFor(got), point.payload(), where + ": id " + id
                                + " lost the payload written with its vector");
                    }
                    if (pending != null && contains(pending.ids(), id)) {
                        // the batch in flight may have been applied: take what it left as the truth
                        if (!Arrays.equals(got, want) && !allowedByPending(pending, id, got)) {
                            fail(where + ": id " + id + " is " + Arrays.toString(got) + ", neither its acknowledged "
                                    + "value nor one the batch in flight wrote");
                        }
                        if (got == null) {
                            model.remove(id);
                        } else {
                            model.put(id, got);
                        }
                    } else if (want == null) {
                        assertEquals(null, got, where + ": id " + id + " should be absent");
                    } else {
                        assertArrayEquals(want, got, where + ": id " + id + " lost its acknowledged value");
                    }
                }
                assertEquals(model.size(), c.stats().liveRows(), where);
                if (pending != null) {
                    next = inFlight + 1; // never reuse a batch number: its effects may be there
                }
            }
        }
        String log = Files.readString(childLog);
        int rewrites = rewrites(childLog);
        System.out.println("crash test: " + ROUNDS + " kills, " + duringFlush + " left an unfinished flush or rewrite behind, "
                + torn + " with a torn log tail, " + next + " batches, " + model.size() + " live ids, " + rewrites
                + " maintenance rewrites in the children");
        assertTrue(next > ROUNDS * 3, "too little progress: " + next + " batches");
        assertTrue(duringFlush > 0, "no kill landed during a flush");
        assertTrue(rewrites > 0, () -> "maintenance never rewrote anything in the children\n"
                + log.lines().filter(l -> l.contains("WARNING") || l.contains("Exception") || l.contains("INFO"))
                .limit(40).collect(java.util.stream.Collectors.joining("\n")));
    }

    /** The maintenance rewrites the children have logged so far. */
    static int rewrites(Path childLog) throws IOException {
        return Files.readString(childLog).split("maintenance wrote|merged \\d+ partitions", -1).length - 1;
    }

    static void apply(Map<Long, float[]> model, CrashWriter.Batch b) {
        for (int i = 0; i < b.ids().length; i++) {
            if (b.isDelete()) {
                model.remove(b.ids()[i]);
            } else {
                model.put(b.ids()[i], b.vectors()[i]);
            }
        }
    }

    static boolean contains(long[] ids, long id) {
        for (long x : ids) {
            if (x == id) {
                return true;
            }
        }
        return false;
    }

    /** Whether some prefix of the pending batch leaves {@code id} as {@code got}. */
    static boolean allowedByPending(CrashWriter.Batch b, long id, float[] got) {
        for (int i = 0; i < b.ids().length; i++) {
            if (b.ids()[i] == id && (b.isDelete() ? got == null : Arrays.equals(b.vectors()[i], got))) {
                return true;
            }
        }
        return false;
    }

    /** A segment, deletion or temporary file the newest manifest does not name: a flush was cut. */
    static boolean unfinishedFlushFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Manifest m = ManifestStore.latest(dir).orElse(null);
        if (m == null) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if ((n.endsWith(".drift") || n.endsWith(".del") || n.endsWith(".tmp")) && !m.liveFiles().contains(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Appends half a record's worth of garbage to the newest log, as a write cut by power loss would. */
    static void tearNewestLog(Path dir) throws IOException {
        Path wal = dir.resolve(io.drift.storage.Manifest.WAL_DIR);
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(wal, "*.log")) {
            files.forEach(logs::add);
        }
        logs.sort(null);
        Files.write(logs.getLast(), "\u0031\u0000\u0000\u0000garbage".getBytes(StandardCharsets.ISO_8859_1),
                StandardOpenOption.APPEND);
    }

    /**
     * The test's classes and everything they use, as one class path for a child JVM (the module
     * path the tests run on, then the class path; on a class path the module rules do not apply).
     */
    private static String classPath() {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        return modules.isEmpty() ? classes : classes.isEmpty() ? modules : modules + java.io.File.pathSeparator + classes;
    }

    static List<String> javaCommand(Path data, Path journal, long first) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", classPath(), CrashWriter.class.getName(), data.toString(),
                journal.toString(), Long.toString(SEED), Long.toString(first));
    }
}
