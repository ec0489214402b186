package io.absencegroups.cache;

import java.util.List;

/**
 * A slice of the change history in changeVersion order.
 *
 * @param changes  the latest state of each id that changed, live or tombstone, oldest first
 * @param last     the version to ask "after" next time; never behind the consumer's own cursor
 * @param complete false when {@code limit} cut the page; ask again after {@code last}
 */
public record ChangesPage(List<Stored> changes, ChangeVersion last, boolean complete) {
}
