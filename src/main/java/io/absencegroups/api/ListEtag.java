package io.absencegroups.api;

import io.absencegroups.cache.ChangeVersion;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;

/**
 * The strong ETag of the group list: the high-water mark, plus the store's modification count,
 * plus a per-process epoch.
 * <p>
 * The high-water mark alone is not enough: an out-of-order delivery for another id, or a group
 * removed by reconciliation, changes the list without raising it. The count catches those; the
 * epoch keeps a restarted process (whose count starts again) from reusing an old tag.
 */
@ApplicationScoped
public class ListEtag {

    /** Drawn at run time (this bean is created at startup), never baked into a native image. */
    private final String epoch = Integer.toHexString(new SecureRandom().nextInt());

    String of(ChangeVersion highWaterMark, long modifications) {
        String hwm = highWaterMark == null ? "0" : highWaterMark.text();
        return EntityTags.quote(hwm + "-" + epoch + "-" + modifications);
    }
}
