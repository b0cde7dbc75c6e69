package io.drift.cluster.route;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.drift.cluster.meta.ClusterView;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.cluster.meta.ShardMap;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Sends a call to some shards of a collection, in parallel, to the shards' owners by the newest
 * shard map, and gathers the answers: one call per shard ({@link Call}), or one per node for all
 * its shards ({@link NodeCall}), this node's own answered last, after the others are on their way.
 * A shard that has just moved (its old owner no longer has it, or holds its writes while handing
 * it over) is tried again on the newer map, within {@link #RETRY_WINDOW} and the call's deadline;
 * a node that refused a connection is tried once more, connecting at once (it may have
 * restarted). A shard that still cannot answer makes the whole call {@code UNAVAILABLE}, naming
 * every such shard, its node and why, unless the caller accepts a partial answer. Any other
 * failure of a shard (a bad argument, say) is the call's status, with the shards' collection names
 * turned back into the collection's.
 */
public final class Scatter {

    /** Trailer of a shard's answer while it is being handed over: retry on the next map. */
    public static final Metadata.Key<String> MOVING =
            Metadata.Key.of("drift-shard-moving", Metadata.ASCII_STRING_MARSHALLER);
    /** How long a shard is retried while its map changes. */
    static final Duration RETRY_WINDOW = Duration.ofSeconds(15);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final ClusterWatcher watcher;
    private final Peers peers;
    private final Supplier<String> selfAddress;

    /** @param selfAddress this node's address (its own shards' calls are sent last; null until known) */
    public Scatter(ClusterWatcher watcher, Peers peers, Supplier<String> selfAddress) {
        this.watcher = watcher;
        this.peers = peers;
        this.selfAddress = selfAddress;
    }

    /** One shard's call: sent to {@code channel} for the shard collection {@code shardName}. */
    public interface Call<R> {
        ListenableFuture<R> send(Channel channel, String shardName, int shard);
    }

    /** One node's call for several shards: one outcome per shard, in order. */
    public interface NodeCall<R> {
        ListenableFuture<List<Outcome<R>>> send(String address, List<Integer> shards);
    }

    /** A shard's answer: a value, or the status it failed with and the trailers that came with it. */
    public record Outcome<R>(R value, Status status, Metadata trailers) {
        public static <R> Outcome<R> of(R value) {
            return new Outcome<>(value, Status.OK, null);
        }

        public static <R> Outcome<R> failed(Throwable t) {
            return new Outcome<>(null, Status.fromThrowable(t), Status.trailersFromThrowable(t));
        }

        /** The shard is being handed over. */
        public static <R> Outcome<R> moving() {
            Metadata trailers = new Metadata();
            trailers.put(MOVING, "1");
            return new Outcome<>(null, Status.UNAVAILABLE.withDescription("the shard is moving"), trailers);
        }
    }

    /** The answers by shard, and the shards that could not answer (only with a partial answer allowed). */
    public record Answers<R>(Map<Integer, R> byShard, List<String> unavailable) {
        public boolean partial() {
            return !unavailable.isEmpty();
        }
    }

    public <R> Answers<R> run(String collection, Collection<Integer> shards, Call<R> call, boolean allowPartial) {
        return runByNode(collection, shards, perShard(collection, call), allowPartial);
    }

    /** {@code call} sent shard by shard, its outcomes gathered per node. */
    private <R> NodeCall<R> perShard(String collection, Call<R> call) {
        return (address, shards) -> {
            Channel channel = peers.channel(address);
            List<ListenableFuture<Outcome<R>>> each = new ArrayList<>(shards.size());
            for (int s : shards) {
                each.add(Futures.catching(
                        Futures.transform(call.send(channel, ShardNames.of(collection, s), s), Outcome::of,
                                MoreExecutors.directExecutor()),
                        Throwable.class, Outcome::failed, MoreExecutors.directExecutor()));
            }
            return Futures.allAsList(each);
        };
    }

    public <R> Answers<R> runByNode(String collection, Collection<Integer> shards, NodeCall<R> call,
                                    boolean allowPartial) {
        Map<Integer, R> results = new TreeMap<>();
        Map<Integer, String> unavailable = new TreeMap<>();
        List<Integer> pending = new ArrayList<>(shards);
        Set<String> reconnected = new HashSet<>();
        long giveUp = System.nanoTime() + RETRY_WINDOW.toNanos();
        Deadline deadline = Context.current().getDeadline();
        while (!pending.isEmpty()) {
            ClusterView view = watcher.view();
            ShardMap map = view.shardMaps().get(collection);
            if (map == null) {
                throw Status.NOT_FOUND.withDescription("collection '" + collection + "' does not exist")
                        .asRuntimeException();
            }
            Map<String, List<Integer>> byAddress = new LinkedHashMap<>();
            Map<Integer, String> where = new TreeMap<>();
            for (int s : pending) {
                String owner = map.owner(s);
                String address = view.address(owner);
                where.put(s, "node " + owner + (address == null ? "" : " at " + address));
                if (address == null) {
                    unavailable.put(s, where.get(s) + ": the node is not a member of the cluster");
                } else {
                    byAddress.computeIfAbsent(address, a -> new ArrayList<>()).add(s);
                }
            }
            String self = selfAddress.get();
            if (self != null && byAddress.containsKey(self)) { // its own shards last
                byAddress.put(self, byAddress.remove(self));
            }
            Map<String, ListenableFuture<List<Outcome<R>>>> sent = new LinkedHashMap<>();
            byAddress.forEach((address, list) -> sent.put(address, call.send(address, list)));
            List<Integer> retry = new ArrayList<>();
            StatusRuntimeException failure = null;
            for (Map.Entry<String, ListenableFuture<List<Outcome<R>>>> e : sent.entrySet()) {
                List<Integer> list = byAddress.get(e.getKey());
                List<Outcome<R>> outcomes = outcomes(e.getValue(), list.size());
                List<Integer> unreachable = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    int s = list.get(i);
                    Outcome<R> o = outcomes.get(i);
                    if (o.status().isOk()) {
                        results.put(s, o.value());
                    } else if (movedAway(o, collection, s)) {
                        retry.add(s);
                    } else if (unreachable(o.status())) {
                        unreachable.add(s);
                        unavailable.put(s, where.get(s) + ": " + o.status().getCode()
                                + (o.status().getDescription() == null ? "" : " " + o.status().getDescription()));
                    } else if (failure == null) {
                        failure = translate(o.status(), collection).asRuntimeException();
                    }
                }
                if (!unreachable.isEmpty() && reconnected.add(e.getKey())) {
                    // the channel may still be backing off from the node's last failure: once more,
                    // connecting at once (a node that restarted is back; a dead one refuses again)
                    peers.reconnect(e.getKey());
                    unreachable.forEach(unavailable::remove);
                    retry.addAll(unreachable);
                }
            }
            if (failure != null) {
                throw failure;
            }
            pending = retry;
            if (!pending.isEmpty()) {
                boolean timeLeft = System.nanoTime() < giveUp && (deadline == null || !deadline.isExpired());
                if (!timeLeft) {
                    for (int s : pending) {
                        unavailable.put(s, where.get(s) + ": the shard is being moved and did not settle within "
                                + RETRY_WINDOW.toSeconds() + " s");
                    }
                    break;
                }
                try {
                    watcher.awaitNewer(view.revision(), RETRY_PAUSE);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
                }
            }
        }
        if (!unavailable.isEmpty() && !allowPartial) {
            StringBuilder msg = new StringBuilder();
            unavailable.forEach((s, why) -> msg.append(msg.isEmpty() ? "" : "; ").append("shard ")
                    .append(ShardNames.label(collection, s)).append(" (").append(why).append(')'));
            throw Status.UNAVAILABLE.withDescription(msg.toString()).asRuntimeException();
        }
        List<String> labels = unavailable.keySet().stream().map(s -> ShardNames.label(collection, s)).toList();
        return new Answers<>(results, labels);
    }

    /** A node's outcomes, or its failure as every shard's outcome. */
    private static <R> List<Outcome<R>> outcomes(ListenableFuture<List<Outcome<R>>> f, int shards) {
        try {
            List<Outcome<R>> out = f.get();
            if (out.size() != shards) {
                throw new IllegalStateException("a node answered " + out.size() + " shards of " + shards);
            }
            return out;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        } catch (ExecutionException ee) {
            Outcome<R> failed = Outcome.failed(ee.getCause());
            return java.util.Collections.nCopies(shards, failed);
        }
    }

    /** The shard is not (or no longer) where the map said: its owner changed or is changing. */
    private static boolean movedAway(Outcome<?> o, String collection, int shard) {
        if (o.trailers() != null && o.trailers().containsKey(MOVING)) {
            return true;
        }
        return o.status().getCode() == Status.Code.NOT_FOUND && o.status().getDescription() != null
                && o.status().getDescription().contains(ShardNames.of(collection, shard));
    }

    /** The shard's node did not answer (not: the caller's own deadline passed). */
    private static boolean unreachable(Status st) {
        if (st.getCode() == Status.Code.UNAVAILABLE) {
            return true;
        }
        Deadline own = Context.current().getDeadline();
        return st.getCode() == Status.Code.DEADLINE_EXCEEDED && (own == null || !own.isExpired());
    }

    /** {@code st} with the shards' collection names in its description turned into {@code collection}. */
    static Status translate(Status st, String collection) {
        if (st.getDescription() == null) {
            return st;
        }
        return st.withDescription(Pattern.compile(Pattern.quote(collection) + "_s\\d{4}")
                .matcher(st.getDescription()).replaceAll(collection));
    }
}
