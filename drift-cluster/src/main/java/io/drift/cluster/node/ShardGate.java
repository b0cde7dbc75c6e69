package io.drift.cluster.node;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.drift.cluster.route.Scatter;
import io.drift.cluster.route.ShardMethods;
import io.drift.proto.v1.DriftGrpc;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds a shard's writes while it is handed to another node. Every call of the shard service
 * passes through here: a write counts itself in for as long as it runs; {@link #fence} stops new
 * writes to a shard and waits for those running, so a checkpoint taken afterwards holds every
 * write the shard ever acknowledged; once the shard's new owner is in etcd, {@link #moved} turns
 * every call to it away. A call turned away ends {@code UNAVAILABLE} with the
 * {@link Scatter#MOVING} trailer, and the router retries it on the newer shard map.
 */
final class ShardGate implements ServerInterceptor {

    /** The shard service's methods that change a shard. */
    private static final Set<String> WRITES = Set.of(
            DriftGrpc.getUpsertMethod(), DriftGrpc.getUpsertStreamMethod(), DriftGrpc.getDeleteMethod(),
            DriftGrpc.getSetPayloadMethod(), DriftGrpc.getOverwritePayloadMethod(), DriftGrpc.getDeletePayloadMethod(),
            DriftGrpc.getCreateFieldIndexMethod(), DriftGrpc.getDeleteFieldIndexMethod(),
            DriftGrpc.getDropCollectionMethod())
            .stream().map(m -> ShardMethods.renamed(m).getFullMethodName()).collect(java.util.stream.Collectors.toSet());

    private enum State { OPEN, FENCED, MOVED }

    private static final class Shard {
        final AtomicInteger writers = new AtomicInteger();
        volatile State state = State.OPEN;
    }

    private final ConcurrentHashMap<String, Shard> shards = new ConcurrentHashMap<>();

    private Shard shard(String name) {
        return shards.computeIfAbsent(name, n -> new Shard());
    }

    /** Stops new writes to {@code shard} and waits until none runs. */
    void fence(String shardName) throws InterruptedException {
        Shard s = shard(shardName);
        s.state = State.FENCED;
        while (s.writers.get() > 0) {
            Thread.sleep(1);
        }
    }

    /** Lets writes to {@code shard} in again (a move given up). */
    void open(String shardName) {
        shard(shardName).state = State.OPEN;
    }

    /** Turns every call to {@code shard} away: it belongs to another node now. */
    void moved(String shardName) {
        shard(shardName).state = State.MOVED;
    }

    /** Whether searches of {@code shard} may run here: it has not been handed to another node. */
    boolean readable(String shardName) {
        Shard s = shards.get(shardName);
        return s == null || s.state != State.MOVED;
    }

    /** Forgets {@code shard} (its collection was dropped, or taken in anew). */
    void forget(String shardName) {
        shards.remove(shardName);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (!ShardMethods.SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        boolean write = WRITES.contains(call.getMethodDescriptor().getFullMethodName());
        AtomicBoolean done = new AtomicBoolean();
        Shard[] entered = new Shard[1];
        Runnable leave = () -> {
            if (done.compareAndSet(false, true) && entered[0] != null) {
                entered[0].writers.decrementAndGet();
            }
        };
        ServerCall<Q, R> counted = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                leave.run();
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> delegate = next.startCall(counted, headers);
        return new SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                if (entered[0] == null && !done.get()) {
                    String name = collectionOf(message);
                    Shard s = name == null ? null : shard(name); // always counted: a fence may start any moment
                    if (s != null && !admit(s, write)) {
                        refused = true;
                        Metadata trailers = new Metadata();
                        trailers.put(Scatter.MOVING, "1");
                        counted.close(Status.UNAVAILABLE.withDescription("shard " + name + " is moving to another"
                                + " node"), trailers);
                        return;
                    }
                    if (s != null && write) {
                        entered[0] = s;
                    }
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onCancel() {
                leave.run();
                super.onCancel();
            }
        };
    }

    /** Whether a call may go on: any call while the shard is open, reads while fenced. Counts writes in. */
    private static boolean admit(Shard s, boolean write) {
        if (!write) {
            return s.state != State.MOVED;
        }
        s.writers.incrementAndGet();
        if (s.state != State.OPEN) { // checked after counting in: fence() sees the writer or the writer the fence
            s.writers.decrementAndGet();
            return false;
        }
        return true;
    }

    /** The collection a request names ({@code collection}, or {@code name} in a create), or null. */
    private static String collectionOf(Object message) {
        if (!(message instanceof Message m)) {
            return null;
        }
        FieldDescriptor f = m.getDescriptorForType().findFieldByName("collection");
        if (f == null) {
            f = m.getDescriptorForType().findFieldByName("name");
        }
        return f == null || f.getType() != FieldDescriptor.Type.STRING ? null : (String) m.getField(f);
    }
}
