package io.drift.cluster.node;

import io.drift.Checkpoint;
import io.drift.DriftEngine;
import io.drift.VectorCollection;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.cluster.proto.v1.AdoptRequest;
import io.drift.cluster.proto.v1.DiscardRequest;
import io.drift.cluster.proto.v1.StagedFile;
import io.drift.cluster.proto.v1.TransferGrpc;
import io.drift.cluster.route.Peers;
import io.drift.cluster.route.ShardNames;
import io.grpc.Channel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hands a shard this node owns to another node while writes and searches go on
 * (docs/ARCHITECTURE.md, "Moving a shard"):
 * <ol>
 *   <li>the map marks the shard as moving to the target (a transaction in etcd);
 *   <li>a checkpoint of the shard's collection is sent, every file whole: the bulk, while the shard
 *       takes writes;
 *   <li>the shard's writes are fenced ({@link ShardGate}: new ones are turned away, to be retried by
 *       their routers, and running ones finish); a second checkpoint is taken and only what it adds
 *       is sent: files the first had not, and the logs' new tails;
 *   <li>the target adopts the files as the shard's collection; the map names it the owner (a
 *       transaction); the old copy turns every call away and is dropped by the next
 *       {@link Rebalancer} pass.
 * </ol>
 * Every write acknowledged before the fence is in the second checkpoint; none is acknowledged
 * between the fence and the switch. A failure before the switch gives the move up: the target
 * discards what it received, the map forgets the target, the fence opens.
 */
final class ShardMover {

    private static final System.Logger LOG = System.getLogger(ShardMover.class.getName());
    /**
     * A failpoint for fault tests: milliseconds every move waits after sending its bulk, so a test
     * can kill either end in the middle of a move. 0 (the default) in every other use.
     */
    static final long PAUSE_MILLIS = Long.getLong("drift.cluster.failpoint.movePauseMillis", 0);

    /** What a move did. */
    record Report(String shard, String from, String to, int files, long bytes, long millis, long fencedMillis) {
        @Override
        public String toString() {
            return String.format("%s from %s to %s: %d files, %,d bytes in %d ms (writes held %d ms)", shard, from, to,
                    files, bytes, millis, fencedMillis);
        }
    }

    private final DriftEngine engine;
    private final ClusterWatcher watcher;
    private final MapEdits maps;
    private final Peers peers;
    private final ShardGate gate;
    private final String self;

    ShardMover(DriftEngine engine, ClusterWatcher watcher, MapEdits maps, Peers peers, ShardGate gate, String self) {
        this.engine = engine;
        this.watcher = watcher;
        this.maps = maps;
        this.peers = peers;
        this.gate = gate;
        this.self = self;
    }

    Report move(String collection, int shard, String target) throws IOException, InterruptedException {
        String name = ShardNames.of(collection, shard);
        String address = watcher.view().address(target);
        if (address == null) {
            throw new IOException("node " + target + " has no address");
        }
        if (!maps.apply(collection, m -> self.equals(m.owner(shard)) && m.target(shard) == null
                ? m.withTarget(shard, target) : null)) {
            throw new IOException(name + " is not this node's to move");
        }
        long start = System.nanoTime();
        String moveId = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Channel channel = peers.channel(address);
        VectorCollection c = engine.collection(name);
        Path first = engine.dataDir().resolve(".tmp-ckpt-" + name + "-" + moveId + "-1");
        Path last = engine.dataDir().resolve(".tmp-ckpt-" + name + "-" + moveId + "-2");
        boolean fenced = false;
        try {
            Map<String, Long> sent = new HashMap<>();
            long bytes = 0;
            Checkpoint bulk = c.checkpoint(first);
            for (Checkpoint.File f : bulk.files()) {
                bytes += FileSender.send(channel, new FileSender.Target(moveId, name, f.path()),
                        first.resolve(f.path()), 0, f.bytes());
                sent.put(f.path(), f.bytes());
            }
            TransferService.deleteTree(first);
            if (PAUSE_MILLIS > 0) {
                Thread.sleep(PAUSE_MILLIS);
            }
            long fenceStart = System.nanoTime();
            gate.fence(name);
            fenced = true;
            Checkpoint tail = c.checkpoint(last);
            AdoptRequest.Builder adopt = AdoptRequest.newBuilder().setMoveId(moveId).setShard(name);
            for (Checkpoint.File f : tail.files()) {
                Long had = sent.get(f.path());
                // immutable files keep their names; a log only grows
                long from = had == null ? 0 : f.immutable() || had == f.bytes() ? -1 : had;
                if (from >= 0) {
                    bytes += FileSender.send(channel, new FileSender.Target(moveId, name, f.path()),
                            last.resolve(f.path()), from, f.bytes());
                }
                adopt.addFiles(StagedFile.newBuilder().setPath(f.path()).setLength(f.bytes()));
            }
            TransferGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.MINUTES).adopt(adopt.build());
            if (!maps.apply(collection, m -> self.equals(m.owner(shard)) && target.equals(m.target(shard))
                    ? m.withOwner(shard, target) : null)) {
                throw new IOException("the shard map of " + collection + " changed during the move of " + name);
            }
            gate.moved(name);
            long now = System.nanoTime();
            Report r = new Report(ShardNames.label(collection, shard), self, target, tail.files().size(), bytes,
                    TimeUnit.NANOSECONDS.toMillis(now - start), TimeUnit.NANOSECONDS.toMillis(now - fenceStart));
            LOG.log(System.Logger.Level.INFO, "moved shard {0}", r);
            return r;
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "moving shard {0} to {1} failed, giving it up: {2}", name, target,
                    e.toString());
            giveUp(collection, shard, target, moveId, channel);
            if (fenced) {
                reopen(collection, shard, name);
            }
            throw e;
        } finally {
            TransferService.deleteTree(first);
            TransferService.deleteTree(last);
        }
    }

    /**
     * Lets the shard's writes in again after a failed move, unless the switch went through after
     * all (a lost answer from etcd): then the shard is the target's and stays closed here.
     */
    private void reopen(String collection, int shard, String name) {
        try {
            watcher.refresh();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the shard map; {0} stays closed until it can", name);
            return; // the Rebalancer opens it once the map says this node still owns it
        }
        var map = watcher.view().shardMaps().get(collection);
        if (map != null && self.equals(map.owner(shard))) {
            gate.open(name);
        } else {
            gate.moved(name);
        }
    }

    private void giveUp(String collection, int shard, String target, String moveId, Channel channel) {
        try {
            TransferGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .discard(DiscardRequest.newBuilder().setMoveId(moveId).setShard(ShardNames.of(collection, shard))
                            .build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the target kept what it received ({0}); it drops it once it sees"
                    + " it does not own the shard", e.getMessage());
        }
        try {
            maps.apply(collection, m -> self.equals(m.owner(shard)) && target.equals(m.target(shard))
                    ? m.withTarget(shard, null) : null);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clear the move of {0} in etcd ({1}); the next pass does",
                    ShardNames.of(collection, shard), e.getMessage());
        }
    }
}
