package io.absencegroups.upstream;

import io.smallrye.mutiny.Uni;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way through a paged myProtime listing: from the first page, follow each page's {@code nextLink}
 * until a page has none. An empty page is not the end.
 */
public final class NextLinks {

    /** A page of a listing. */
    public interface Page {
        /** The next page's link, relative to the tenant host; null on the last page. */
        String nextLink();
    }

    private NextLinks() {
    }

    /**
     * Reads the pages one after the other and hands each to {@code onPage}.
     *
     * @param pageAt   the first page for a null link, else the page the link names
     * @param maxPages the most pages read; a listing still going on after that fails with
     *                 {@link TooManyPages}, naming {@code limitName} (a loop of nextLinks would never end)
     */
    public static <P extends Page> Uni<Void> follow(Function<String, Uni<P>> pageAt, Consumer<P> onPage,
                                                    int maxPages, String limitName) {
        return followEach(pageAt, page -> {
            onPage.accept(page);
            return Uni.createFrom().voidItem();
        }, maxPages, limitName);
    }

    /** As {@link #follow}, for a page handler that finishes later: the next page is read once it has. */
    public static <P extends Page> Uni<Void> followEach(Function<String, Uni<P>> pageAt, Function<P, Uni<Void>> onPage,
                                                        int maxPages, String limitName) {
        return follow(pageAt, onPage, maxPages, limitName, null, 0);
    }

    private static <P extends Page> Uni<Void> follow(Function<String, Uni<P>> pageAt, Function<P, Uni<Void>> onPage,
                                                     int maxPages, String limitName, String nextLink, int pages) {
        if (pages >= maxPages) {
            return Uni.createFrom().failure(new TooManyPages("the listing did not end after " + maxPages + " pages ("
                    + limitName + "); a nextLink loop?"));
        }
        return pageAt.apply(nextLink).chain(page -> onPage.apply(page).chain(() -> page.nextLink() == null
                ? Uni.createFrom().voidItem()
                : follow(pageAt, onPage, maxPages, limitName, page.nextLink(), pages + 1)));
    }

    /** A listing that did not end within its page limit. */
    public static final class TooManyPages extends IllegalStateException {
        TooManyPages(String message) {
            super(message);
        }
    }
}
