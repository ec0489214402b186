package io.absencegroups.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.cache.AbsenceGroupStore;
import io.absencegroups.cache.Change;
import io.absencegroups.cache.ChangeVersion;
import io.absencegroups.cache.Snapshot;
import io.absencegroups.cache.StoreLimits;
import io.absencegroups.cache.Stored;
import io.absencegroups.json.GroupJsonModule;
import io.absencegroups.json.LocalizedGroup;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.sameInstance;

/**
 * The ready-made bytes are, byte for byte, what the object mapper wrote for the same answer before,
 * for groups with unknown fields, no name, and names that need escaping.
 */
class ReadBodiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new GroupJsonModule());

    private final AbsenceGroupStore store = new AbsenceGroupStore(Clock.systemUTC(), new StoreLimits(100, Duration.ofHours(1)));

    private static AbsenceGroup read(String json) throws Exception {
        return MAPPER.readValue(json, AbsenceGroup.class);
    }

    private List<AbsenceGroup> groups() throws Exception {
        return List.of(
                read("""
                        {"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek","fr":"Malade"},"short":"S"},"type":"Absence","colour":"#ff0000","limits":{"days":[1,2.50,null]}}"""),
                read("""
                        {"id":3,"changeVersion":"0B","type":"Unknown"}"""),
                read("""
                        {"id":5,"changeVersion":"0C","name":{"default":"Ziek \\"thuis\\" \\u2713 <b>","translations":{"nl":"Ziek\\nthuis \\u00e9"}},"type":"WorkingElsewhere"}"""),
                read("""
                        {"id":7,"changeVersion":"0D","name":{"default":null},"type":null}"""));
    }

    private void fill() throws Exception {
        for (AbsenceGroup group : groups()) {
            store.apply(new Change.InsertOrUpdate(group));
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aGroupIsWhatTheMapperWrites() throws Exception {
        fill();
        for (AbsenceGroup group : groups()) {
            Stored.Live live = (Stored.Live) store.stored(group.id()).orElseThrow();
            assertThat(text(ReadBodies.group(live, null)), equalTo(MAPPER.writeValueAsString(group)));
            for (String language : new String[] {"nl", "nl-BE", "fr", "de"}) {
                assertThat(text(ReadBodies.group(live, language)),
                        equalTo(MAPPER.writeValueAsString(new LocalizedGroup(group, language))));
            }
        }
    }

    @Test
    void aStateIsRenderedOnceAndItsBytesAreKept() throws Exception {
        fill();
        Stored.Live live = (Stored.Live) store.stored(2).orElseThrow();
        assertThat(ReadBodies.group(live), sameInstance(ReadBodies.group(live)));
    }

    @Test
    void theListIsWhatTheMapperWrote() throws Exception {
        fill();
        Snapshot snapshot = store.snapshot();
        for (String language : new String[] {null, "nl"}) {
            for (Set<String> types : java.util.Arrays.asList(null, Set.of("Absence"), Set.of("Nothing"))) {
                List<Object> value = new ArrayList<>();
                for (AbsenceGroup group : snapshot.groups()) {
                    if (types == null || (group.type() != null && types.contains(group.type()))) {
                        value.add(language == null ? group : new LocalizedGroup(group, language));
                    }
                }
                Map<String, Object> expected = new java.util.LinkedHashMap<>();
                expected.put("value", value);
                expected.put("changeVersion", snapshot.highWaterMark().text());
                expected.put("cursor", snapshot.cursor().text());
                assertThat(language + " " + types, text(ReadBodies.list(snapshot, types, language)),
                        equalTo(MAPPER.writeValueAsString(expected)));
            }
        }
    }

    @Test
    void anEmptyStoreListsNothingWithANullVersion() throws Exception {
        JsonNode list = MAPPER.readTree(ReadBodies.list(store.snapshot(), null, null));
        assertThat(list.get("value").size(), equalTo(0));
        assertThat(list.get("changeVersion").isNull(), equalTo(true));
        assertThat(list.get("cursor").asText(), equalTo(store.cursor().text()));
    }

    @Test
    void theFeedIsWhatTheMapperWrote() throws Exception {
        fill();
        store.apply(new Change.Delete(3, ChangeVersion.parse("0E")));
        var page = store.changesAfter(null, 10);
        List<ChangeFeed.Item> items = page.changes().stream().map(ChangeFeed.Item::of).toList();
        assertThat(text(ReadBodies.feed(page)),
                equalTo(MAPPER.writeValueAsString(new ChangeFeed(items, page.next().text(), !page.complete()))));
        var cut = store.changesAfter(null, 2);
        assertThat(MAPPER.readTree(ReadBodies.feed(cut)).get("hasMore").asBoolean(), equalTo(true));
    }
}
