package io.drift.cluster.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node (or a single server) in a JVM of its own ({@code drift serve --cluster ...}), a child of this process,
 * started with this JVM's Java and class path: for {@code drift cluster local} and the cluster's
 * tests, which kill, stop and restart nodes as real processes.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final Path dataDir;
    private final int port;
    private final String etcd;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    /** A node of the cluster whose etcd is at {@code etcd}, or a single server when it is null. */
    public NodeProcess(String id, Path dataDir, int port, String etcd) {
        this(id, dataDir, port, etcd, DEFAULT_JVM_OPTIONS);
    }

    /** As above, the JVM run with {@code jvmOptions} (heap, collector) instead of the defaults. */
    public NodeProcess(String id, Path dataDir, int port, String etcd, List<String> jvmOptions) {
        this.id = id;
        this.dataDir = dataDir;
        this.port = port;
        this.etcd = etcd;
        this.log = dataDir.resolveSibling(id + ".log");
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** A small heap and the serial collector: several nodes and a test share two cores. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC");

    /** Starts the node and waits until it listens. */
    public NodeProcess start() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.drift.cli.DriftCli", "serve",
                "--data", dataDir.toString(), "--port", Integer.toString(port), "--drain-seconds", "5"));
        if (etcd != null) {
            cmd.addAll(List.of("--cluster", etcd, "--node-id", id));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!Ports.awaitListening(port, START_TIMEOUT, process)) {
            kill();
            throw new IOException("node " + id + " did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                    + log + ":\n" + tail());
        }
        return this;
    }

    public String id() {
        return id;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** The process id, or -1 before the start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the node dies at once, as in a crash. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGTERM: the node drains and leaves cleanly. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The last lines of the node's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
