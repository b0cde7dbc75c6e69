package io.drift.server;

import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What a {@link DriftServer} serves in front of its engine. A single node serves the engine's own
 * {@code drift.v1} service ({@link #SINGLE_NODE}); a cluster node serves a router under that name
 * and the engine's service under another, which its peers call (the cluster module).
 */
public interface Frontend {

    /** The engine's {@code drift.v1} service, as it is. */
    Frontend SINGLE_NODE = new Frontend() {
        @Override
        public List<ServerServiceDefinition> services(EngineServices local) {
            return List.of(local.service());
        }

        @Override
        public Set<String> onTransport(Set<String> engineSearches) {
            return engineSearches;
        }
    };

    /**
     * The services to serve (besides health and reflection), given this node's engine, the
     * {@code drift.v1} service over it and its searches. Every call of them runs on a virtual
     * thread of its own unless {@link #onTransport} names its method.
     */
    List<ServerServiceDefinition> services(EngineServices local);

    /**
     * The full names of the methods answered on the transport threads (short, CPU-bound, never
     * blocking), given those of the engine's service that qualify.
     */
    Set<String> onTransport(Set<String> engineSearches);

    /** The server listens on {@code port}: a cluster node may now announce itself. */
    default void started(int port) throws IOException {
    }

    /** The server stops taking calls: end the open streaming calls. */
    default void drain() {
    }

    /** The server has stopped taking calls and drained them; the engine is still open. */
    default void stopped() {
    }
}
