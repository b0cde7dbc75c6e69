package io.drift.cli;

import io.drift.client.DriftClient;
import io.drift.server.ClusterSupport;
import io.drift.server.DriftServer;
import io.drift.server.Frontend;
import io.drift.server.ServerSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code drift serve}: runs the gRPC server until SIGTERM or SIGINT, then drains and closes
 * cleanly. Settings come from the command line, then the environment ({@code DRIFT_API_KEY}), then
 * a {@code --config} properties file, then the defaults.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the collections of a data directory over gRPC (drift.v1, health, reflection).",
            "SIGTERM or SIGINT drains the calls in flight, syncs the write-ahead logs and exits.",
            "A second server on the same data directory refuses to start."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./drift-data).")
    Path data;

    @Option(names = "--port", paramLabel = "PORT", description = "gRPC port; 0 picks a free one (default: 7600).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default: 127.0.0.1). Anything but loopback needs --api-key or"
                    + " --insecure.")
    String bind;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of settings, keys as these options' long names without dashes"
                    + " (port=7600, api-key=..., tls-cert=...); options given here win.")
    Path config;

    @Option(names = "--tls-cert", paramLabel = "FILE.pem", description = "Certificate chain (PEM): serve TLS only.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE.pem", description = "Private key of --tls-cert (PEM, PKCS#8).")
    Path tlsKey;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Every call but health needs 'authorization: Bearer KEY' (default: $"
                    + DriftClient.API_KEY_ENV + ").")
    String apiKey;

    @Option(names = "--insecure", description = "Allow a non-loopback --bind without an API key.")
    Boolean insecure;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on http://ADDRESS:PORT/metrics; 0 picks a free port (default: off).")
    Integer metricsPort;

    @Option(names = "--max-message-mib", paramLabel = "MIB",
            description = "Largest request accepted (default: 64).")
    Integer maxMessageMib;

    @Option(names = "--drain-seconds", paramLabel = "S",
            description = "On shutdown, how long calls in flight may take before they are cancelled (default: 30).")
    Double drainSeconds;

    @Option(names = "--cluster", paramLabel = "ETCD_ENDPOINTS",
            description = "Join the cluster whose metadata is in etcd at these comma-separated URLs"
                    + " (http://127.0.0.1:2379): collections are sharded over its nodes and every call is routed."
                    + " Needs --node-id.")
    String cluster;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id in the cluster, [A-Za-z0-9_.-]{1,64}; keep it across restarts: the shards"
                    + " it owns are kept under it.")
    String nodeId;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "The address peers and clients reach this node at (default: the bind address and port).")
    String advertise;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings;
        try {
            settings = settings(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DriftServer server = DriftServer.start(settings, frontend(settings));
        Thread stopper = new Thread(() -> {
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                System.getLogger(ServeCommand.class.getName()).log(System.Logger.Level.ERROR,
                        "closing the data directory failed", e);
            }
        }, "drift-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        server.awaitTermination();
        stopper.join(); // runs only at JVM shutdown: the server stops no other way
        return 0;
    }

    /** The single node's frontend, or a cluster node's with --cluster. */
    private Frontend frontend(ServerSettings settings) throws IOException {
        if (cluster == null) {
            if (nodeId != null || advertise != null) {
                throw new ParameterException(spec.commandLine(), "--node-id and --advertise need --cluster");
            }
            return Frontend.SINGLE_NODE;
        }
        if (nodeId == null) {
            throw new ParameterException(spec.commandLine(), "--cluster needs --node-id");
        }
        ClusterSupport support = ClusterSupport.find();
        if (support == null) {
            throw new ParameterException(spec.commandLine(), "--cluster: this build has no cluster support"
                    + " (the drift-cluster module is not on the class path)");
        }
        try {
            return support.frontend(settings, new ClusterSupport.Options(cluster, nodeId, advertise));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The settings: command line, then environment, then the config file, then the defaults. */
    ServerSettings settings(Map<String, String> env) throws IOException {
        ServerSettings s = ServerSettings.defaults();
        if (config != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(config)) {
                p.load(in);
            }
            Map<String, String> entries = new HashMap<>();
            p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
            try {
                s = s.withProperties(entries);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(config + ": " + e.getMessage(), e);
            }
        }
        String envKey = env.get(DriftClient.API_KEY_ENV);
        if (envKey != null && !envKey.isBlank()) {
            s = s.withApiKey(envKey);
        }
        if (data != null) {
            s = s.withDataDir(data);
        }
        if (port != null) {
            s = s.withPort(port);
        }
        if (bind != null) {
            s = s.withBind(bind);
        }
        if (tlsCert != null || tlsKey != null) {
            s = s.withTls(tlsCert != null ? tlsCert : s.tlsCert(), tlsKey != null ? tlsKey : s.tlsKey());
        }
        if (apiKey != null) {
            s = s.withApiKey(apiKey);
        }
        if (insecure != null) {
            s = s.withInsecure(insecure);
        }
        if (metricsPort != null) {
            s = s.withMetricsPort(metricsPort);
        }
        if (maxMessageMib != null) {
            s = s.withMaxMessageBytes(Math.multiplyExact(maxMessageMib, 1 << 20));
        }
        if (drainSeconds != null) {
            s = s.withDrainTimeout(Duration.ofMillis((long) (drainSeconds * 1000)));
        }
        s.checkedBindAddress();
        return s;
    }
}
