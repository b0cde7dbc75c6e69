package io.drift.cluster.meta;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The cluster's view of etcd: keys and values as strings, transactions that compare a key's
 * revision, leases and prefix watches, each call bounded by a timeout. Everything else about etcd
 * (retries of a lost connection, the watch's resumption) is jetcd's.
 */
public final class EtcdStore implements AutoCloseable {

    /** How long one call to etcd may take before it fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String endpoints;
    private final Client client;

    /** @param endpoints comma-separated URLs, e.g. {@code http://127.0.0.1:2379} */
    public EtcdStore(String endpoints) {
        this.endpoints = endpoints;
        String[] urls = endpoints.split(",");
        for (int i = 0; i < urls.length; i++) {
            urls[i] = urls[i].strip();
            if (!urls[i].contains("://")) {
                urls[i] = "http://" + urls[i];
            }
        }
        this.client = Client.builder().endpoints(urls).connectTimeout(TIMEOUT).build();
    }

    public String endpoints() {
        return endpoints;
    }

    /** One key's value and the revision that last changed it. */
    public record Entry(String key, String value, long modRevision) {
    }

    /** The keys under a prefix at one revision of the store. */
    public record Range(long revision, List<Entry> entries) {
    }

    public Range range(String prefix) throws IOException {
        GetResponse r = await(client.getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
        List<Entry> out = new ArrayList<>(r.getKvs().size());
        for (KeyValue kv : r.getKvs()) {
            out.add(entry(kv));
        }
        return new Range(r.getHeader().getRevision(), out);
    }

    public void put(String key, String value) throws IOException {
        await(client.getKVClient().put(bytes(key), bytes(value)));
    }

    /** Puts under a lease: the key goes when the lease expires or is revoked. */
    public void put(String key, String value, long lease) throws IOException {
        await(client.getKVClient().put(bytes(key), bytes(value), PutOption.builder().withLeaseId(lease).build()));
    }

    public void delete(String key) throws IOException {
        await(client.getKVClient().delete(bytes(key)));
    }

    /** Puts every entry of {@code puts} if {@code guard} does not exist; false (nothing written) if it does. */
    public boolean putIfAbsent(String guard, Map<String, String> puts) throws IOException {
        List<Op> ops = new ArrayList<>();
        puts.forEach((k, v) -> ops.add(Op.put(bytes(k), bytes(v), PutOption.DEFAULT)));
        TxnResponse r = await(client.getKVClient().txn()
                .If(new Cmp(bytes(guard), Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(ops.toArray(Op[]::new)).commit());
        return r.isSucceeded();
    }

    /**
     * Puts {@code puts} and deletes {@code deletes} if {@code key} was last changed at
     * {@code modRevision}; false (nothing written) if it changed since.
     */
    public boolean compareAndSet(String key, long modRevision, Map<String, String> puts, List<String> deletes)
            throws IOException {
        List<Op> ops = new ArrayList<>();
        puts.forEach((k, v) -> ops.add(Op.put(bytes(k), bytes(v), PutOption.DEFAULT)));
        deletes.forEach(k -> ops.add(Op.delete(bytes(k), DeleteOption.DEFAULT)));
        TxnResponse r = await(client.getKVClient().txn()
                .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision)))
                .Then(ops.toArray(Op[]::new)).commit());
        return r.isSucceeded();
    }

    /** A new lease of {@code ttlSeconds}. */
    public long grantLease(long ttlSeconds) throws IOException {
        return await(client.getLeaseClient().grant(ttlSeconds)).getID();
    }

    /** Renews a lease once; false if it has expired (or etcd does not know it). */
    public boolean keepAlive(long lease) throws IOException {
        try {
            return await(client.getLeaseClient().keepAliveOnce(lease)).getTTL() > 0;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("requested lease not found")) {
                return false;
            }
            throw e;
        }
    }

    public void revokeLease(long lease) throws IOException {
        await(client.getLeaseClient().revoke(lease));
    }

    /** A change of one key seen by a watch: its new value, or null when it was deleted. */
    public record Change(String key, String value, long modRevision) {
    }

    /**
     * Watches the keys under {@code prefix} from {@code fromRevision} on: {@code changes} gets each
     * revision's changes in order, {@code failed} the error that ended the watch (then start anew
     * from a fresh {@link #range}).
     */
    public Watch.Watcher watch(String prefix, long fromRevision, Consumer<List<Change>> changes,
                               Consumer<Throwable> failed) {
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(fromRevision).build();
        return client.getWatchClient().watch(bytes(prefix), option, Watch.listener(response -> {
            List<Change> out = new ArrayList<>();
            for (WatchEvent e : response.getEvents()) {
                KeyValue kv = e.getKeyValue();
                String key = kv.getKey().toString(StandardCharsets.UTF_8);
                out.add(e.getEventType() == WatchEvent.EventType.DELETE
                        ? new Change(key, null, kv.getModRevision())
                        : new Change(key, kv.getValue().toString(StandardCharsets.UTF_8), kv.getModRevision()));
            }
            if (!out.isEmpty()) {
                changes.accept(out);
            }
        }, failed));
    }

    private static Entry entry(KeyValue kv) {
        return new Entry(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8),
                kv.getModRevision());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling etcd at " + endpoints, e);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("etcd at " + endpoints + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("etcd at " + endpoints + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
