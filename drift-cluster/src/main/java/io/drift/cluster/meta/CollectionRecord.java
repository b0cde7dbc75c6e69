package io.drift.cluster.meta;

import com.google.protobuf.InvalidProtocolBufferException;
import io.drift.proto.v1.CollectionConfig;
import io.drift.proto.v1.CreateCollectionRequest;
import java.util.Base64;
import java.util.Objects;

/**
 * A collection of the cluster: its name, its shard count, the request that created it (kept as
 * protobuf bytes, base64) and the settings its shards took (idem), and its state: {@link #CREATING}
 * until every shard exists, then {@link #READY}; {@link #DROPPING} while its shards are dropped.
 */
public record CollectionRecord(String name, int shards, String state, String create, String config) {

    public static final String CREATING = "creating";
    public static final String READY = "ready";
    public static final String DROPPING = "dropping";

    public CollectionRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(create, "create");
        config = config == null ? "" : config;
    }

    public static CollectionRecord creating(CreateCollectionRequest request, int shards) {
        return new CollectionRecord(request.getName(), shards, CREATING,
                Base64.getEncoder().encodeToString(request.toByteArray()), "");
    }

    public CollectionRecord withState(String next) {
        return new CollectionRecord(name, shards, next, create, config);
    }

    public CollectionRecord withConfig(CollectionConfig c) {
        return new CollectionRecord(name, shards, state, create, Base64.getEncoder().encodeToString(c.toByteArray()));
    }

    public boolean ready() {
        return READY.equals(state);
    }

    /** The request that created the collection (its dimension, metric, key type, settings asked for). */
    public CreateCollectionRequest createRequest() {
        try {
            return CreateCollectionRequest.parseFrom(Base64.getDecoder().decode(create));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("collection " + name + ": unreadable create request in etcd", e);
        }
    }

    /** The settings in force (every field set), or the default instance before the first shard answered. */
    public CollectionConfig effectiveConfig() {
        try {
            return CollectionConfig.parseFrom(Base64.getDecoder().decode(config));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("collection " + name + ": unreadable settings in etcd", e);
        }
    }
}
