package io.drift.client;

import io.drift.proto.v1.DriftGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a Drift server: a gRPC channel with the API key attached to every call and TLS
 * when asked for, and the generated {@code drift.v1} stubs over it.
 *
 * <pre>{@code
 * try (DriftClient client = DriftClient.builder("127.0.0.1:7600").apiKey(System.getenv("DRIFT_API_KEY")).build()) {
 *     SearchResponse r = client.blocking().search(SearchRequest.newBuilder()
 *             .setCollection("docs").addAllVector(List.of(0.1f, 0.2f, 0.3f)).setK(10).build());
 * }
 * }</pre>
 */
public final class DriftClient implements AutoCloseable {

    /** The environment variable the command line reads an API key from. */
    public static final String API_KEY_ENV = "DRIFT_API_KEY";
    public static final int DEFAULT_PORT = 7600;

    private final String target;
    private final ManagedChannel channel;
    private final DriftGrpc.DriftBlockingStub blocking;
    private final DriftGrpc.DriftStub async;

    private DriftClient(String target, ManagedChannel channel) {
        this.target = target;
        this.channel = channel;
        this.blocking = DriftGrpc.newBlockingStub(channel);
        this.async = DriftGrpc.newStub(channel);
    }

    /** A plaintext connection without an API key. */
    public static DriftClient connect(String target) throws IOException {
        return builder(target).build();
    }

    /** @param target {@code host:port} ({@code [v6-address]:port} for IPv6); the port defaults to 7600 */
    public static Builder builder(String target) {
        return new Builder(target);
    }

    /** The {@code host:port} this client talks to. */
    public String target() {
        return target;
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** Blocking stub; give each call a deadline with {@code withDeadlineAfter}. */
    public DriftGrpc.DriftBlockingStub blocking() {
        return blocking;
    }

    /** Asynchronous stub, for {@code UpsertStream}. */
    public DriftGrpc.DriftStub async() {
        return async;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final String target;
        private String apiKey;
        private boolean tls;
        private Path trustedCertificates;
        private int maxMessageBytes = 64 << 20;

        private Builder(String target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** Sends {@code authorization: Bearer <key>} with every call; null or blank sends none. */
        public Builder apiKey(String key) {
            this.apiKey = key == null || key.isBlank() ? null : key;
            return this;
        }

        /** Speaks TLS, trusting the system's certificate authorities. */
        public Builder tls(boolean on) {
            this.tls = on;
            return this;
        }

        /** Speaks TLS, trusting the certificates of this PEM file (for a self-signed server). */
        public Builder trustedCertificates(Path pem) {
            this.trustedCertificates = pem;
            this.tls = pem != null || tls;
            return this;
        }

        /** The largest response accepted (default 64 MiB). */
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        public DriftClient build() throws IOException {
            ChannelCredentials credentials;
            if (!tls) {
                credentials = InsecureChannelCredentials.create();
            } else if (trustedCertificates != null) {
                credentials = TlsChannelCredentials.newBuilder().trustManager(trustedCertificates.toFile()).build();
            } else {
                credentials = TlsChannelCredentials.create();
            }
            HostPort address = HostPort.parse(target, DEFAULT_PORT);
            var builder = Grpc.newChannelBuilderForAddress(address.host(), address.port(), credentials)
                    .directExecutor() // response callbacks only hand results on; they never block
                    .maxInboundMessageSize(maxMessageBytes);
            if (apiKey != null) {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
                ClientInterceptor auth = MetadataUtils.newAttachHeadersInterceptor(headers);
                builder.intercept(auth);
            }
            return new DriftClient(address.toString(), builder.build());
        }
    }

    /** A {@code host:port} pair. */
    record HostPort(String host, int port) {
        static HostPort parse(String s, int defaultPort) {
            String t = s.trim();
            int colon = t.lastIndexOf(':');
            boolean bracketed = t.startsWith("[");
            if (bracketed && (colon < t.indexOf(']'))) {
                colon = -1; // "[::1]" without a port
            } else if (!bracketed && colon != t.indexOf(':')) {
                colon = -1; // a bare IPv6 address
            }
            String host = colon < 0 ? t : t.substring(0, colon);
            int port = defaultPort;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(t.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "' is not HOST:PORT");
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + s + "' is not HOST:PORT");
            }
            return new HostPort(host, port);
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
