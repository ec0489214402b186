package io.absencegroups.api;

import io.absencegroups.cache.Cursor;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;

class ReadyListsTest {

    private static final String EPOCH = "5f0c2a9e41d7b3c8";
    private final ReadyLists lists = new ReadyLists();

    private static ReadyLists.Variant variant(String language) {
        return new ReadyLists.Variant(null, language);
    }

    @Test
    void aListIsServedAtItsPositionOnly() {
        Cursor at = new Cursor(EPOCH, 10);
        byte[] bytes = {1, 2, 3};
        ReadyLists.Body body = lists.put(at, variant(null), bytes);
        assertThat(body.etag(), equalTo("\"" + EPOCH + "-10\""));
        assertThat(lists.get(new Cursor(EPOCH, 10), variant(null)).bytes(), sameInstance(bytes));
        assertThat(lists.get(new Cursor(EPOCH, 10), variant("nl")), nullValue());
        assertThat(lists.get(new Cursor(EPOCH, 10), new ReadyLists.Variant(Set.of("Absence"), null)), nullValue());
        assertThat(lists.get(new Cursor(EPOCH, 11), variant(null)), nullValue());
    }

    @Test
    void aNewPositionDropsTheOldOnesAndAnOlderOneIsNotKept() {
        lists.put(new Cursor(EPOCH, 10), variant(null), new byte[1]);
        lists.put(new Cursor(EPOCH, 12), variant(null), new byte[2]);
        assertThat(lists.get(new Cursor(EPOCH, 10), variant(null)), nullValue());
        // a request that read its snapshot before the position moved: answered, not kept
        ReadyLists.Body late = lists.put(new Cursor(EPOCH, 11), variant("nl"), new byte[3]);
        assertThat(late.etag(), equalTo("\"" + EPOCH + "-11\""));
        assertThat(lists.get(new Cursor(EPOCH, 11), variant("nl")), nullValue());
        assertThat(lists.get(new Cursor(EPOCH, 12), variant(null)).bytes().length, equalTo(2));
    }

    @Test
    void anotherEpochReplacesThePosition() {
        lists.put(new Cursor(EPOCH, 100), variant(null), new byte[1]);
        Cursor restarted = new Cursor("0000000000000001", 3);
        lists.put(restarted, variant(null), new byte[2]);
        assertThat(lists.get(restarted, variant(null)).bytes().length, equalTo(2));
        assertThat(lists.get(new Cursor(EPOCH, 100), variant(null)), nullValue());
    }

    @Test
    void atMostSixteenVariantsAreKeptTheLeastRecentlyUsedGoingFirst() {
        Cursor at = new Cursor(EPOCH, 1);
        for (int i = 0; i < ReadyLists.MAX_VARIANTS; i++) {
            lists.put(at, variant("l" + i), new byte[1]);
        }
        lists.get(at, variant("l0")); // used: l1 is now the least recently used
        lists.put(at, variant("extra"), new byte[1]);
        assertThat(lists.get(at, variant("l0")), notNullValue());
        assertThat(lists.get(at, variant("l1")), nullValue());
        assertThat(lists.get(at, variant("extra")), notNullValue());
        int kept = 0;
        for (int i = 0; i < ReadyLists.MAX_VARIANTS; i++) {
            kept += lists.get(at, variant("l" + i)) != null ? 1 : 0;
        }
        assertThat(kept, equalTo(ReadyLists.MAX_VARIANTS - 1));
    }

    @Test
    void theBytesKeptAreBounded() {
        Cursor at = new Cursor(EPOCH, 1);
        int third = ReadyLists.MAX_BYTES / 3 + 1;
        lists.put(at, variant("a"), new byte[third]);
        lists.put(at, variant("b"), new byte[third]);
        lists.put(at, variant("c"), new byte[third]);
        assertThat(lists.get(at, variant("a")), nullValue());
        assertThat(lists.get(at, variant("b")), notNullValue());
        assertThat(lists.get(at, variant("c")), notNullValue());
        ReadyLists.Body huge = lists.put(at, variant("huge"), new byte[ReadyLists.MAX_BYTES + 1]);
        assertThat(huge.bytes().length, equalTo(ReadyLists.MAX_BYTES + 1));
        assertThat(lists.get(at, variant("huge")), nullValue());
        assertThat(lists.get(at, variant("c")), notNullValue());
    }
}
