package io.drift.cluster.meta;

import java.util.Objects;

/**
 * A node of the cluster: its id, the {@code host:port} its peers and clients reach it at, and
 * whether it takes shards ({@link #ACTIVE}) or is handing them off before it leaves
 * ({@link #LEAVING}).
 */
public record Member(String id, String address, String state) {

    public static final String ACTIVE = "active";
    public static final String LEAVING = "leaving";

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        state = state == null ? ACTIVE : state;
    }

    public boolean active() {
        return ACTIVE.equals(state);
    }
}
