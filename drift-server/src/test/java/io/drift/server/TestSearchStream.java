package io.drift.server;

import io.drift.client.DriftClient;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchStreamRequest;
import io.drift.proto.v1.SearchStreamResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A SearchStream a test drives: it sends searches, and collects the answers in order and how the stream ended. */
final class TestSearchStream implements ClientResponseObserver<SearchStreamRequest, SearchStreamResponse> {

    private final BlockingQueue<SearchStreamResponse> answers = new LinkedBlockingQueue<>();
    /** Completes when the server ends the stream: normally, or with its status as the exception. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final boolean reading;
    private ClientCallStreamObserver<SearchStreamRequest> call;

    private TestSearchStream(boolean reading) {
        this.reading = reading;
    }

    /** A stream that takes every answer as it comes. */
    static TestSearchStream open(DriftClient client) {
        return open(client, true);
    }

    /** With {@code reading} false, no answer is taken until {@link #read} asks for some. */
    static TestSearchStream open(DriftClient client, boolean reading) {
        TestSearchStream s = new TestSearchStream(reading);
        client.async().searchStream(s);
        return s;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SearchStreamRequest> call) {
        this.call = call;
        if (!reading) {
            call.disableAutoRequestWithInitial(0);
        }
    }

    void send(long tag, SearchRequest search) {
        call.onNext(SearchStreamRequest.newBuilder().setTag(tag).setSearch(search).build());
    }

    void send(SearchStreamRequest request) {
        call.onNext(request);
    }

    /** Takes {@code n} more answers. */
    void read(int n) {
        call.request(n);
    }

    /** Says the client is done sending. */
    void complete() {
        call.onCompleted();
    }

    /** The next answer, waiting up to a minute for it. */
    SearchStreamResponse next() throws InterruptedException {
        SearchStreamResponse r = answers.poll(60, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no answer within 60 s" + (ended.isDone() ? "; the stream ended: " + ended : ""));
        }
        return r;
    }

    /** Answers received and not yet taken by {@link #next}. */
    int waiting() {
        return answers.size();
    }

    @Override
    public void onNext(SearchStreamResponse r) {
        answers.add(r);
    }

    @Override
    public void onError(Throwable t) {
        ended.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        ended.complete(null);
    }
}
