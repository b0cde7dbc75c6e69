package io.drift.cluster.node;

import io.drift.DriftEngine;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Json;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.Member;
import io.drift.cluster.route.CollectionAdmin;
import io.drift.cluster.route.Peers;
import io.drift.cluster.route.Router;
import io.drift.cluster.route.RouterService;
import io.drift.cluster.route.Scatter;
import io.drift.cluster.route.ShardMethods;
import io.drift.proto.v1.DriftGrpc;
import io.drift.server.ClusterSupport;
import io.drift.server.EngineServices;
import io.drift.server.Frontend;
import io.drift.server.ServerSettings;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * A Drift server as a node of a cluster: it serves {@code drift.v1} as a router over the whole
 * cluster and its own shards as {@link ShardMethods#SERVICE}; it is a member in etcd (kept while it
 * is down) and live under a lease while it runs ({@link Liveness}); it follows the cluster's
 * metadata through a watch ({@link ClusterWatcher}); it hands shards to other nodes and takes
 * shards from them as the members change ({@link Rebalancer}, {@link ShardMover},
 * {@link TransferService}).
 */
public final class ClusterNode implements Frontend {

    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ServerSettings settings;
    private final ClusterSupport.Options options;
    private final EtcdStore store;
    private final ScheduledExecutorService timer;
    private final ClusterWatcher watcher;
    private final Peers peers;
    private final RouterService router;
    private volatile Rebalancer rebalancer;
    /** This node's address, once its server listens. */
    private volatile String selfAddress;
    /** This node's shards' searches, once the server offers its engine. */
    private final java.util.concurrent.atomic.AtomicReference<ShardSearchService> localShards =
            new java.util.concurrent.atomic.AtomicReference<>();
    private Liveness liveness;

    private ClusterNode(ServerSettings settings, ClusterSupport.Options options) throws IOException {
        if (!NODE_ID.matcher(options.nodeId()).matches()) {
            throw new IllegalArgumentException("--node-id '" + options.nodeId() + "' must match [A-Za-z0-9_.-]{1,64}");
        }
        if (settings.tls()) {
            throw new IllegalArgumentException("--cluster: nodes talk to each other in plaintext in this version;"
                    + " TLS between nodes is not supported yet");
        }
        this.settings = settings;
        this.options = options;
        this.store = new EtcdStore(options.etcdEndpoints());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("drift-cluster-timer")
                .factory());
        this.watcher = new ClusterWatcher(store, timer, v -> {
            Rebalancer r = rebalancer;
            if (r != null) {
                r.poke();
            }
        });
        this.peers = new Peers(settings.apiKey());
        try {
            watcher.start();
        } catch (IOException e) {
            close();
            throw new IOException("cannot read the cluster metadata from etcd at " + options.etcdEndpoints() + ": "
                    + e.getMessage(), e);
        }
        Scatter scatter = new Scatter(watcher, peers, () -> selfAddress);
        this.router = new RouterService(new Router(watcher, scatter, peers, () -> selfAddress, localShards::get),
                new CollectionAdmin(store, watcher, scatter));
    }

    /** Connects to etcd and reads the cluster's metadata; the node joins once its server listens. */
    public static ClusterNode connect(ServerSettings settings, ClusterSupport.Options options) throws IOException {
        return new ClusterNode(settings, options);
    }

    @Override
    public List<ServerServiceDefinition> services(EngineServices local) {
        DriftEngine engine = local.engine();
        ShardGate gate = new ShardGate();
        ShardSearchService searches = new ShardSearchService(local.search(), gate);
        localShards.set(searches);
        MapEdits maps = new MapEdits(store, watcher);
        ShardMover mover = new ShardMover(engine, watcher, maps, peers, gate, options.nodeId());
        rebalancer = new Rebalancer(options.nodeId(), engine, watcher, store, maps, mover, gate);
        return List.of(router.bindService(),
                ServerInterceptors.intercept(ShardMethods.service(local.service()), gate),
                searches.bindService(),
                new TransferService(engine, watcher, options.nodeId(), gate).bindService());
    }

    /** The shards' searches run where a single node's would; the router's wait for the shards. */
    @Override
    public Set<String> onTransport(Set<String> engineSearches) {
        Set<String> out = new HashSet<>();
        for (String full : engineSearches) {
            out.add(ShardMethods.SERVICE + "/" + full.substring(DriftGrpc.SERVICE_NAME.length() + 1));
        }
        return out;
    }

    @Override
    public void started(int port) throws IOException {
        String address = options.advertise() != null ? options.advertise() : settings.bind() + ":" + port;
        Member known = watcher.view().members().get(options.nodeId()); // a node asked to leave stays leaving
        Member self = new Member(options.nodeId(), address, known == null ? Member.ACTIVE : known.state());
        selfAddress = address;
        store.put(Keys.member(self.id()), Json.write(self));
        liveness = new Liveness(store, self, timer);
        watcher.refresh();
        rebalancer.start();
        LOG.log(System.Logger.Level.INFO, "node {0} joined the cluster at {1} as {2} ({3} members)", self.id(),
                options.etcdEndpoints(), address, watcher.view().members().size());
    }

    @Override
    public void drain() {
        router.drain();
    }

    @Override
    public void stopped() {
        close();
    }

    private void close() {
        if (rebalancer != null) {
            rebalancer.close();
        }
        if (liveness != null) {
            liveness.close();
        }
        watcher.close();
        peers.close();
        timer.shutdownNow();
        store.close();
    }
}
