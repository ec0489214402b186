package io.absencegroups.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.AbsenceGroup;
import io.absencegroups.json.GroupJsonModule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading one page of myProtime's absence-group listing. */
class GroupPageTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new GroupJsonModule());

    @Test
    void readsGroupsAndTheNextLink() {
        GroupPage page = GroupPage.read(mapper, """
                {"value":[{"id":2,"changeVersion":"0000090200004BD0000A","name":{"default":"Sick","translations":{"nl":"Ziek"}},"type":"Absence","future":{"x":1}}],
                 "nextLink":"/connector/protimeapi/api/v1/absence-groups?continuationToken=abc%3D%3D","@odata":"ignored"}""");

        assertEquals(1, page.groups().size());
        AbsenceGroup group = page.groups().get(0);
        assertEquals(2, group.id());
        assertEquals("Ziek", group.displayName("nl"));
        assertEquals("{\"x\":1}", group.otherFields().get("future"), "unknown fields pass through");
        assertEquals("/connector/protimeapi/api/v1/absence-groups?continuationToken=abc%3D%3D", page.nextLink());
        assertEquals(0, page.skipped());
    }

    @Test
    void anEmptyPageWithANextLinkIsNotTheEnd() {
        GroupPage page = GroupPage.read(mapper, "{\"value\":[],\"nextLink\":\"/next\"}");
        assertEquals(List.of(), page.groups());
        assertEquals("/next", page.nextLink());
    }

    @Test
    void theLastPageHasNoNextLink() {
        assertNull(GroupPage.read(mapper, "{\"value\":[],\"nextLink\":null}").nextLink());
        assertNull(GroupPage.read(mapper, "{\"value\":[]}").nextLink());
    }

    @Test
    void aMalformedGroupIsSkippedAndCountedAndTheRestIsRead() {
        GroupPage page = GroupPage.read(mapper, """
                {"value":[{"id":1,"changeVersion":"01"},{"id":"x","changeVersion":"02"},{"id":3},"text",{"id":4,"changeVersion":"04"}]}""");

        assertEquals(List.of(1L, 4L), page.groups().stream().map(AbsenceGroup::id).toList());
        assertEquals(3, page.skipped());
    }

    @Test
    void aBodyThatIsNotAPageIsMalformed() {
        assertThrows(MalformedUpstreamResponse.class, () -> GroupPage.read(mapper, "[]"));
        assertThrows(MalformedUpstreamResponse.class, () -> GroupPage.read(mapper, "{\"items\":[]}"));
        MalformedUpstreamResponse e = assertThrows(MalformedUpstreamResponse.class, () -> GroupPage.read(mapper, "{\"value\":[1,"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
