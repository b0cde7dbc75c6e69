package io.drift.server;

import java.io.IOException;
import java.util.ServiceLoader;

/**
 * Makes this server a node of a cluster ({@code drift serve --cluster}): provided by the cluster
 * module through {@link ServiceLoader} ({@code META-INF/services/io.drift.server.ClusterSupport}),
 * so this module does not depend on it.
 */
public interface ClusterSupport {

    /** How a node joins: etcd's endpoints, its id, the address its peers and clients reach it at. */
    record Options(String etcdEndpoints, String nodeId, String advertise) {
    }

    /**
     * The frontend of a cluster node: connects to etcd now (failing if it cannot), and joins the
     * cluster once the server listens.
     */
    Frontend frontend(ServerSettings settings, Options options) throws IOException;

    /** The implementation on the class path, or null when there is none. */
    static ClusterSupport find() {
        return ServiceLoader.load(ClusterSupport.class).findFirst().orElse(null);
    }
}
