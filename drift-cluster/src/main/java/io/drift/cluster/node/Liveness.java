package io.drift.cluster.node;

import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Json;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.Member;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this node's live key in etcd: put under a lease of {@value #TTL_SECONDS} s, renewed every
 * second. When the lease is lost (etcd restarted, or this node was paused past the TTL) a new one
 * is granted and the key put again, so the node reappears as soon as etcd answers.
 */
final class Liveness implements AutoCloseable {

    static final long TTL_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(Liveness.class.getName());

    private final EtcdStore store;
    private final Member self;
    private final ScheduledFuture<?> task;
    private long lease; // 0: none; touched only by the timer thread and close
    private boolean failing;

    Liveness(EtcdStore store, Member self, ScheduledExecutorService timer) throws IOException {
        this.store = store;
        this.self = self;
        renew(); // the first time fails loudly: a node that cannot reach etcd does not start
        this.task = timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void renew() throws IOException {
        if (lease != 0 && store.keepAlive(lease)) {
            return;
        }
        lease = store.grantLease(TTL_SECONDS);
        store.put(Keys.live(self.id()), Json.write(self), lease);
        LOG.log(System.Logger.Level.INFO, "node {0} is live in etcd at {1} (lease {2})", self.id(), store.endpoints(),
                Long.toHexString(lease));
    }

    private void tick() {
        try {
            renew();
            if (failing) {
                LOG.log(System.Logger.Level.INFO, "etcd answers again");
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.log(System.Logger.Level.WARNING, "cannot renew this node''s lease in etcd: {0}", e.getMessage());
                failing = true;
            }
        }
    }

    /** Stops renewing and revokes the lease: the node is gone from the live keys at once. */
    @Override
    public synchronized void close() {
        task.cancel(false);
        if (lease != 0) {
            try {
                store.revokeLease(lease);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot revoke this node''s lease ({0}); it expires in {1} s",
                        e.getMessage(), TTL_SECONDS);
            }
            lease = 0;
        }
    }
}
