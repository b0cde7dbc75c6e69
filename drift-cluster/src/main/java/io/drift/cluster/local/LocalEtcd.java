package io.drift.cluster.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An etcd server on loopback, a child process of this one, with its data in a directory: for
 * {@code drift cluster local} and the cluster's tests. The binary is Debian's {@code etcd-server}
 * ({@code /usr/bin/etcd}), or {@code etcd} on the PATH, or {@code $DRIFT_ETCD}.
 */
public final class LocalEtcd implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dataDir;
    private final Path log;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private LocalEtcd(Path dataDir, int clientPort, int peerPort) {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** Starts etcd with its data in {@code dataDir} on free loopback ports. */
    public static LocalEtcd start(Path dataDir) throws IOException, InterruptedException {
        LocalEtcd etcd = new LocalEtcd(dataDir, Ports.free(), Ports.free());
        etcd.restart();
        return etcd;
    }

    /** The etcd binary to run. */
    public static String binary() throws IOException {
        String env = System.getenv("DRIFT_ETCD");
        if (env != null && !env.isBlank()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "etcd");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/etcd"))) {
            return "/usr/bin/etcd";
        }
        throw new IOException("no etcd binary: install Debian's etcd-server (bin/setup does), or set DRIFT_ETCD");
    }

    /** Starts (again, after {@link #stop}) on the same ports and data. */
    public void restart() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        process = new ProcessBuilder(List.of(binary(), "--name", "drift-local", "--data-dir", dataDir.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "drift-local=" + peer))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!Ports.awaitListening(clientPort, START_TIMEOUT, process)) {
            stop();
            throw new IOException("etcd did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
        }
    }

    /** The URL clients connect to. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public Path log() {
        return log;
    }

    /** Stops etcd (SIGTERM, then SIGKILL after 10 s); its data stays. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
