package io.drift.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a {@link DriftServer} runs. {@link #defaults()} serves {@code ./drift-data} on
 * {@code 127.0.0.1:7600} in plain text, without an API key and without metrics. The same settings
 * can come from a properties file ({@link #withProperties(Map)}) whose keys are the long option
 * names of {@code drift serve}: {@value #KEYS_TEXT}.
 *
 * @param dataDir         the engine's data directory (created if missing)
 * @param bind            the address to listen on; anything but a loopback address needs an API
 *                        key or {@code insecure}
 * @param port            the gRPC port; 0 picks a free one
 * @param tlsCert         PEM certificate chain; with {@code tlsKey}, the server speaks TLS only
 * @param tlsKey          PEM private key (PKCS#8) of {@code tlsCert}
 * @param apiKey          when set, every call except the health service needs
 *                        {@code authorization: Bearer <apiKey>}
 * @param insecure        allow a non-loopback bind without an API key
 * @param metricsPort     the Prometheus endpoint's port ({@code /metrics}, same bind address); 0
 *                        picks a free one, -1 turns it off
 * @param maxMessageBytes the largest request message accepted (larger: RESOURCE_EXHAUSTED)
 * @param drainTimeout    how long a shutdown waits for calls in flight before cancelling them
 */
public record ServerSettings(Path dataDir, String bind, int port, Path tlsCert, Path tlsKey, String apiKey,
                             boolean insecure, int metricsPort, int maxMessageBytes, Duration drainTimeout) {

    public static final Path DEFAULT_DATA_DIR = Path.of("drift-data");
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 7600;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Metrics off. */
    public static final int NO_METRICS = -1;

    static final String KEYS_TEXT = "data, bind, port, tls-cert, tls-key, api-key, insecure, metrics-port,"
            + " max-message-mib, drain-seconds";

    public ServerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (metricsPort < NO_METRICS || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics port must be between 0 and 65535 (or -1: off), got "
                    + metricsPort);
        }
        if (maxMessageBytes < 1 << 20) {
            throw new IllegalArgumentException("the message size limit must be at least 1 MiB, got " + maxMessageBytes
                    + " bytes");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate (--tls-cert) and its key (--tls-key)");
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
    }

    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_DATA_DIR, DEFAULT_BIND, DEFAULT_PORT, null, null, null, false, NO_METRICS,
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_DRAIN_TIMEOUT);
    }

    public ServerSettings withDataDir(Path v) {
        return new ServerSettings(v, bind, port, tlsCert, tlsKey, apiKey, insecure, metricsPort, maxMessageBytes,
                drainTimeout);
    }

    public ServerSettings withBind(String v) {
        return new ServerSettings(dataDir, v, port, tlsCert, tlsKey, apiKey, insecure, metricsPort, maxMessageBytes,
                drainTimeout);
    }

    public ServerSettings withPort(int v) {
        return new ServerSettings(dataDir, bind, v, tlsCert, tlsKey, apiKey, insecure, metricsPort, maxMessageBytes,
                drainTimeout);
    }

    public ServerSettings withTls(Path cert, Path key) {
        return new ServerSettings(dataDir, bind, port, cert, key, apiKey, insecure, metricsPort, maxMessageBytes,
                drainTimeout);
    }

    public ServerSettings withApiKey(String v) {
        return new ServerSettings(dataDir, bind, port, tlsCert, tlsKey, v, insecure, metricsPort, maxMessageBytes,
                drainTimeout);
    }

    public ServerSettings withInsecure(boolean v) {
        return new ServerSettings(dataDir, bind, port, tlsCert, tlsKey, apiKey, v, metricsPort, maxMessageBytes,
                drainTimeout);
    }

    public ServerSettings withMetricsPort(int v) {
        return new ServerSettings(dataDir, bind, port, tlsCert, tlsKey, apiKey, insecure, v, maxMessageBytes,
                drainTimeout);
    }

    public ServerSettings withMaxMessageBytes(int v) {
        return new ServerSettings(dataDir, bind, port, tlsCert, tlsKey, apiKey, insecure, metricsPort, v,
                drainTimeout);
    }

    public ServerSettings withDrainTimeout(Duration v) {
        return new ServerSettings(dataDir, bind, port, tlsCert, tlsKey, apiKey, insecure, metricsPort, maxMessageBytes,
                v);
    }

    /**
     * These settings with the entries of a properties file applied, keys as the long options of
     * {@code drift serve} ({@value #KEYS_TEXT}).
     *
     * @throws IllegalArgumentException for an unknown key or a value that does not parse
     */
    public ServerSettings withProperties(Map<String, String> entries) {
        ServerSettings s = this;
        // the certificate and its key go together: both are applied at once, after the loop
        Path cert = tlsCert;
        Path key = tlsKey;
        for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
            String name = e.getKey().trim();
            String v = e.getValue().trim();
            try {
                s = switch (name) {
                    case "data" -> s.withDataDir(Path.of(v));
                    case "bind" -> s.withBind(v);
                    case "port" -> s.withPort(Integer.parseInt(v));
                    case "tls-cert" -> {
                        cert = Path.of(v);
                        yield s;
                    }
                    case "tls-key" -> {
                        key = Path.of(v);
                        yield s;
                    }
                    case "api-key" -> s.withApiKey(v);
                    case "insecure" -> s.withInsecure(parseBoolean(v));
                    case "metrics-port" -> s.withMetricsPort(Integer.parseInt(v));
                    case "max-message-mib" -> s.withMaxMessageBytes(Math.multiplyExact(Integer.parseInt(v), 1 << 20));
                    case "drain-seconds" -> s.withDrainTimeout(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
                    default -> throw new IllegalArgumentException("unknown setting '" + name + "'; known: " + KEYS_TEXT);
                };
            } catch (NumberFormatException | ArithmeticException ex) {
                throw new IllegalArgumentException("setting '" + name + "': cannot read '" + v + "'", ex);
            }
        }
        return s.withTls(cert, key);
    }

    private static boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new NumberFormatException("not a boolean: " + v);
        };
    }

    /** Whether clients must present {@link #apiKey()}. */
    public boolean requiresApiKey() {
        return apiKey != null;
    }

    /** Whether the server speaks TLS. */
    public boolean tls() {
        return tlsCert != null;
    }

    /**
     * Checks what the record alone cannot: the bind address resolves, and a non-loopback one is
     * protected by an API key or explicitly allowed with {@code insecure}.
     *
     * @throws IllegalArgumentException saying what to change
     */
    public InetAddress checkedBindAddress() {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the bind address '" + bind + "'", e);
        }
        if (!address.isLoopbackAddress() && apiKey == null && !insecure) {
            throw new IllegalArgumentException("refusing to serve on " + bind + " (not a loopback address) without an"
                    + " API key: give --api-key (or DRIFT_API_KEY), or --insecure to allow unauthenticated clients");
        }
        return address;
    }
}
