package io.drift.cluster.node;

import com.google.protobuf.ByteString;
import io.drift.cluster.proto.v1.FileChunk;
import io.drift.cluster.proto.v1.PutFileResponse;
import io.drift.cluster.proto.v1.TransferGrpc;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a byte range of a file to a node's {@code Transfer.PutFile}, in chunks of
 * {@value #CHUNK} bytes, sending the next only when the transport can take it (gRPC's flow
 * control), so a file of any size streams through a fixed amount of memory.
 */
final class FileSender {

    static final int CHUNK = 1 << 20;
    private static final long TIMEOUT_MINUTES = 30;

    private FileSender() {
    }

    /** Identifies the file at the receiver. */
    record Target(String moveId, String shard, String path) {
    }

    /** Sends {@code file}'s bytes {@code [offset, length)}; returns the bytes sent. */
    static long send(Channel channel, Target target, Path file, long offset, long length)
            throws IOException, InterruptedException {
        CompletableFuture<PutFileResponse> done = new CompletableFuture<>();
        Object ready = new Object();
        ClientCallStreamObserver<FileChunk> out = (ClientCallStreamObserver<FileChunk>) TransferGrpc.newStub(channel)
                .withDeadlineAfter(TIMEOUT_MINUTES, TimeUnit.MINUTES)
                .putFile(new ClientResponseObserver<FileChunk, PutFileResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<FileChunk> call) {
                        call.setOnReadyHandler(() -> {
                            synchronized (ready) {
                                ready.notifyAll();
                            }
                        });
                    }

                    @Override
                    public void onNext(PutFileResponse r) {
                        done.complete(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                        synchronized (ready) {
                            ready.notifyAll();
                        }
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        try (FileChannel in = FileChannel.open(file)) {
            long pos = offset;
            boolean first = true;
            while (first || pos < length) {
                synchronized (ready) {
                    while (!out.isReady() && !done.isDone()) {
                        ready.wait(100);
                    }
                }
                if (done.isDone()) {
                    break; // failed: the error is in done
                }
                int n = (int) Math.min(CHUNK, length - pos);
                ByteBuffer buf = ByteBuffer.allocate(n);
                while (buf.hasRemaining()) {
                    if (in.read(buf, pos + buf.position()) < 0) {
                        throw new IOException(file + " ended before byte " + length);
                    }
                }
                FileChunk.Builder chunk = FileChunk.newBuilder().setData(ByteString.copyFrom(buf.flip()));
                if (first) {
                    chunk.setMoveId(target.moveId()).setShard(target.shard()).setPath(target.path()).setOffset(offset);
                }
                out.onNext(chunk.build());
                pos += n;
                first = false;
            }
        } catch (IOException | RuntimeException e) {
            out.onError(e);
            throw e;
        }
        out.onCompleted();
        try {
            PutFileResponse r = done.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (r.getLength() != length) {
                throw new IOException("sent " + target.path() + " up to " + length + " bytes, the receiver has "
                        + r.getLength());
            }
        } catch (ExecutionException e) {
            throw new IOException("sending " + target.path() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("sending " + target.path() + " timed out", e);
        }
        return length - offset;
    }
}
