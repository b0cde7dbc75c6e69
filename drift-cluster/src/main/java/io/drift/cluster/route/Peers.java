package io.drift.cluster.route;

import io.drift.client.DriftClient;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channels to the cluster's nodes, one per address, opened on first use and kept: each carries the
 * cluster's API key (every node of a cluster shares it).
 */
public final class Peers implements AutoCloseable {

    /** Replies between nodes may be as large as any request a node takes (64 MiB by default), merged. */
    private static final int MAX_MESSAGE_BYTES = 256 << 20;

    /** How long {@link #reconnect} waits for the new connection attempt. */
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(2);

    private final String apiKey;
    private final ConcurrentHashMap<String, DriftClient> clients = new ConcurrentHashMap<>();

    /** @param apiKey the key every call carries, or null */
    public Peers(String apiKey) {
        this.apiKey = apiKey;
    }

    /** The channel to the node at {@code address} ({@code host:port}). */
    public Channel channel(String address) {
        return clients.computeIfAbsent(address, a -> {
            try {
                return DriftClient.builder(a).apiKey(apiKey).maxMessageBytes(MAX_MESSAGE_BYTES).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).channel();
    }

    /**
     * Makes the channel to {@code address} connect at once on its next call, instead of after its
     * back-off from earlier failures: the node is, or may be, up again.
     */
    public void reconnect(String address) {
        DriftClient c = clients.get(address);
        if (c == null) {
            return;
        }
        ManagedChannel ch = c.channel();
        ch.resetConnectBackoff();
        // a call fails at once while the channel is in TRANSIENT_FAILURE: wait for the new attempt's end
        long deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
        boolean attempted = false;
        while (System.nanoTime() < deadline) {
            ConnectivityState state = ch.getState(true);
            if (state == ConnectivityState.READY || attempted && state == ConnectivityState.TRANSIENT_FAILURE) {
                return;
            }
            attempted |= state == ConnectivityState.CONNECTING || state == ConnectivityState.IDLE;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        clients.values().forEach(DriftClient::close);
        clients.clear();
    }
}
