package io.absencegroups.cache;

import java.util.List;

/**
 * A slice of the change log in arrival order.
 *
 * @param changes  the latest state of each id that changed, live or tombstone, oldest first
 * @param next     the cursor to ask after next time; never behind the consumer's own
 * @param complete false when {@code limit} cut the page; ask again after {@code next} at once
 */
public record ChangesPage(List<Stored> changes, Cursor next, boolean complete) {
}
