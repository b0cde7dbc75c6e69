package io.drift.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Where a short, CPU-bound, never-blocking call (a search) runs: on its connection's event-loop
 * thread when it is the only such call in flight on that connection, which saves a thread hop per
 * call; otherwise on {@code overflow}. All the calls of one connection share one event loop, so
 * without the overflow a client multiplexing its searches over one channel (as gRPC advises) got
 * one core of the server: with 4 searches in flight on one channel, 0.33x the embedded engine's
 * QPS against 0.73x over 4 channels (docs/BENCHMARKS.md, "bench server").
 *
 * <p>{@link #executorFor} counts a call in when it starts; the interceptor counts it out when it
 * answers (or is cancelled), so it must be installed for the same methods.
 */
final class TransportDispatch implements ServerInterceptor {

    /** Key for calls whose transport names no remote address (in-process). */
    private static final Object UNKNOWN = new Object();

    private final Set<String> methods;
    private final Executor overflow;
    private final ConcurrentHashMap<Object, Integer> inFlight = new ConcurrentHashMap<>();

    /** For calls of {@code methods} (full gRPC names); the others are not this class's business. */
    TransportDispatch(Set<String> methods, Executor overflow) {
        this.methods = Set.copyOf(methods);
        this.overflow = overflow;
    }

    /** Whether calls of {@code fullMethodName} are dispatched here. */
    boolean handles(String fullMethodName) {
        return methods.contains(fullMethodName);
    }

    /**
     * The executor for a call of one of the methods, as it starts: {@code null} (the transport
     * thread) if no other is in flight on its connection, else the overflow executor.
     */
    Executor executorFor(ServerCall<?, ?> call) {
        int[] before = new int[1];
        inFlight.compute(connection(call), (k, n) -> {
            before[0] = n == null ? 0 : n;
            return before[0] + 1;
        });
        return before[0] == 0 ? null : overflow;
    }

    /** Calls in flight on the connection of {@code call} (for tests). */
    int inFlight(ServerCall<?, ?> call) {
        return inFlight.getOrDefault(connection(call), 0);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (!handles(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        Object connection = connection(call);
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                done(connection);
            }
        };
        // counted out when the answer is handed to the transport, before the client can have it
        // (and send its next search): counting out when the stream closes came too late, and a
        // closed-loop client's every next search went to the overflow executor
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                end.run();
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(counted, headers);
        } catch (RuntimeException e) {
            end.run();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() { // a cancelled call may never be closed
                end.run();
                super.onCancel();
            }
        };
    }

    private void done(Object connection) {
        inFlight.computeIfPresent(connection, (k, n) -> n == 1 ? null : n - 1);
    }

    private static Object connection(ServerCall<?, ?> call) {
        Object address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return address == null ? UNKNOWN : address;
    }
}
