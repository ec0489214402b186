package io.absencegroups.upstream;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one loop through a paged listing. */
class NextLinksTest {

    private record Page(String name, String nextLink) implements NextLinks.Page {
    }

    private final List<String> asked = new ArrayList<>();
    private final List<String> read = new ArrayList<>();

    private Uni<Page> pageAt(Map<String, Page> pages, String link) {
        asked.add(String.valueOf(link));
        return Uni.createFrom().item(pages.get(String.valueOf(link)));
    }

    @Test
    void followsEveryNextLinkPastAnEmptyPageToTheLastPage() {
        Map<String, Page> pages = Map.of("null", new Page("first", "/2"), "/2", new Page("empty", "/3"),
                "/3", new Page("last", null));

        NextLinks.follow(link -> pageAt(pages, link), page -> read.add(page.name()), 10, "the limit").await().indefinitely();

        assertEquals(List.of("null", "/2", "/3"), asked);
        assertEquals(List.of("first", "empty", "last"), read);
    }

    @Test
    void aListingThatDoesNotEndWithinTheLimitFailsNamingTheLimit() {
        Map<String, Page> loop = Map.of("null", new Page("first", "/again"), "/again", new Page("again", "/again"));

        NextLinks.TooManyPages e = assertThrows(NextLinks.TooManyPages.class, () -> NextLinks.follow(
                link -> pageAt(loop, link), page -> read.add(page.name()), 3, "protime.sync.max-pages").await().indefinitely());

        assertEquals(3, read.size(), "exactly the limit was read");
        assertTrue(e.getMessage().contains("3 pages (protime.sync.max-pages)"), e.getMessage());
    }
}
