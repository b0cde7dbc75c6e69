package io.drift.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.CreateCollectionRequest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

    private static final CollectionRecord DOCS = CollectionRecord.creating(
            CreateCollectionRequest.newBuilder().setName("docs").setDim(4).build(), 3);
    private static final ShardMap DOCS_MAP = ShardMap.initial(List.of("n1", "n3", "n1"));

    private static EtcdStore.Entry entry(String key, Object record, long modRevision) {
        return new EtcdStore.Entry(key, Json.write(record), modRevision);
    }

    /** n3 and n1 active, n2 leaving; n1 up at another address than its member record's. */
    private static ClusterView view() {
        return ClusterView.of(new EtcdStore.Range(10, List.of(
                entry(Keys.member("n3"), new Member("n3", "h3:7000", Member.ACTIVE), 5),
                entry(Keys.member("n2"), new Member("n2", "h2:7000", Member.LEAVING), 4),
                entry(Keys.member("n1"), new Member("n1", "h1:7000", Member.ACTIVE), 3),
                entry(Keys.live("n1"), new Member("n1", "h1-live:7000", Member.ACTIVE), 9),
                entry(Keys.collection("docs"), DOCS, 6),
                entry(Keys.shards("docs"), DOCS_MAP, 7))));
    }

    @Test
    void readsARange() {
        ClusterView v = view();
        assertEquals(10, v.revision());
        assertEquals(List.of("n1", "n3"), v.activeMembers());
        assertEquals(3, v.members().size());
        assertEquals(List.of("n1"), List.copyOf(v.live().keySet()));
        assertEquals(DOCS, v.collections().get("docs"));
        assertEquals(DOCS_MAP, v.shardMaps().get("docs"));
        assertEquals(Arrays.asList(null, null, null), v.shardMaps().get("docs").targets());
        assertEquals(4, v.collections().get("docs").createRequest().getDim());
    }

    @Test
    void anAddressIsTheLiveRecordsFirst() {
        ClusterView v = view();
        assertEquals("h1-live:7000", v.address("n1"));
        assertEquals("h2:7000", v.address("n2"));
        assertNull(v.address("n9"));
    }

    @Test
    void tracksModRevisions() {
        ClusterView v = view();
        assertEquals(3, v.modRevision(Keys.member("n1")));
        assertEquals(9, v.modRevision(Keys.live("n1")));
        assertEquals(7, v.modRevision(Keys.shards("docs")));
        assertEquals(0, v.modRevision(Keys.shards("other")));
    }

    @Test
    void appliesWatchedChanges() {
        ClusterView before = view();
        ShardMap moving = DOCS_MAP.withTarget(1, "n4");
        ClusterView v = before.with(List.of(
                new EtcdStore.Change(Keys.member("n4"), Json.write(new Member("n4", "h4:7000", null)), 11),
                new EtcdStore.Change(Keys.member("n2"), null, 12),
                new EtcdStore.Change(Keys.shards("docs"), Json.write(moving), 12),
                new EtcdStore.Change(Keys.live("n1"), null, 13)));

        assertEquals(13, v.revision());
        assertEquals(List.of("n1", "n3", "n4"), v.activeMembers()); // a member without a state is active
        assertFalse(v.members().containsKey("n2"));
        assertEquals("h1:7000", v.address("n1")); // no live record left: the member record's
        assertEquals(moving, v.shardMaps().get("docs"));
        assertEquals("n4", v.shardMaps().get("docs").target(1));
        assertEquals(2, v.shardMaps().get("docs").epoch());
        assertEquals(11, v.modRevision(Keys.member("n4")));
        assertEquals(12, v.modRevision(Keys.shards("docs")));
        assertEquals(0, v.modRevision(Keys.member("n2")));
        assertEquals(0, v.modRevision(Keys.live("n1")));

        // the view changed from is untouched
        assertEquals(10, before.revision());
        assertTrue(before.members().containsKey("n2"));
        assertEquals("h1-live:7000", before.address("n1"));
        assertEquals(10, before.with(List.of()).revision());
    }

    @Test
    void aWatchEventTheViewWasReadAfterIsSkipped() {
        // the view was read at revision 10: an event of revision 8 arriving late must not undo what it read
        ClusterView v = view().with(List.of(
                new EtcdStore.Change(Keys.member("n3"), Json.write(new Member("n3", "old:7000", Member.LEAVING)), 8),
                new EtcdStore.Change(Keys.member("n1"), null, 10)));
        assertEquals("h3:7000", v.members().get("n3").address());
        assertEquals(List.of("n1", "n3"), v.activeMembers());
        assertEquals(10, v.revision());
    }

    @Test
    void aLeavingMemberTakesNoShards() {
        ClusterView v = view().with(List.of(new EtcdStore.Change(Keys.member("n3"),
                Json.write(new Member("n3", "h3:7000", Member.LEAVING)), 11)));
        assertEquals(List.of("n1"), v.activeMembers());
        assertEquals("h3:7000", v.address("n3"));
    }

    @Test
    void unknownFieldsAreIgnoredAndBadRecordsNamed() {
        ClusterView v = ClusterView.of(new EtcdStore.Range(2, List.of(new EtcdStore.Entry(Keys.member("n1"),
                "{\"id\":\"n1\",\"address\":\"h1:1\",\"zone\":\"eu\"}", 2))));
        assertEquals(List.of("n1"), v.activeMembers());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClusterView.of(
                new EtcdStore.Range(2, List.of(new EtcdStore.Entry(Keys.member("n1"), "not json", 2)))));
        assertTrue(e.getMessage().contains(Keys.member("n1")), e.getMessage());
    }
}
