package io.absencegroups.cache;

import java.util.function.Function;

/**
 * The read API's JSON of one stored group state, made on the first read that needs it and kept with
 * the entry until a newer state replaces it. Not made inside {@link AbsenceGroupStore#apply}: that
 * would put a JSON rendering under the id's lock and into every delivery, also for states nobody
 * reads before they change again.
 * <p>
 * Two readers that race on an empty slot both render; the bytes are equal and either is kept, so no
 * lock is needed. The array is never written after it is published.
 */
public final class RenderedJson {

    private volatile byte[] bytes;

    /** The bytes of {@code group}, rendered with {@code render} the first time. */
    public byte[] of(AbsenceGroup group, Function<AbsenceGroup, byte[]> render) {
        byte[] ready = bytes;
        if (ready == null) {
            ready = render.apply(group);
            bytes = ready;
        }
        return ready;
    }
}
