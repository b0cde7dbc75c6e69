package io.drift.wal;

import io.drift.storage.DiskManager;
import io.drift.storage.FileFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends records to one log file, thread-safe, with group commit.
 *
 * <p>{@link #append} encodes a batch, gives it consecutive sequence numbers and writes it under
 * one lock, so a batch is contiguous in the file and sequence numbers follow file order. Under
 * {@link SyncPolicy#SYNC} it then waits until an fsync covers its bytes: the first waiter to find
 * no fsync running starts one for everything written so far, the others wait for it, so writers
 * that arrive together share one fsync. Under ASYNC a background thread fsyncs every interval.
 *
 * <p>After a failed write or fsync the writer refuses further appends (the file's state on disk is
 * unknown; replay decides what survived).
 */
public final class WalWriter implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final SyncPolicy sync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private long nextSeq;
    private long written;
    /** The last sequence number an fsync covers. */
    private long durableSeq;
    private boolean syncing;
    private long syncs;
    private IOException failure;
    private boolean closed;
    private final Thread flusher;
    private final Syncer syncer;

    /** How the file is forced to stable storage; a seam for tests that need a slow or failing disk. */
    @FunctionalInterface
    interface Syncer {
        void force() throws IOException;
    }

    private WalWriter(Path file, FileChannel channel, long position, long nextSeq, SyncPolicy sync,
                      Syncer syncer) {
        this.file = file;
        this.channel = channel;
        this.syncer = syncer != null ? syncer : () -> channel.force(false);
        this.written = position;
        this.nextSeq = nextSeq;
        this.durableSeq = nextSeq - 1;
        this.sync = Objects.requireNonNull(sync, "sync");
        if (sync.mode() == SyncPolicy.Mode.ASYNC) {
            flusher = Thread.ofPlatform().daemon().name("drift-wal-sync " + file.getFileName()).start(this::syncLoop);
        } else {
            flusher = null;
        }
    }

    /** Creates a new, empty log file whose first record will have sequence number {@code firstSeq}. */
    public static WalWriter create(Path file, long firstSeq, SyncPolicy sync) throws IOException {
        return create(file, firstSeq, sync, null);
    }

    static WalWriter create(Path file, long firstSeq, SyncPolicy sync, Syncer syncer) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        // the header is written under a temporary name and renamed into place: a log exists whole or not at all
        Path temp = DiskManager.tempFileFor(file);
        ByteBuffer header = ByteBuffer.allocate(FileFormat.HEADER_BYTES);
        FileFormat.writeHeader(header, WalFormat.FILE_MAGIC, WalFormat.FILE_VERSION);
        header.flip();
        try (FileChannel t = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (header.hasRemaining()) {
                t.write(header);
            }
        }
        DiskManager.publish(temp, file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            ch.position(FileFormat.HEADER_BYTES);
            return new WalWriter(file, ch, FileFormat.HEADER_BYTES, firstSeq, sync, syncer);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reopens an existing log file to append after its {@code validBytes} good bytes (its torn tail,
     * if any, already cut off), the next record numbered {@code nextSeq}.
     */
    public static WalWriter reopen(Path file, long validBytes, long nextSeq, SyncPolicy sync) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            if (ch.size() != validBytes) {
                throw new IOException("write-ahead log " + file + " is " + ch.size() + " bytes, expected " + validBytes
                        + " after replay");
            }
            ch.position(validBytes);
            return new WalWriter(file, ch, validBytes, nextSeq, sync, null);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Logs {@code ops} as consecutive records and returns the sequence number of the last one;
     * under SYNC the records are on stable storage when this returns.
     *
     * @throws IOException when the log cannot be written or synced (then, and from then on, nothing
     *     more is accepted)
     */
    public long append(List<WalOp> ops) throws IOException {
        long last = write(ops);
        if (sync.mode() == SyncPolicy.Mode.SYNC) {
            awaitDurable(last);
        }
        return last;
    }

    /**
     * Logs {@code ops} as consecutive records without waiting for stable storage (see
     * {@link #awaitDurable}); returns the sequence number of the last one. Lets a caller apply a
     * batch in log order under its own lock and wait for the fsync after releasing it.
     */
    public long write(List<WalOp> ops) throws IOException {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("an empty batch");
        }
        int bytes = 0;
        for (WalOp op : ops) {
            bytes = Math.addExact(bytes, WalFormat.recordBytes(op));
        }
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        long last;
        lock.lock();
        try {
            checkUsable();
            long seq = nextSeq;
            for (WalOp op : ops) {
                WalFormat.encode(seq++, op, buf);
            }
            buf.flip();
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            last = seq - 1;
            nextSeq = seq;
            written += bytes;
        } finally {
            lock.unlock();
        }
        return last;
    }

    /** Forces everything written so far to stable storage. */
    public void sync() throws IOException {
        long target;
        lock.lock();
        try {
            target = nextSeq - 1;
        } finally {
            lock.unlock();
        }
        awaitDurable(target);
    }

    /**
     * Waits until an fsync covers the record numbered {@code seq} (and so every one before it),
     * running one when none is in flight; concurrent waiters share it (group commit). Returns at
     * once for a record already durable, even after {@link #close()}.
     */
    public void awaitDurable(long seq) throws IOException {
        lock.lock();
        try {
            if (seq >= nextSeq) {
                throw new IllegalArgumentException("record " + seq + " has not been written to " + file);
            }
            while (durableSeq < seq) {
                checkUsable();
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long targetSeq = nextSeq - 1;
                lock.unlock();
                IOException error = null;
                try {
                    syncer.force();
                } catch (IOException e) {
                    error = e;
                } finally {
                    lock.lock();
                    syncing = false;
                    if (error == null) {
                        durableSeq = Math.max(durableSeq, targetSeq);
                        syncs++;
                    } else {
                        failure = error;
                    }
                    synced.signalAll();
                }
                if (error != null) {
                    throw error;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException("write-ahead log " + file + " failed earlier and accepts no more writes", failure);
        }
        if (closed) {
            throw new IOException("write-ahead log " + file + " is closed");
        }
    }

    private void syncLoop() {
        long nanos = sync.interval().toNanos();
        while (true) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
            lock.lock();
            try {
                if (closed || failure != null) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                sync();
            } catch (IOException e) {
                return; // recorded in failure; the next append reports it
            }
        }
    }

    /** The sequence number the next record will get. */
    public long nextSeq() {
        lock.lock();
        try {
            return nextSeq;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes written to the file so far. */
    public long sizeInBytes() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }

    /** fsyncs performed by appends and {@link #sync()}: with group commit, fewer than appends. */
    public long syncCount() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }

    /** Syncs what was written (unless an earlier failure makes that pointless) and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            if (failure == null && !closed) {
                sync();
            }
        } finally {
            lock.lock();
            try {
                closed = true;
                synced.signalAll();
            } finally {
                lock.unlock();
            }
            if (flusher != null) {
                java.util.concurrent.locks.LockSupport.unpark(flusher);
            }
            channel.close();
        }
    }
}
