package io.drift.cluster.node;

import io.drift.server.ClusterSupport;
import io.drift.server.Frontend;
import io.drift.server.ServerSettings;
import java.io.IOException;

/** {@code drift serve --cluster}: found by the server through {@link java.util.ServiceLoader}. */
public final class ClusterSupportProvider implements ClusterSupport {

    @Override
    public Frontend frontend(ServerSettings settings, Options options) throws IOException {
        return ClusterNode.connect(settings, options);
    }
}
