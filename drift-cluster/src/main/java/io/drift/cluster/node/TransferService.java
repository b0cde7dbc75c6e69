package io.drift.cluster.node;

import io.drift.CollectionNotFoundException;
import io.drift.DriftEngine;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.cluster.meta.ShardMap;
import io.drift.cluster.proto.v1.AdoptRequest;
import io.drift.cluster.proto.v1.AdoptResponse;
import io.drift.cluster.proto.v1.DiscardRequest;
import io.drift.cluster.proto.v1.DiscardResponse;
import io.drift.cluster.proto.v1.FileChunk;
import io.drift.cluster.proto.v1.PutFileResponse;
import io.drift.cluster.proto.v1.StagedFile;
import io.drift.cluster.proto.v1.TransferGrpc;
import io.drift.cluster.route.ShardNames;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The receiving side of a shard move ({@code drift.cluster.v1.Transfer}): files are staged in the
 * data directory under {@code .tmp-move-<shard>-<move>} (a name the engine removes when it opens,
 * so a crash leaves nothing), then adopted as the shard's collection
 * ({@link DriftEngine#adoptCollection}).
 */
final class TransferService extends TransferGrpc.TransferImplBase {

    private static final System.Logger LOG = System.getLogger(TransferService.class.getName());
    private static final Pattern MOVE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern PATH = Pattern.compile("(wal/)?[A-Za-z0-9_.-]{1,128}");

    private final DriftEngine engine;
    private final ClusterWatcher watcher;
    private final String self;
    private final ShardGate gate;

    TransferService(DriftEngine engine, ClusterWatcher watcher, String self, ShardGate gate) {
        this.engine = engine;
        this.watcher = watcher;
        this.self = self;
        this.gate = gate;
    }

    /** The staging directory of a move. */
    private Path staging(String shard, String moveId) {
        if (ShardNames.collectionOf(shard) == null) {
            throw invalid("shard", "'" + shard + "' names no shard");
        }
        if (!MOVE_ID.matcher(moveId).matches()) {
            throw invalid("move_id", "'" + moveId + "' is not a move id");
        }
        return engine.dataDir().resolve(".tmp-move-" + shard + "-" + moveId);
    }

    private static StatusRuntimeException invalid(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }

    @Override
    public StreamObserver<FileChunk> putFile(StreamObserver<PutFileResponse> out) {
        return new StreamObserver<>() {
            FileChannel file;
            String path;
            long written;
            boolean failed;

            @Override
            public void onNext(FileChunk chunk) {
                if (failed) {
                    return;
                }
                try {
                    if (file == null) {
                        open(chunk);
                    }
                    ByteBuffer data = chunk.getData().asReadOnlyByteBuffer();
                    while (data.hasRemaining()) {
                        written += file.write(data, written);
                    }
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }

            private void open(FileChunk first) throws IOException {
                if (!PATH.matcher(first.getPath()).matches()) {
                    throw invalid("path", "'" + first.getPath() + "' is not a file of a collection");
                }
                Path dir = staging(first.getShard(), first.getMoveId());
                Path target = dir.resolve(first.getPath());
                Files.createDirectories(target.getParent());
                file = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (first.getOffset() > file.size()) {
                    throw invalid("offset", first.getOffset() + " is past the end of " + first.getPath() + " ("
                            + file.size() + " bytes staged)");
                }
                file.truncate(first.getOffset()); // a log extended from where the last round ended
                written = first.getOffset();
                path = first.getPath();
            }

            private void fail(Exception e) {
                failed = true;
                close();
                out.onError(e instanceof StatusRuntimeException s ? s
                        : Status.INTERNAL.withDescription("staging " + path + ": " + e.getMessage()).asRuntimeException());
            }

            private void close() {
                if (file != null) {
                    try {
                        file.close();
                    } catch (IOException ignored) {
                        // the move fails on its own
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                close();
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                try {
                    if (file != null) {
                        file.force(true);
                    }
                    close();
                    out.onNext(PutFileResponse.newBuilder().setLength(written).build());
                    out.onCompleted();
                } catch (IOException e) {
                    fail(e);
                }
            }
        };
    }

    @Override
    public void adopt(AdoptRequest req, StreamObserver<AdoptResponse> out) {
        try {
            Path dir = staging(req.getShard(), req.getMoveId());
            Set<String> wanted = new HashSet<>();
            for (StagedFile f : req.getFilesList()) {
                wanted.add(f.getPath());
                Path p = dir.resolve(f.getPath());
                if (!Files.exists(p) || Files.size(p) != f.getLength()) {
                    throw Status.FAILED_PRECONDITION.withDescription("staged " + f.getPath() + " is "
                            + (Files.exists(p) ? Files.size(p) + " bytes, not " + f.getLength() : "missing"))
                            .asRuntimeException();
                }
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    if (!wanted.contains(dir.relativize(p).toString().replace('\\', '/'))) {
                        Files.delete(p); // named by the first round, gone by the last
                    }
                }
            }
            dropOrphan(req.getShard());
            engine.adoptCollection(req.getShard(), dir);
            gate.forget(req.getShard());
            LOG.log(System.Logger.Level.INFO, "took in shard {0} (move {1}, {2} files)", req.getShard(),
                    req.getMoveId(), req.getFilesCount());
            out.onNext(AdoptResponse.getDefaultInstance());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        } catch (IOException | RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription("adopting " + req.getShard() + ": " + e.getMessage())
                    .asRuntimeException());
        }
    }

    /**
     * Drops a copy of {@code shard} this node holds but does not own (left by a move given up):
     * the move about to land replaces it.
     */
    private void dropOrphan(String shard) throws IOException {
        if (!engine.listCollections().contains(shard)) {
            return;
        }
        String collection = ShardNames.collectionOf(shard);
        ShardMap map = watcher.view().shardMaps().get(collection);
        if (map != null && self.equals(map.owner(ShardNames.shardOf(shard)))) {
            throw Status.FAILED_PRECONDITION.withDescription("this node owns " + shard + " already")
                    .asRuntimeException();
        }
        try {
            engine.dropCollection(shard);
        } catch (CollectionNotFoundException gone) {
            // dropped meanwhile
        }
    }

    @Override
    public void discard(DiscardRequest req, StreamObserver<DiscardResponse> out) {
        try {
            Path dir = staging(req.getShard(), req.getMoveId());
            deleteTree(dir);
            dropOrphan(req.getShard());
            out.onNext(DiscardResponse.getDefaultInstance());
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        } catch (IOException | RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription("discarding " + req.getShard() + ": " + e.getMessage())
                    .asRuntimeException());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
