package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.drift.proto.v1.DriftGrpc;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class TransportDispatchTest {

    private static final Executor OVERFLOW = Runnable::run;
    private static final String SEARCH = DriftGrpc.getSearchMethod().getFullMethodName();

    /** A call on the connection from {@code port}, to {@code method}; what a handler would do with it is up to the test. */
    private static final class Call extends ServerCall<Object, Object> {
        private final Attributes attributes;
        private final MethodDescriptor<Object, Object> method;

        @SuppressWarnings("unchecked")
        Call(int port, MethodDescriptor<?, ?> method) {
            this.attributes = Attributes.newBuilder()
                    .set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress("127.0.0.1", port)).build();
            this.method = (MethodDescriptor<Object, Object>) method;
        }

        @Override public void request(int numMessages) {}
        @Override public void sendHeaders(Metadata headers) {}
        @Override public void sendMessage(Object message) {}
        @Override public void close(Status status, Metadata trailers) {}
        @Override public boolean isCancelled() { return false; }
        @Override public Attributes getAttributes() { return attributes; }
        @Override public MethodDescriptor<Object, Object> getMethodDescriptor() { return method; }
    }

    /** Starts {@code call} through the interceptor; the returned call is what the handler closes. */
    private static ServerCall<Object, Object> start(TransportDispatch d, Call call) {
        @SuppressWarnings("unchecked")
        ServerCall<Object, Object>[] seen = new ServerCall[1];
        ServerCall.Listener<Object> listener = d.interceptCall(call, new Metadata(), (c, h) -> {
            seen[0] = c;
            return new ServerCall.Listener<>() {};
        });
        listener.onHalfClose();
        return seen[0];
    }

    @Test
    void aSearchRunsOnTheTransportUnlessAnotherIsInFlightOnItsConnection() {
        TransportDispatch d = new TransportDispatch(Set.of(SEARCH), OVERFLOW);
        Call first = new Call(5000, DriftGrpc.getSearchMethod());
        assertNull(d.executorFor(first), "alone on its connection: the event loop");
        ServerCall<Object, Object> handled = start(d, first);
        Call second = new Call(5000, DriftGrpc.getSearchMethod());
        assertSame(OVERFLOW, d.executorFor(second), "a second one on the same connection");
        Call elsewhere = new Call(5001, DriftGrpc.getSearchMethod());
        assertNull(d.executorFor(elsewhere), "another connection has its own event loop");
        assertEquals(2, d.inFlight(first));

        handled.close(Status.OK, new Metadata()); // the first answers: counted out at once
        handled.close(Status.OK, new Metadata()); // a second close changes nothing
        assertEquals(1, d.inFlight(first));
        start(d, second).close(Status.OK, new Metadata());
        assertEquals(0, d.inFlight(first));
        assertNull(d.executorFor(new Call(5000, DriftGrpc.getSearchMethod())));
    }

    @Test
    void aCancelledCallIsCountedOutAndOtherMethodsAreNotCounted() {
        TransportDispatch d = new TransportDispatch(Set.of(SEARCH), OVERFLOW);
        Call call = new Call(6000, DriftGrpc.getSearchMethod());
        d.executorFor(call);
        ServerCall.Listener<Object> listener = d.interceptCall(call, new Metadata(),
                (c, h) -> new ServerCall.Listener<>() {});
        listener.onCancel(); // the client went away before an answer: no close
        assertEquals(0, d.inFlight(call));

        Call upsert = new Call(6000, DriftGrpc.getUpsertMethod());
        start(d, upsert).close(Status.OK, new Metadata());
        assertEquals(0, d.inFlight(call), "not a dispatched method: never counted");
    }
}
