package io.drift.cluster.route;

import com.google.common.util.concurrent.ListenableFuture;
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
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Sends one call to each of some shards of a collection, in parallel, to the shards' owners by the
 * newest shard map, and gathers the answers. A shard that has just moved (its old owner no longer
 * has it, or holds its writes while handing it over) is tried again on the newer map, within
 * {@link #RETRY_WINDOW} and the call's deadline. A shard that still cannot answer makes the whole
 * call {@code UNAVAILABLE}, naming every such shard, its node and why, unless the caller accepts a
 * partial answer. Any other failure of a shard (a bad argument, say) is the call's status, with the
 * shards' collection names turned back into the collection's.
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

    public Scatter(ClusterWatcher watcher, Peers peers) {
        this.watcher = watcher;
        this.peers = peers;
    }

    /** One shard's call: sent to {@code channel} for the shard collection {@code shardName}. */
    public interface Call<R> {
        ListenableFuture<R> send(Channel channel, String shardName, int shard);
    }

    /** The answers by shard, and the shards that could not answer (only with a partial answer allowed). */
    public record Answers<R>(Map<Integer, R> byShard, List<String> unavailable) {
        public boolean partial() {
            return !unavailable.isEmpty();
        }
    }

    public <R> Answers<R> run(String collection, Collection<Integer> shards, Call<R> call, boolean allowPartial) {
        Map<Integer, R> results = new TreeMap<>();
        Map<Integer, String> unavailable = new TreeMap<>();
        List<Integer> pending = new ArrayList<>(shards);
        Set<Integer> reconnected = new HashSet<>();
        long giveUp = System.nanoTime() + RETRY_WINDOW.toNanos();
        Deadline deadline = Context.current().getDeadline();
        while (!pending.isEmpty()) {
            ClusterView view = watcher.view();
            ShardMap map = view.shardMaps().get(collection);
            if (map == null) {
                throw Status.NOT_FOUND.withDescription("collection '" + collection + "' does not exist")
                        .asRuntimeException();
            }
            Map<Integer, ListenableFuture<R>> sent = new LinkedHashMap<>();
            Map<Integer, String> where = new TreeMap<>();
            for (int s : pending) {
                String owner = map.owner(s);
                String address = view.address(owner);
                where.put(s, "node " + owner + (address == null ? "" : " at " + address));
                if (address == null) {
                    unavailable.put(s, where.get(s) + ": the node is not a member of the cluster");
                    continue;
                }
                sent.put(s, call.send(peers.channel(address), ShardNames.of(collection, s), s));
            }
            List<Integer> retry = new ArrayList<>();
            StatusRuntimeException failure = null;
            for (Map.Entry<Integer, ListenableFuture<R>> e : sent.entrySet()) {
                int s = e.getKey();
                try {
                    results.put(s, e.getValue().get());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
                } catch (ExecutionException ee) {
                    Status st = Status.fromThrowable(ee.getCause());
                    Metadata trailers = Status.trailersFromThrowable(ee.getCause());
                    if (movedAway(st, trailers, collection, s)) {
                        retry.add(s);
                    } else if (unreachable(st) && reconnected.add(s)) {
                        // the channel may still be backing off from the node's last failure: once more,
                        // connecting at once (a node that restarted is back; a dead one refuses again)
                        peers.reconnect(view.address(map.owner(s)));
                        retry.add(s);
                    } else if (unreachable(st)) {
                        unavailable.put(s, where.get(s) + ": " + st.getCode() + (st.getDescription() == null
                                ? "" : " " + st.getDescription()));
                    } else if (failure == null) {
                        failure = translate(st, collection).asRuntimeException();
                    }
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

    /** The shard is not (or no longer) where the map said: its owner changed or is changing. */
    private static boolean movedAway(Status st, Metadata trailers, String collection, int shard) {
        if (trailers != null && trailers.containsKey(MOVING)) {
            return true;
        }
        return st.getCode() == Status.Code.NOT_FOUND && st.getDescription() != null
                && st.getDescription().contains(ShardNames.of(collection, shard));
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
